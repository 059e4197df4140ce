/** Small HTTP helpers shared by the local API's routes. */
import { randomUUID, timingSafeEqual, createHash } from "node:crypto";
import type { ErrorDetail } from "./schema";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
}

/** An error in PingOne's shape: `{id, code, message, details?:[{code, target, message}]}`. */
export function pingError(status: number, code: string, message: string, details?: ErrorDetail[], headers?: Record<string, string>): Reply {
  const body: Record<string, unknown> = { id: randomUUID(), code, message };
  if (details && details.length > 0) body.details = details;
  return { status, body, headers };
}

export function invalidData(details: ErrorDetail[]): Reply {
  return pingError(400, "INVALID_DATA", "The request could not be completed. One or more validation errors were in the request.", details);
}

export function notFound(message = "The requested resource was not found."): Reply {
  return pingError(404, "NOT_FOUND", message);
}

export function unauthorized(message: string): Reply {
  return pingError(
    401,
    "ACCESS_FAILED",
    "The request could not be completed. You do not have access to this resource.",
    [{ code: "INVALID_TOKEN", message }],
    { "WWW-Authenticate": 'Bearer error="invalid_token"' },
  );
}

/**
 * PingOne's 403 for a valid token whose holder lacks the role an operation needs (the documented 403 of the
 * propagation APIs: code ACCESS_FAILED, detail INSUFFICIENT_PERMISSIONS).
 */
export function forbidden(message: string): Reply {
  return pingError(403, "ACCESS_FAILED", "The request could not be completed. You do not have access to this resource.", [
    { code: "INSUFFICIENT_PERMISSIONS", message },
  ]);
}

export function methodNotAllowed(method: string): Reply {
  return pingError(405, "METHOD_NOT_ALLOWED", `Method ${method} is not allowed on this resource.`);
}

export function unsupportedMediaType(expected: string, got: string | undefined): Reply {
  return pingError(
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    `Content-Type ${got ? JSON.stringify(got) : "(none)"} is not supported; use ${expected}.`,
  );
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return header.split(";")[0].trim().toLowerCase();
}

/** Constant-time string comparison (hashes first so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export interface BasicCredentials {
  user: string;
  password: string;
}

/**
 * The user and password of an `Authorization: Basic …` header, or undefined when there is none.
 * `formEncoded`: OAuth 2 (RFC 6749 §2.3.1) form-encodes both parts before base64, so the token endpoint
 * decodes them; a plain HTTP Basic server (the SCIM target) takes them as they are.
 */
export function parseBasicAuth(header: string | undefined, options: { formEncoded?: boolean } = {}): BasicCredentials | undefined {
  const match = header ? /^basic\s+(\S*)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (!options.formEncoded) return { user, password };
  const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
  try {
    return { user: formDecode(user), password: formDecode(password) };
  } catch {
    return { user, password };
  }
}
