/**
 * Fault injection for `/v1/...` API requests. Deterministic under a seed: each API request consumes exactly
 * one fixed-length sequence of draws from a mulberry32 generator, in arrival order, whatever the rates are.
 */
import { pingError, type Reply } from "./http";

export interface FaultOptions {
  rate429?: number;
  retryAfterSeconds?: number;
  rate500?: number;
  rate502?: number;
  rate503?: number;
  latencyMs?: number;
  dropRate?: number;
  /** POST, PUT and DELETE dropped unanswered before they are performed: nothing is written. */
  dropWriteBeforeRate?: number;
  /** POST and PUT performed and persisted, then dropped unanswered: the write happened, the client cannot know. */
  commitThenDropRate?: number;
  /**
   * POST, PUT and DELETE are performed and persisted, then their response is held this long (or until the
   * client goes away): a server that commits and then answers slowly, so a client can be killed mid-write.
   */
  holdWriteResponseMs?: number;
}

export type FaultKind = "drop" | "dropWriteBefore" | "429" | "500" | "502" | "503" | "commitThenDrop" | "latency" | "heldResponse";

export interface FaultCounters {
  drop: number;
  dropWriteBefore: number;
  "429": number;
  "500": number;
  "502": number;
  "503": number;
  commitThenDrop: number;
  latency: number;
  heldResponse: number;
}

/** Faults decided before the request is handled: nothing is performed. */
export type BeforeFault = "drop" | "dropWriteBefore" | "429" | "500" | "502" | "503";

export interface FaultDecision {
  latencyMs: number;
  /** A fault that replaces the response (a drop or an error status), or undefined to handle the request. */
  before?: BeforeFault;
  /** Perform the write, then drop the response (only for POST and PUT). */
  commitThenDrop: boolean;
  /** Perform the write, then hold the response this long (only for POST, PUT and DELETE); 0 = answer at once. */
  holdResponseMs: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every fault option, declared once: its key in {@link FaultOptions} (and the admin API's JSON), its CLI
 * flag, whether it is a rate (0 to 1) or a non-negative number, and its help line. The CLI's parser and
 * help text and {@link parseFaultOptions} are all derived from this table.
 */
export const FAULT_OPTIONS = [
  { key: "rate429", flag: "rate-429", rate: true, help: "fraction of API requests answered 429 REQUEST_LIMITED" },
  { key: "retryAfterSeconds", flag: "retry-after", rate: false, help: "Retry-After for 429 and 503, in seconds (default 1)" },
  { key: "rate500", flag: "rate-500", rate: true, help: "fraction answered 500 UNEXPECTED_ERROR" },
  { key: "rate502", flag: "rate-502", rate: true, help: "fraction answered 502" },
  { key: "rate503", flag: "rate-503", rate: true, help: "fraction answered 503 (with Retry-After)" },
  { key: "latencyMs", flag: "latency-ms", rate: false, help: "latency added to every API request, in ms" },
  { key: "dropRate", flag: "drop-rate", rate: true, help: "fraction of API requests whose connection is dropped unanswered" },
  {
    key: "dropWriteBeforeRate",
    flag: "drop-write-before-rate",
    rate: true,
    help: "fraction of POST/PUT/DELETE API requests dropped unanswered before they are performed (nothing written)",
  },
  {
    key: "commitThenDropRate",
    flag: "commit-then-drop-rate",
    rate: true,
    help: "fraction of POST/PUT API requests performed, then dropped unanswered",
  },
  {
    key: "holdWriteResponseMs",
    flag: "hold-write-response-ms",
    rate: false,
    help: "POST/PUT/DELETE API requests performed, then answered this many ms later",
  },
] as const satisfies ReadonlyArray<{ key: keyof FaultOptions; flag: string; rate: boolean; help: string }>;

/** Validate a FaultOptions object (from the admin API); returns an error message or the cleaned options. */
export function parseFaultOptions(input: unknown): { ok: true; value: FaultOptions } | { ok: false; message: string } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, message: "faults must be a JSON object" };
  const out: FaultOptions = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "seed") continue;
    const option = FAULT_OPTIONS.find((candidate) => candidate.key === key);
    if (!option) return { ok: false, message: `unknown fault option ${key}` };
    if (value === null || value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      return { ok: false, message: `${key} must be a non-negative number` };
    if (option.rate && value > 1) return { ok: false, message: `${key} must be between 0 and 1` };
    out[option.key] = value;
  }
  return { ok: true, value: out };
}

