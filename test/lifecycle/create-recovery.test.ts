/**
 * The decision after a create whose outcome is unknown, as a table: what existed before, what the server's
 * clock says, and what the provider does. Times are local monotonic ms; the "server" runs at an offset.
 */
import {
  classifyCandidate,
  decideAfterLostCreate,
  MAX_CLOCK_UNCERTAINTY_MS,
  ServerClock,
  type Candidate,
  type ClockOffset,
  type KnownBefore,
  type RecoveryDecision,
} from "../../provider/lifecycle/create-recovery";

const SENT_AT = 100_000;
const iso = (serverMs: number) => new Date(serverMs).toISOString();

/** The clock a process learns from a server `offsetMs` off: `Date` headers, and `createdAt` of a write when `precise`. */
function learnedClock(offsetMs: number, precise: boolean): ClockOffset {
  const clock = new ServerClock();
  // Two listings: HTTP Date headers, 20 ms round trips, at the worst phase: each header drops 990 ms.
  for (const sentAt of [SENT_AT - 3_020, SENT_AT - 2_020]) {
    const serverAt = sentAt + 10 + offsetMs;
    clock.observe(Math.floor(serverAt / 1000) * 1000, sentAt, sentAt + 20, 1000);
  }
  // An earlier create of this process: its createdAt, written mid-flight.
  if (precise) clock.observe(SENT_AT - 1_000 + 12 + offsetMs, SENT_AT - 1_000, SENT_AT - 1_000 + 25, 1);
  return clock.offset!;
}

describe("ServerClock", () => {
  test.each([-300_000, -30_000, 0, 30_000, 300_000])("learned bounds always contain the true offset (%i ms)", (offset) => {
    for (const precise of [false, true]) {
      const { lo, hi } = learnedClock(offset, precise);
      expect(lo).toBeLessThanOrEqual(offset);
      expect(hi).toBeGreaterThanOrEqual(offset);
      // Date headers alone: about a second; with a write's createdAt: its round trip.
      expect(hi - lo).toBeLessThanOrEqual(precise ? 26 : 1_020);
    }
  });

  test("observations narrow the bounds; a contradicting one (a clock jumped) replaces them", () => {
    const clock = new ServerClock();
    clock.observe(5_000, 0, 100, 1);
    expect(clock.offset).toEqual({ lo: 4_900, hi: 5_001 });
    clock.observe(5_060, 50, 70, 1);
    expect(clock.offset).toEqual({ lo: 4_990, hi: 5_001 });
    clock.observe(70_000, 100, 110, 1); // the server's clock moved a minute: only the newest observation holds
    expect(clock.offset).toEqual({ lo: 69_890, hi: 69_901 });
  });

  test("observations that cannot be bounds are ignored", () => {
    const clock = new ServerClock();
    clock.observe(Number.NaN, 0, 10, 1000);
    clock.observe(5_000, 10, 0, 1); // received before it was sent
    expect(clock.offset).toBeUndefined();
  });
});

const known = (fresh: boolean, ids: string[] = ["before"]): KnownBefore => ({ ids: new Set(ids), fresh });

interface Row {
  case: string;
  fresh: boolean;
  /** The clock: "none", "date" (Date headers only) or "precise" (a write's createdAt too). */
  clock: "none" | "date" | "precise";
  /** Candidates as [id, ms after SENT_AT on the server's clock (the create's own commit is a few ms after), or undefined for no createdAt]. */
  candidates: Array<[string, number | undefined]>;
  expected: RecoveryDecision;
}

