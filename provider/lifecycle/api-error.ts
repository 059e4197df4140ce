/**
 * PingOne error bodies (`{id, code, message, details[{code, target, message}]}`) turned into messages a
 * person can act on, with every known secret and any Authorization value redacted.
 */

export interface PingOneErrorBody {
  id?: string;
  code?: string;
  message?: string;
  details?: Array<{ code?: string; target?: string; message?: string }>;
  error?: string;
  error_description?: string;
}

export const REDACTED = "[secret]";

/** Replaces every occurrence of any secret (and any bearer/basic credential) with [secret]. */
export function redact(text: string, secrets: Iterable<string>): string {
  let result = text.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`);
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

export type ErrorDetail = { code?: string; target?: string; message?: string };

/** What a {@link PingOneApiError} carries besides its message; `attempts` defaults to 1. */
export interface PingOneApiErrorOptions {
  status?: number;
  code?: string;
  details?: ErrorDetail[];
  requestId?: string;
  attempts?: number;
}

export class PingOneApiError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;
  readonly attempts: number;

  constructor(message: string, options: PingOneApiErrorOptions = {}) {
    super(message);
    this.name = "PingOneApiError";
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
    this.requestId = options.requestId;
    this.attempts = options.attempts ?? 1;
  }

  /** The same failure with another message (a hint added, say). */
  withMessage(message: string): PingOneApiError {
    return new PingOneApiError(message, this);
  }

  /**
   * True when a write may have taken effect although it failed: no response came (the connection dropped
   * or timed out) or a 5xx did. A 4xx is a definite refusal; a refusal before any request (recovery mode's
   * ambiguous adoption) wrote nothing.
   */
  get mayHaveWritten(): boolean {
    return (this.status === undefined || this.status >= 500) && this.code !== "AMBIGUOUS_ADOPTION";
  }

  /** True when PingOne refuses a delete because a propagation rule still uses the store. */
  get isReferencedByRule(): boolean {
    return this.status === 409 || (this.status === 400 && this.details.some((d) => d.code === "CONSTRAINT_VIOLATION"));
  }
}

export function describeApiFailure(input: {
  operation: string;
  status?: number;
  body?: unknown;
  requestId?: string;
  attempts: number;
  cause?: string;
  secrets: Iterable<string>;
}): PingOneApiError {
  const body = (typeof input.body === "object" && input.body !== null ? input.body : {}) as PingOneErrorBody;
  const code = body.code ?? body.error;
  const details = Array.isArray(body.details) ? body.details : [];
  const parts = [`PingOne ${input.operation} failed`];
  if (input.status !== undefined) parts.push(`: ${input.status}${code ? ` ${code}` : ""}`);
  else if (input.cause) parts.push(`: ${input.cause}`);
  const text = body.message ?? body.error_description;
  if (text) parts.push(`: ${text}`);
  for (const detail of details) {
    parts.push(
      `\n  - ${detail.target ? `${detail.target}: ` : ""}${detail.message ?? detail.code ?? "invalid"}${detail.code ? ` (${detail.code})` : ""}`,
    );
  }
  const requestId = input.requestId ?? body.id;
  if (input.attempts > 1) parts.push(`\n  (after ${input.attempts} attempts)`);
  if (requestId) parts.push(`\n  request id: ${requestId}`);
  return new PingOneApiError(redact(parts.join(""), input.secrets), {
    status: input.status,
    code,
    details,
    requestId,
    attempts: input.attempts,
  });
}
