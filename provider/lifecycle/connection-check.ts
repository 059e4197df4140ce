/**
 * Verify the connection before writing: `POST …/propagation/stores/connection/status` tests a prospective
 * store configuration without saving it (stores overview, "Test the identity store connection").
 *
 * The documents show the request, not the response: the overview's data model lists only "status: OK",
 * and the local API answers `{"status":"SUCCESS"}` or `{"status":"FAILURE","message":"…"}`. So a check
 * passes on `OK` or `SUCCESS`, fails on `FAILURE`, `FAILED` or `ERROR` (with whatever reason PingOne gives),
 * and any other answer passes with a warning that names it: a user who opted in is told, but an answer
 * this provider does not know yet never blocks a store PingOne would accept.
 */
import { redact } from "./api-error";

export const CONNECTION_CHECK_MEDIA_TYPE = "application/vnd.pingidentity.connection.check+json";

const PASSED = new Set(["OK", "SUCCESS"]);
const FAILED = new Set(["FAILURE", "FAILED", "ERROR"]);

export type ConnectionCheckOutcome =
  | { result: "passed" }
  | { result: "failed"; reason: string }
  | { result: "unrecognized"; answer: string };

/** The reason fields PingOne-style bodies use, in the order they are tried. */
function reasonOf(body: Record<string, unknown>): string | undefined {
  for (const field of ["message", "details", "error_description", "error"]) {
    const value = body[field];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (Array.isArray(value)) {
      const messages = value
        .map((detail) => (detail as { message?: unknown })?.message)
        .filter((message): message is string => typeof message === "string");
      if (messages.length > 0) return messages.join("; ");
    }
  }
  return undefined;
}

/** What a 2xx answer of the connection check says. `secrets` are redacted from any reason. */
export function interpretConnectionCheck(body: unknown, secrets: Iterable<string>): ConnectionCheckOutcome {
  const fields = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const status = typeof fields.status === "string" ? fields.status.trim().toUpperCase() : undefined;
  if (status !== undefined && PASSED.has(status)) return { result: "passed" };
  if (status !== undefined && FAILED.has(status)) {
    return {
      result: "failed",
      reason: redactUrlCredentials(redact(reasonOf(fields) ?? `PingOne answered status ${status} without a reason`, secrets)),
    };
  }
  return { result: "unrecognized", answer: redactUrlCredentials(redact(JSON.stringify(body ?? null).slice(0, 200), secrets)) };
}

/** A URL may carry credentials (`https://user:password@host`): never show them. */
function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, "$1[secret]@");
}

/** The error that stops a create or an update whose connection check failed; nothing was written. */
export function connectionCheckFailure(operation: "create" | "update", store: { type: string; name: string }, reason: string): Error {
  const written = operation === "create" ? "the store was not created" : "the store was not changed";
  return new Error(
    `Connection check failed for ${store.type} store "${store.name}": ${reason}\n` +
      `  Nothing was written: ${written}, and the stack's state is unchanged, so the next \`pulumi up\` checks again.\n` +
      `  Fix the configuration (the URL, the credentials), or set verifyConnection: false on this store to write it without the check.`,
  );
}
