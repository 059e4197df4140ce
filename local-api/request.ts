/**
 * One HTTP request as every route sees it: method, decoded path segments, query, headers and the raw body,
 * read once by the server. Routes take an {@link ApiRequest} and return a {@link Reply}; none of them
 * touches Node's request or response objects.
 */
import type * as http from "node:http";
import { mediaType, pingError, unsupportedMediaType, type Reply } from "./http";

export interface ApiRequest {
  method: string;
  /** Path segments, URI-decoded: `/v1/environments/x` is `["v1", "environments", "x"]`. */
  segments: string[];
  query: URLSearchParams;
  /** The raw query string with its `?`, for `_links.self`. */
  search: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; reply: Reply };

export const MAX_BODY_BYTES = 1024 * 1024;

export function toApiRequest(req: http.IncomingMessage, url: URL, body: Buffer): ApiRequest {
  const segments = url.pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { method: req.method ?? "GET", segments, query: url.searchParams, search: url.search, headers: req.headers, body };
}

/** Reads the whole body, or says it is larger than {@link MAX_BODY_BYTES} (the rest is drained, not kept). */
export function readBody(req: http.IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The body parsed as JSON, whatever its Content-Type (the SCIM target and the admin API are lenient). */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

/** The body as JSON, for endpoints that insist on a media type (PingOne answers 415 otherwise). */
export function requireJson(request: ApiRequest, expected = "application/json"): JsonResult {
  const sent = request.headers["content-type"];
  if (mediaType(sent) !== expected) return { ok: false, reply: unsupportedMediaType(expected, sent) };
  const parsed = parseJson(request.body);
  if (!parsed.ok) return { ok: false, reply: pingError(400, "INVALID_REQUEST", "The request body is not valid JSON.") };
  return parsed;
}