export function emptyCounters(): FaultCounters {
  return { drop: 0, dropWriteBefore: 0, "429": 0, "500": 0, "502": 0, "503": 0, commitThenDrop: 0, latency: 0, heldResponse: 0 };
}

export class FaultEngine {
  options: FaultOptions;
  counters: FaultCounters = emptyCounters();
  seed: number;
  private random: () => number;

  constructor(options: FaultOptions = {}, seed?: number) {
    this.options = { ...options };
    this.seed = seed ?? Math.floor(Math.random() * 2 ** 32);
    this.random = mulberry32(this.seed);
  }

  replace(options: FaultOptions, seed?: number): void {
    this.options = { ...options };
    this.counters = emptyCounters();
    if (seed !== undefined) {
      this.seed = seed;
      this.random = mulberry32(seed);
    }
  }

  get retryAfterSeconds(): number {
    return this.options.retryAfterSeconds ?? 1;
  }

  /** One request's decision: always seven draws, in a fixed order, so a seeded run is reproducible. */
  decide(method: string): FaultDecision {
    const o = this.options;
    const [dDrop, d429, d500, d502, d503, dCommit, dWriteBefore] = Array.from({ length: 7 }, () => this.random());
    const decision: FaultDecision = { latencyMs: o.latencyMs ?? 0, commitThenDrop: false, holdResponseMs: 0 };
    const isWrite = method === "POST" || method === "PUT" || method === "DELETE";
    if (decision.latencyMs > 0) this.counters.latency++;
    if (dDrop < (o.dropRate ?? 0)) decision.before = "drop";
    else if (d429 < (o.rate429 ?? 0)) decision.before = "429";
    else if (d500 < (o.rate500 ?? 0)) decision.before = "500";
    else if (d502 < (o.rate502 ?? 0)) decision.before = "502";
    else if (d503 < (o.rate503 ?? 0)) decision.before = "503";
    else if (isWrite && dWriteBefore < (o.dropWriteBeforeRate ?? 0)) decision.before = "dropWriteBefore";
    else if ((method === "POST" || method === "PUT") && dCommit < (o.commitThenDropRate ?? 0)) decision.commitThenDrop = true;
    if (decision.before) this.counters[decision.before]++;
    if (decision.commitThenDrop) this.counters.commitThenDrop++;
    // A write that none of the faults above replaced is committed, then its answer may be held.
    if (isWrite && !decision.before && !decision.commitThenDrop) decision.holdResponseMs = o.holdWriteResponseMs ?? 0;
    if (decision.holdResponseMs > 0) this.counters.heldResponse++;
    return decision;
  }

  snapshot(): { faults: FaultOptions; seed: number; injected: FaultCounters } {
    return { faults: { ...this.options }, seed: this.seed, injected: { ...this.counters } };
  }
}

/** The reply a fault puts in place of the real one, in PingOne's error shape. */
export function faultReply(kind: Exclude<BeforeFault, "drop" | "dropWriteBefore">, retryAfterSeconds: number): Reply {
  const retryAfter = String(retryAfterSeconds);
  switch (kind) {
    case "429":
      return pingError(
        429,
        "REQUEST_LIMITED",
        "The request could not be completed. Too many requests; retry later.",
        [{ code: "LIMIT_EXCEEDED", message: `Rate limit exceeded; retry after ${retryAfter} second(s).` }],
        { "Retry-After": retryAfter },
      );
    case "500":
      return pingError(500, "UNEXPECTED_ERROR", "An unexpected error occurred.");
    case "502":
      return pingError(502, "BAD_GATEWAY", "The request could not be completed: bad gateway.");
    case "503":
      return pingError(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable; retry later.", undefined, {
        "Retry-After": retryAfter,
      });
  }
}