const TABLE: Row[] = [
  { case: "nothing with its identity: the POST never landed", fresh: true, clock: "none", candidates: [], expected: { action: "post" } },
  {
    case: "only a namesake listed before: the POST never landed",
    fresh: false,
    clock: "none",
    candidates: [["before", -60_000]],
    expected: { action: "post" },
  },
  {
    case: "fresh listing, one new: ours",
    fresh: true,
    clock: "none",
    candidates: [
      ["before", -60_000],
      ["new", 5],
    ],
    expected: { action: "adopt", id: "new" },
  },
  {
    case: "fresh listing, no createdAt at all: still ours",
    fresh: true,
    clock: "none",
    candidates: [["new", undefined]],
    expected: { action: "adopt", id: "new" },
  },
  {
    case: "fresh listing, two new: several, never a guess",
    fresh: true,
    clock: "precise",
    candidates: [
      ["a", 5],
      ["b", 9],
    ],
    expected: { action: "fail", reason: "several", ids: ["a", "b"] },
  },
  {
    case: "stale listing, precise clock, created after the POST: ours",
    fresh: false,
    clock: "precise",
    candidates: [["new", 5]],
    expected: { action: "adopt", id: "new" },
  },
  {
    case: "stale listing, precise clock, committed within the clock's uncertainty: ours",
    fresh: false,
    clock: "precise",
    candidates: [["new", 0]],
    expected: { action: "adopt", id: "new" },
  },
  {
    case: "stale listing, precise clock, a namesake made 1 s before the POST: someone else's",
    fresh: false,
    clock: "precise",
    candidates: [["other", -1_000]],
    expected: { action: "post" },
  },
  {
    case: "stale listing, precise clock, someone else's 1 s before and ours: ours",
    fresh: false,
    clock: "precise",
    candidates: [
      ["other", -1_000],
      ["new", 5],
    ],
    expected: { action: "adopt", id: "new" },
  },
  {
    case: "stale listing, Date headers only, a namesake 1 s before: cannot tell, fail",
    fresh: false,
    clock: "date",
    candidates: [["other", -1_000]],
    expected: { action: "fail", reason: "uncertain", ids: ["other"] },
  },
  {
    case: "stale listing, Date headers only, a namesake 5 s before: someone else's",
    fresh: false,
    clock: "date",
    candidates: [["other", -5_000]],
    expected: { action: "post" },
  },
  {
    case: "stale listing, no clock: cannot tell, fail",
    fresh: false,
    clock: "none",
    candidates: [["new", 5]],
    expected: { action: "fail", reason: "uncertain", ids: ["new"] },
  },
  {
    case: "stale listing, precise clock, no createdAt: cannot tell, fail",
    fresh: false,
    clock: "precise",
    candidates: [["new", undefined]],
    expected: { action: "fail", reason: "uncertain", ids: ["new"] },
  },
  {
    case: "several and an uncertain one: all named",
    fresh: false,
    clock: "precise",
    candidates: [
      ["a", 5],
      ["b", 9],
      ["c", undefined],
    ],
    expected: { action: "fail", reason: "several", ids: ["a", "b", "c"] },
  },
];

describe.each([-300_000, -30_000, 0, 30_000, 300_000])("the decision, with the server %i ms off the local clock", (offset) => {
  test.each(TABLE)("$case", (row) => {
    const clock = row.clock === "none" ? undefined : learnedClock(offset, row.clock === "precise");
    const candidates: Candidate[] = row.candidates.map(([id, after]) => ({
      id,
      ...(after !== undefined && { createdAt: iso(SENT_AT + offset + after) }),
    }));
    expect(decideAfterLostCreate({ candidates, known: known(row.fresh), sentAt: SENT_AT, offset: clock })).toEqual(row.expected);
  });
});

describe("classifyCandidate", () => {
  test("a clock coarser than the limit never calls a namesake ours", () => {
    const coarse = { lo: 0, hi: MAX_CLOCK_UNCERTAINTY_MS + 1 };
    expect(classifyCandidate({ id: "x", createdAt: iso(SENT_AT + 10) }, known(false), SENT_AT, coarse)).toBe("uncertain");
    expect(
      classifyCandidate({ id: "x", createdAt: iso(SENT_AT + 10) }, known(false), SENT_AT, { lo: 0, hi: MAX_CLOCK_UNCERTAINTY_MS }),
    ).toBe("ours");
  });

  test("a listed id is existing whatever the clock says", () => {
    expect(classifyCandidate({ id: "before", createdAt: iso(SENT_AT + 10) }, known(true), SENT_AT, { lo: 0, hi: 1 })).toBe("existing");
  });
});
