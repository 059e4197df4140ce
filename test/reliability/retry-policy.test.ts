/**
 * The retry policy, table by table: which outcomes are repeated for which kind of request, how long the wait
 * is (Retry-After, its floor, the exponential backoff and its cap), and when the operation's budget stops it.
 * The client's use of it over real HTTP is proven in client.test.ts (budget errors, 429s, lost answers).
 */
import {
  fitsDeadline,
  isAmbiguous,
  isRetryable,
  MAX_BACKOFF_MS,
  MIN_BACKOFF_MS,
  nextRetry,
  retryDelayMs,
  type AttemptOutcome,
  type RequestKind,
} from "../../provider/lifecycle/retry-policy";

const lost: AttemptOutcome = { networkError: "ECONNRESET" };
const timedOut: AttemptOutcome = { networkError: "ETIMEDOUT" };
const status = (code: number): AttemptOutcome => ({ status: code });

describe("isRetryable: which outcome is repeated, per kind of request", () => {
  // [outcome, idempotent (GET, PUT, DELETE, the connection check), write (a POST that creates), token]
  test.each<[string, AttemptOutcome, boolean, boolean, boolean]>([
    ["200", status(200), false, false, false],
    ["201", status(201), false, false, false],
    ["204", status(204), false, false, false],
    ["400", status(400), false, false, false],
    ["401", status(401), false, false, false],
    ["403", status(403), false, false, false],
    ["404", status(404), false, false, false],
    ["409", status(409), false, false, false],
    ["413", status(413), false, false, false],
    ["429: refused unperformed, always repeated", status(429), true, true, true],
    ["500", status(500), true, false, true],
    ["501: not an ambiguous answer, but the token request creates nothing", status(501), false, false, true],
    ["502", status(502), true, false, true],
    ["503", status(503), true, false, true],
    ["504", status(504), true, false, true],
    ["505", status(505), false, false, true],
    ["a dropped connection", lost, true, false, true],
    ["a timeout", timedOut, true, false, true],
    ["a network error with a code no list holds", { networkError: "socket hang up" }, true, false, true],
  ])("%s", (_label, outcome, idempotent, write, token) => {
    expect(isRetryable("idempotent", outcome)).toBe(idempotent);
    expect(isRetryable("write", outcome)).toBe(write);
    expect(isRetryable("token", outcome)).toBe(token);
  });
});

describe("isAmbiguous: an answer that does not say whether a write happened", () => {
  test.each<[AttemptOutcome, boolean]>([
    [lost, true],
    [timedOut, true],
    [status(500), true],
    [status(502), true],
    [status(503), true],
    [status(504), true],
    [status(501), false],
    [status(429), false],
    [status(400), false],
    [status(201), false],
  ])("%j is %s", (outcome, ambiguous) => {
    expect(isAmbiguous(outcome)).toBe(ambiguous);
  });
});

