/**
 * When a request to PingOne is repeated, and after how long. Pure: no I/O, no clock reads, no randomness of
 * its own (the caller passes `now` and `random`), so every rule is table-tested (test/reliability/retry-policy.test.ts).
 *
 * got runs the loop: its `retry.calculateDelay` asks {@link nextRetry} after every failed attempt, and waits
 * what it answers (0: no more attempts). The answer is ours rather than got's own gate, which is a product of
 * `methods` × `statusCodes` × `errorCodes`, for two reasons: a POST that writes is repeated after a 429 and
 * nothing else (the create seam settles a lost POST itself, see create-recovery.ts), and any lost answer counts
 * as one whatever its error code (got's `errorCodes` is a fixed list; a dropped connection has no code a list
 * could be sure to hold).
 */

/** How a request may be repeated. */
export type RequestKind =
  /** GET, PUT, DELETE, and a POST that writes nothing (the connection check): repeating them is harmless. */
  | "idempotent"
  /** A POST that writes: only a 429 (PingOne refused it unperformed) is repeated blindly. */
  | "write"
  /** The token request: it creates nothing, so any 5xx or lost answer is repeated too. */
  | "token";

/** What one attempt came to, as far as retrying goes: a status, or no answer at all. */
export interface AttemptOutcome {
  status?: number;
  /** Set when no response arrived: the connection dropped or timed out. */
  networkError?: string;
}

/** The longest exponential wait between attempts. A `Retry-After` the server sends is honoured whatever it says. */
export const MAX_BACKOFF_MS = 10_000;
/** The least wait between attempts, even when the server says `Retry-After: 0`: never a busy loop. */
export const MIN_BACKOFF_MS = 100;
/** The first exponential wait; each later one doubles, up to {@link MAX_BACKOFF_MS}. */
const FIRST_BACKOFF_MS = 200;

/** Statuses that mean "try again" per kind. 500/502/503/504: the request may or may not have been performed. */
const RETRIED_STATUSES: Record<RequestKind, (status: number) => boolean> = {
  idempotent: (status) => status === 429 || isAmbiguousStatus(status),
  write: (status) => status === 429,
  token: (status) => status === 429 || status >= 500,
};

function isAmbiguousStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/** A 5xx a gateway or the server gives when the request may or may not have been performed, or no answer at all. */
export function isAmbiguous(outcome: AttemptOutcome): boolean {
  return outcome.networkError !== undefined || (outcome.status !== undefined && isAmbiguousStatus(outcome.status));
}

/** True when a request of this kind is repeated after this outcome (the budget aside). Never a success or a 4xx other than 429. */
export function isRetryable(kind: RequestKind, outcome: AttemptOutcome): boolean {
  if (outcome.status !== undefined) return RETRIED_STATUSES[kind](outcome.status);
  return outcome.networkError !== undefined && kind !== "write";
}

/**
 * The wait after failed attempt number `attempt` (1 for the first). A `Retry-After` in delta-seconds is honoured,
 * floored at {@link MIN_BACKOFF_MS}. Otherwise (none, or the HTTP-date form, which would be read against this
 * machine's clock, one the provider never compares with the server's: see create-recovery.ts) an exponential
 * wait capped at {@link MAX_BACKOFF_MS}, half of it jitter so parallel operations do not retry in step.
 * `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, random: number): number {
  const seconds = retryAfter === undefined || retryAfter.trim() === "" ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(MIN_BACKOFF_MS, seconds * 1000);
  const exponential = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  return exponential / 2 + random * (exponential / 2);
}

/** True when waiting `delayMs` from `now` still leaves the next attempt inside the operation's `deadline` (epoch ms). */
export function fitsDeadline(now: number, delayMs: number, deadline: number): boolean {
  return now + delayMs <= deadline;
}

/** After a failed attempt: wait `delayMs` and try again, or stop (and whether it was the budget that stopped it). */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; budgetRanOut: boolean };

export function nextRetry(input: {
  kind: RequestKind;
  outcome: AttemptOutcome;
  /** How many attempts the operation has made so far, this one included. */
  attempt: number;
  retryAfter: string | undefined;
  now: number;
  deadline: number;
  random: number;
}): RetryDecision {
  if (!isRetryable(input.kind, input.outcome)) return { retry: false, budgetRanOut: false };
  const delayMs = retryDelayMs(input.attempt, input.retryAfter, input.random);
  return fitsDeadline(input.now, delayMs, input.deadline) ? { retry: true, delayMs } : { retry: false, budgetRanOut: true };
}
