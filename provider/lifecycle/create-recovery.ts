/**
 * What a create (a POST) does after an attempt whose outcome is unknown: the connection dropped, it timed out,
 * or a gateway error came back. The resource may or may not exist now, and PingOne offers no idempotency key.
 * Pure: no I/O and no clock reads. The client lists the resources, reads its clocks and acts on the decision.
 *
 * Why this mechanism (issue 16). The earlier recovery compared the server's `createdAt` with the provider's own
 * clock, so a server 30 s behind made every lost create look like someone else's and the create was posted
 * again and again: 9 stores for one declaration. Two facts replace that comparison:
 *
 * 1. **What existed before the attempt.** The ids in the scope (the environment's stores, say) as listed before
 *    the attempt. A namesake among them is never adopted. The listing is made once per scope per provider
 *    process, before the first create there, and again by every recovery (whose listing, made right before the
 *    retry it allows, is what existed before that retry). A create with no fault pays nothing more.
 * 2. **The server's clock, learned from the server.** An offset between the server's wall clock and the local
 *    monotonic clock, bounded by server timestamps whose local send and receive times are known: every `Date`
 *    header (one-second resolution), the `createdAt`/`updatedAt` of this process's own writes and of what it
 *    adopted (millisecond resolution). The local clock's own reading never meets the server's: only local
 *    durations are used, so a skewed machine, a skewed server or both change nothing. It decides for a namesake
 *    created after the last listing, which the listing cannot: one created before our POST was sent, by
 *    every reading of the server's clock consistent with what was observed, is someone else's.
 *
 * Several candidates, or one the two facts cannot place, end the create with an error naming them: never a
 * guess, never another POST (that is how duplicates pile up).
 */

/** Local time in ms from a monotonic clock (the client uses `performance.now()`): only differences matter. */
export type LocalMs = number;

/** Bounds on `server wall clock − local monotonic clock`, in ms. */
export interface ClockOffset {
  lo: number;
  hi: number;
}

/**
 * Above this uncertainty the learned clock is not trusted to call a namesake ours. Well above a write's round
 * trip to PingOne (what bounds an offset learned from `createdAt`), below the one second of an HTTP `Date`
 * header: a namesake made one second before our POST is never taken for ours on `Date` headers alone.
 */
export const MAX_CLOCK_UNCERTAINTY_MS = 500;

/**
 * The server's clock as far as this process has observed it. Every observation is a sound bound (the server
 * wrote its timestamp while the request was in flight), so their intersection is too. An empty intersection
 * means a clock jumped (a VM resumed from suspend, an NTP step): then only the newest observation is kept.
 */
export class ServerClock {
  private bounds?: ClockOffset;

  /**
   * A server timestamp `serverMs`, with the given resolution (1000 for an HTTP `Date` header, which truncates to
   * the second; 1 for an ISO `createdAt`), written while the local clock read between `sentAt` and `receivedAt`.
   */
  observe(serverMs: number, sentAt: LocalMs, receivedAt: LocalMs, resolutionMs: number): void {
    if (!Number.isFinite(serverMs) || !(receivedAt >= sentAt)) return;
    const sample = { lo: serverMs - receivedAt, hi: serverMs + resolutionMs - sentAt };
    if (!this.bounds) {
      this.bounds = sample;
      return;
    }
    const merged = { lo: Math.max(this.bounds.lo, sample.lo), hi: Math.min(this.bounds.hi, sample.hi) };
    this.bounds = merged.lo <= merged.hi ? merged : sample;
  }

  get offset(): ClockOffset | undefined {
    return this.bounds && { ...this.bounds };
  }
}

/** What existed before an attempt: the ids listings of the scope returned (and what this process created). */
export interface KnownBefore {
  ids: ReadonlySet<string>;
  /**
   * True when the listing was made for this attempt (the create waited for it, then posted at once): anything
   * absent from it appeared while this create was under way. False for a listing made earlier in the process,
   * or before a retry's backoff: something may have been created since, and only the clock can tell when.
   */
  fresh: boolean;
}

/** A resource with the identity of the one being created (a namesake), as a listing returned it. */
export interface Candidate {
  id: string;
  createdAt?: string;
}

export type CandidateClass = "existing" | "ours" | "uncertain";

export type RecoveryDecision =
  /** Exactly one candidate can be this create's: it is adopted. */
  | { action: "adopt"; id: string }
  /** None can: the attempt did not create anything. Post again, knowing what exists now. */
  | { action: "post" }
  /** More than one can, or one that cannot be placed: stop, naming them. */
  | { action: "fail"; reason: "several" | "uncertain"; ids: string[] };

/**
 * Whether `candidate` can be what the attempt sent at `sentAt` created.
 * - Listed before the attempt: existing.
 * - Absent from a listing made for this attempt: ours. It appeared while this create was under way (the attempt
 *   begins when the provider looks); the clock is not consulted, so a clock that jumped unnoticed cannot turn
 *   our own store into "someone else's" and cause a second POST.
 * - Otherwise the clock decides: created before `sentAt` by every reading of the server's clock consistent with
 *   the observations, existing; else ours if the clock is known within {@link MAX_CLOCK_UNCERTAINTY_MS}.
 * - Otherwise (no clock, no `createdAt`, or too coarse a clock): uncertain.
 */
export function classifyCandidate(
  candidate: Candidate,
  known: KnownBefore,
  sentAt: LocalMs,
  offset: ClockOffset | undefined,
): CandidateClass {
  if (known.ids.has(candidate.id)) return "existing";
  if (known.fresh) return "ours";
  const createdMs = candidate.createdAt === undefined ? NaN : Date.parse(candidate.createdAt);
  if (!offset || !Number.isFinite(createdMs)) return "uncertain";
  // The latest local time the server can have created it at (+1: createdAt's resolution is a millisecond).
  if (createdMs + 1 - offset.lo < sentAt) return "existing";
  return offset.hi - offset.lo <= MAX_CLOCK_UNCERTAINTY_MS ? "ours" : "uncertain";
}

export function decideAfterLostCreate(input: {
  /** The namesakes a listing made after the attempt returned. */
  candidates: Candidate[];
  known: KnownBefore;
  /** When the attempt whose outcome is unknown was sent. */
  sentAt: LocalMs;
  offset: ClockOffset | undefined;
}): RecoveryDecision {
  const classes = input.candidates.map((candidate) => ({
    id: candidate.id,
    class: classifyCandidate(candidate, input.known, input.sentAt, input.offset),
  }));
  const ours = classes.filter((entry) => entry.class === "ours").map((entry) => entry.id);
  const uncertain = classes.filter((entry) => entry.class === "uncertain").map((entry) => entry.id);
  if (ours.length > 1) return { action: "fail", reason: "several", ids: [...ours, ...uncertain] };
  if (uncertain.length > 0) return { action: "fail", reason: "uncertain", ids: [...ours, ...uncertain] };
  if (ours.length === 1) return { action: "adopt", id: ours[0] };
  return { action: "post" };
}