describe("retryDelayMs: the wait after attempt n", () => {
  test.each<[string, number, string | undefined, number, number]>([
    // [case, attempt, Retry-After, random, expected ms]
    ["Retry-After: 0 is floored: never a busy loop", 1, "0", 0.5, MIN_BACKOFF_MS],
    ["Retry-After: 0.05 is floored too", 3, "0.05", 0.5, MIN_BACKOFF_MS],
    ["Retry-After: 1 is one second, whatever the attempt", 7, "1", 0.9, 1000],
    ["Retry-After: 2.5 (fractional seconds)", 1, "2.5", 0, 2500],
    ["a long Retry-After is honoured as sent, not capped: the server knows when it will answer", 1, "60", 0, 60_000],
    ["Retry-After with blanks around it", 1, " 3 ", 0, 3000],
    ["no Retry-After, attempt 1, least jitter: half of 200 ms", 1, undefined, 0, 100],
    ["no Retry-After, attempt 1, most jitter: just under 200 ms", 1, undefined, 0.999, 199.9],
    ["no Retry-After, attempt 2: half of 400 ms at least", 2, undefined, 0, 200],
    ["no Retry-After, attempt 4, half jitter: 1600 * 0.75", 4, undefined, 0.5, 1200],
    ["no Retry-After, attempt 7: the 10 s cap, least jitter", 7, undefined, 0, MAX_BACKOFF_MS / 2],
    ["no Retry-After, attempt 30: still the cap", 30, undefined, 0.999, MAX_BACKOFF_MS * 0.9995],
    ["a negative Retry-After is ignored: the exponential wait", 1, "-5", 0, 100],
    ["an empty Retry-After is ignored", 2, "", 0, 200],
    ["an HTTP-date Retry-After (read against this machine's clock) is not used", 1, "Wed, 21 Oct 2015 07:28:00 GMT", 0, 100],
    ["a Retry-After that is not a number is ignored", 1, "soon", 0, 100],
  ])("%s", (_label, attempt, retryAfter, random, expected) => {
    expect(retryDelayMs(attempt, retryAfter, random)).toBeCloseTo(expected, 6);
  });

  test("without Retry-After the wait never exceeds the cap and never falls under half of it once capped", () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const wait = retryDelayMs(attempt, undefined, random);
        expect(wait).toBeLessThanOrEqual(MAX_BACKOFF_MS);
        expect(wait).toBeGreaterThanOrEqual(MIN_BACKOFF_MS);
        if (attempt >= 7) expect(wait).toBeGreaterThanOrEqual(MAX_BACKOFF_MS / 2);
      }
    }
  });
});

describe("fitsDeadline", () => {
  test.each<[number, number, number, boolean]>([
    [1000, 100, 2000, true],
    [1000, 1000, 2000, true], // exactly at the deadline still fits
    [1000, 1001, 2000, false],
    [2000, 100, 2000, false], // a budget already spent
    [1000, 100, 1000, false], // a budget of 0: the first attempt is the only one
  ])("now %i + wait %i against deadline %i: %s", (now, delayMs, deadline, fits) => {
    expect(fitsDeadline(now, delayMs, deadline)).toBe(fits);
  });
});

describe("nextRetry: the decision got's calculateDelay returns", () => {
  const base = { attempt: 1, retryAfter: undefined as string | undefined, now: 1_000_000, deadline: 1_000_000 + 30_000, random: 0 };
  test.each<[string, RequestKind, AttemptOutcome, Partial<typeof base>, ReturnType<typeof nextRetry>]>([
    ["a 503 GET: wait and repeat", "idempotent", status(503), {}, { retry: true, delayMs: 100 }],
    ["a 503 GET with Retry-After: 2", "idempotent", status(503), { retryAfter: "2" }, { retry: true, delayMs: 2000 }],
    [
      "a 503 create POST: not repeated blindly (the create seam settles it)",
      "write",
      status(503),
      {},
      { retry: false, budgetRanOut: false },
    ],
    ["a lost create POST: not repeated blindly", "write", lost, {}, { retry: false, budgetRanOut: false }],
    ["a 429 create POST: repeated", "write", status(429), { retryAfter: "0" }, { retry: true, delayMs: MIN_BACKOFF_MS }],
    ["a lost token request: repeated", "token", lost, { attempt: 3 }, { retry: true, delayMs: 400 }],
    ["a 400: final, not the budget", "idempotent", status(400), {}, { retry: false, budgetRanOut: false }],
    [
      "a 429 whose Retry-After overshoots the deadline: the budget ran out",
      "idempotent",
      status(429),
      { retryAfter: "31" },
      { retry: false, budgetRanOut: true },
    ],
    [
      "a 429 with a budget of 0: the budget ran out after one attempt",
      "write",
      status(429),
      { retryAfter: "0", deadline: base.now },
      { retry: false, budgetRanOut: true },
    ],
    [
      "a Retry-After that lands exactly on the deadline: one more attempt",
      "idempotent",
      status(429),
      { retryAfter: "30" },
      { retry: true, delayMs: 30_000 },
    ],
    [
      "a 400 past the deadline is still final, not the budget",
      "idempotent",
      status(400),
      { deadline: base.now - 1 },
      { retry: false, budgetRanOut: false },
    ],
  ])("%s", (_label, kind, outcome, overrides, expected) => {
    expect(nextRetry({ ...base, ...overrides, kind, outcome })).toEqual(expected);
  });
});
