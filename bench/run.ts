/**
 * The benchmark: N PropagationStores against the local PingOne API, next to two floors of N trivial dynamic
 * resources, through the real Pulumi engine (`@pulumi/pulumi/automation`) with the default `--parallel`:
 *
 * - the fair floor holds exactly the stores' inputs (a `configuration` object each, its secrets from secret
 *   stack config), so the engine's own cost of those inputs is not counted against the provider;
 * - the plain floor holds one string each and no secret, as the engine's absolute floor.
 *
 * Each operation (up, no-op preview, refresh, update, destroy) is run `repeats` times per stack, the stacks
 * taking turns operation by operation (the order reversed every other repeat), so load from anything else on
 * the machine weighs on every side alike. Reported: median and min–max per side, ratios from the medians,
 * the local API's own time (from its request log's durations), requests per operation, `__provider` bytes
 * and the provider process's peak memory; then each lookup's requests per call and time. A script that measures, not a test: nothing is asserted about
 * timings; it exits non-zero only when an operation fails.
 *
 *   npm run bench                                N = 50 and 500, 5 repeats: writes bench/results.md
 *   npm run bench -- --n 5 --repeats 1           a quick run (or BENCH_N=5 BENCH_REPEATS=1)
 *
 * Only a full run (N = 50 and 500, at least 5 repeats) writes bench/results.md; any other run writes
 * bench/out/results.md (git-ignored) unless --out says otherwise. bench/out/results.json holds every sample.
 */
// First: on an old Node, one line saying what to do instead of a stack trace from node:sqlite.
import "../local-api/check-node";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LocalWorkspace, Stack, type ConfigMap, type PulumiCommand } from "@pulumi/pulumi/automation";
import { startLocalApi, type LocalApi, type RequestLogEntry } from "../local-api";
import { getGroups, getPropagationPlan, getPropagationStore, getPropagationStores } from "../provider/lookups";
import { SETTING_SOURCES } from "../provider/lifecycle/settings";
import { storeTypes } from "../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../test/fixtures/store-examples";
import { apiRequest } from "../test/support/api";
import { getToken } from "../test/local-api/helpers";
import { declarationFor, secretConfig, type StoreDeclaration } from "../test/support/declarations";
import { descendantsOf } from "../test/support/processes";
import { engineEnv, pingoneConfig, pingoneEnv, requireEngine } from "../test/support/stack";

const ROOT = path.resolve(__dirname, "..");
const PROGRAMS = path.join(__dirname, "programs");
const OUT_DIR = path.join(__dirname, "out");
const RESULTS_FILE = path.join(__dirname, "results.md");
const PASSPHRASE = "bench-passphrase";
const SAMPLE_INTERVAL_MS = 100;
const FULL_SIZES = [50, 500];
const FULL_REPEATS = 5;

// ---- options ------------------------------------------------------------------------------------------------

interface Options {
  sizes: number[];
  repeats: number;
  out: string;
  full: boolean;
}

function parseOptions(): Options {
  const usage = "usage: npm run bench -- [--n 50,500] [--repeats 5] [--out FILE]";
  let values: { n?: string; repeats?: string; out?: string };
  try {
    ({ values } = parseArgs({ options: { n: { type: "string" }, repeats: { type: "string" }, out: { type: "string" } } }));
  } catch (e) {
    throw new Error(`${(e as Error).message}; ${usage}`);
  }
  const sizesText = values.n ?? process.env.BENCH_N ?? FULL_SIZES.join(",");
  const sizes = sizesText.split(",").map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1))
    throw new Error(`--n (BENCH_N) must be positive integers separated by commas, got "${sizesText}"; ${usage}`);
  const repeatsText = values.repeats ?? process.env.BENCH_REPEATS ?? String(FULL_REPEATS);
  const repeats = Number(repeatsText);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new Error(`--repeats (BENCH_REPEATS) must be a positive integer, got "${repeatsText}"; ${usage}`);
  const full = FULL_SIZES.every((size) => sizes.includes(size)) && repeats >= FULL_REPEATS;
  const out = path.resolve(values.out ?? process.env.BENCH_OUT ?? (full ? RESULTS_FILE : path.join(OUT_DIR, "results.md")));
  return { sizes, repeats, out, full };
}

// ---- the three stacks ---------------------------------------------------------------------------------------

type Side = "stores" | "fair" | "plain";
const SIDES: Side[] = ["stores", "fair", "plain"];
const SIDE_LABELS: Record<Side, string> = { stores: "PropagationStores", fair: "fair floor", plain: "plain floor" };

type OperationKey = "up" | "preview" | "refresh" | "update" | "destroy";
const OPERATIONS: Array<{ key: OperationKey; label: string }> = [
  { key: "up", label: "`up` (create N)" },
  { key: "preview", label: "`preview` (no-op)" },
  { key: "refresh", label: "`refresh`" },
  { key: "update", label: "`up` (update: description of all N)" },
  { key: "destroy", label: "`destroy`" },
];

/** N stores cycling through every type, each with its full fixture configuration (minimal where there is none). */
function storeDeclarations(n: number, description: string): { declarations: StoreDeclaration[]; secrets: Record<string, string> } {
  const declarations: StoreDeclaration[] = [];
  const secrets: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const type = storeTypes[i % storeTypes.length];
    const part = declarationFor(type, `store-${String(i).padStart(3, "0")}-${type.toLowerCase()}`, {
      name: `${type} bench ${i}`,
      description: `${description} ${i}`,
    });
    declarations.push(part.declaration);
    Object.assign(secrets, part.secrets);
  }
  return { declarations, secrets };
}

interface BenchStack {
  stack: Stack;
  /** Idempotent: destroys whatever is left (after a failure), removes the stack and its config file. */
  remove(): Promise<void>;
}

async function openStack(
  program: string,
  stackName: string,
  backend: string,
  config: ConfigMap,
  pulumiCommand?: PulumiCommand,
): Promise<BenchStack> {
  const programDir = path.join(PROGRAMS, program);
  const workspace = await LocalWorkspace.create({ workDir: programDir, envVars: engineEnv(backend, PASSPHRASE), pulumiCommand });
  const stack = await Stack.create(stackName, workspace);
  await stack.setAllConfig(config);
  let removed = false;
  return {
    stack,
    async remove() {
      if (removed) return;
      removed = true;
      try {
        const resources = (await stack.exportStack()).deployment?.resources ?? [];
        if (resources.some((resource: { type: string }) => resource.type !== "pulumi:pulumi:Stack")) await stack.destroy();
      } catch (e) {
        console.error(`cleanup: destroy of ${stackName} failed: ${(e as Error).message}`);
      }
      try {
        await workspace.removeStack(stackName, { force: true });
      } finally {
        fs.rmSync(path.join(programDir, `Pulumi.${stackName}.yaml`), { force: true });
      }
    },
  };
}

// ---- what one operation measures ----------------------------------------------------------------------------

interface Memory {
  providerProcesses: number;
  peakRssMiB: number;
  peakHwmMiB: number;
  /**
   * The largest anonymous part of the RSS (`RssAnon`): the heap, malloc's arenas, compiled code. The rest of the RSS
   * is mostly clean pages of the node executable, which the kernel may drop and other processes share.
   */
  peakAnonMiB: number;
}

/** The node process running `@pulumi/pulumi/cmd/dynamic-provider` (not the shim's `node -e require.resolve(...)`). */
function isDynamicProvider(pid: number): boolean {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  return (
    argv.length >= 2 &&
    path.basename(argv[0]).startsWith("node") &&
    !argv.includes("-e") &&
    argv.slice(1).some((arg) => arg.includes(`${path.sep}cmd${path.sep}dynamic-provider`))
  );
}

function memoryKiB(pid: number): { rss: number; hwm: number; anon: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: field("VmRSS"), hwm: field("VmHWM"), anon: field("RssAnon") };
}

/** Samples, every ~100 ms, the RSS of this process's dynamic-provider descendants; the stop function returns the peaks. */
function startSampler(): () => Memory {
  const pids = new Set<number>();
  let peakRssKiB = 0;
  let peakHwmKiB = 0;
  let peakAnonKiB = 0;
  const sample = () => {
    for (const pid of descendantsOf(process.pid)) {
      try {
        if (!isDynamicProvider(pid)) continue;
        const { rss, hwm, anon } = memoryKiB(pid);
        pids.add(pid);
        peakRssKiB = Math.max(peakRssKiB, rss);
        peakHwmKiB = Math.max(peakHwmKiB, hwm);
        peakAnonKiB = Math.max(peakAnonKiB, anon);
      } catch {
        // Exited between listing and reading.
      }
    }
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    return { providerProcesses: pids.size, peakRssMiB: peakRssKiB / 1024, peakHwmMiB: peakHwmKiB / 1024, peakAnonMiB: peakAnonKiB / 1024 };
  };
}

interface Requests {
  GET: number;
  POST: number;
  PUT: number;
  PATCH: number;
  DELETE: number;
  /** POSTs to `/propagation/revisions` (also counted under POST): the revisions the run created. */
  revisions: number;
  token: number;
  other: number;
  failed: number;
}
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface ApiTime {
  /** Wall time during which at least one request was being handled (the union of their intervals). */
  busyMs: number;
  /** The requests' durations added up (more than busyMs when requests overlap). */
  sumMs: number;
  slowestMs: number;
}

/** The local API's request log for one operation: requests by kind, failures, and the server's own time. */
function requestFigures(entries: RequestLogEntry[]): { requests: Requests; failures: string[]; api: ApiTime } {
  const requests: Requests = { GET: 0, POST: 0, PUT: 0, PATCH: 0, DELETE: 0, revisions: 0, token: 0, other: 0, failed: 0 };
  const failures: string[] = [];
  for (const entry of entries) {
    if (entry.path.endsWith("/as/token")) requests.token++;
    else if (entry.path.startsWith("/v1/") && (METHODS as readonly string[]).includes(entry.method))
      requests[entry.method as (typeof METHODS)[number]]++;
    else requests.other++;
    if (entry.method === "POST" && entry.path.endsWith("/propagation/revisions")) requests.revisions++;
    if (entry.status === null || entry.status >= 400) {
      requests.failed++;
      failures.push(`${entry.method} ${entry.path} -> ${entry.status ?? "dropped"}${entry.fault ? ` (${entry.fault})` : ""}`);
    }
  }
  // `time` is when the request arrived (ms resolution), durationMs how long the server took to answer it.
  const intervals = entries
    .map((entry) => [Date.parse(entry.time), Date.parse(entry.time) + entry.durationMs] as const)
    .sort((a, b) => a[0] - b[0]);
  let busyMs = 0;
  let end = -Infinity;
  for (const [start, finish] of intervals) {
    if (finish <= end) continue;
    busyMs += finish - Math.max(start, end);
    end = finish;
  }
  const durations = entries.map((entry) => entry.durationMs);
  const api = { busyMs, sumMs: durations.reduce((total, ms) => total + ms, 0), slowestMs: durations.length ? Math.max(...durations) : 0 };
  return { requests, failures, api };
}

function changesOf(summary: Record<string, number> | undefined): string {
  return Object.entries(summary ?? {})
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
}

interface ProviderBytes {
  inputs: number[];
  outputs: number[];
}

/** Length of each dynamic resource's `__provider` text, in its inputs and outputs. */
function providerBytes(deployment: { resources?: Array<Record<string, any>> }): ProviderBytes {
  const size = (value: unknown) => Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value ?? ""));
  const dynamic = (deployment.resources ?? []).filter((resource) => String(resource.type).startsWith("pulumi-nodejs:dynamic"));
  return {
    inputs: dynamic.filter((r) => r.inputs?.__provider !== undefined).map((r) => size(r.inputs.__provider)),
    outputs: dynamic.filter((r) => r.outputs?.__provider !== undefined).map((r) => size(r.outputs.__provider)),
  };
}

interface Sample {
  ms: number;
  memory: Memory;
  changes: string;
  /** The stores side only: the local API sees no request from the floors. */
  requests?: Requests;
  failures?: string[];
  api?: ApiTime;
}

interface SizeResult {
  n: number;
  samples: Record<Side, Record<OperationKey, Sample[]>>;
  providerBytes: Record<Side, ProviderBytes>;
}

// ---- one size -----------------------------------------------------------------------------------------------

async function benchSize(n: number, repeats: number, api: LocalApi, scratch: string): Promise<SizeResult> {
  const backend = path.join(scratch, `state-${n}`);
  fs.mkdirSync(backend);
  const storesFile = path.join(scratch, `stores-${n}.json`);
  const writeDeclarations = (description: string) => {
    const { declarations, secrets } = storeDeclarations(n, description);
    fs.writeFileSync(storesFile, JSON.stringify(declarations, null, 2));
    return secrets;
  };
  // The secrets do not depend on the description: set once, the same on both stacks that hold them.
  const secrets = secretConfig(writeDeclarations("bench"));
  const suffix = `${n}-${process.pid}`;
  const stacks: Partial<Record<Side, BenchStack>> = {};
  const requestLog = {
    clear: async () => {
      const res = await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
      if (!res.ok) throw new Error(`clearing the request log: HTTP ${res.status}`);
    },
    read: async () => (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[],
  };
  const result: SizeResult = {
    n,
    samples: Object.fromEntries(
      SIDES.map((side) => [side, Object.fromEntries(OPERATIONS.map(({ key }) => [key, []]))]),
    ) as unknown as SizeResult["samples"],
    providerBytes: {} as SizeResult["providerBytes"],
  };
  try {
    stacks.stores = await openStack("stores", `bench-stores-${suffix}`, backend, {
      ...pingoneConfig(api),
      storesFile: { value: storesFile },
      ...secrets,
    });
    stacks.fair = await openStack("fair-floor", `bench-fair-${suffix}`, backend, { storesFile: { value: storesFile }, ...secrets });
    stacks.plain = await openStack("plain-floor", `bench-plain-${suffix}`, backend, {
      count: { value: String(n) },
      description: { value: "bench" },
    });

    for (let repeat = 1; repeat <= repeats; repeat++) {
      // Reversed every other repeat, so no side always runs right after another's heavy operation.
      const order = repeat % 2 === 1 ? SIDES : [...SIDES].reverse();
      for (const { key } of OPERATIONS) {
        if (key === "up" || key === "update") {
          const description = `bench r${repeat}${key === "update" ? " updated" : ""}`;
          writeDeclarations(description);
          await stacks.plain.stack.setConfig("description", { value: description });
        }
        for (const side of order) {
          const stack = stacks[side]!.stack;
          if (side === "stores") await requestLog.clear();
          const stopSampler = startSampler();
          const started = performance.now();
          let summary: Record<string, number> | undefined;
          try {
            if (key === "preview") summary = (await stack.preview()).changeSummary;
            else if (key === "refresh") summary = (await stack.refresh()).summary.resourceChanges;
            else if (key === "destroy") summary = (await stack.destroy()).summary.resourceChanges;
            else summary = (await stack.up()).summary.resourceChanges;
          } finally {
            const ms = performance.now() - started;
            result.samples[side][key].push({ ms, memory: stopSampler(), changes: "" });
          }
          const sample = result.samples[side][key].at(-1)!;
          sample.changes = changesOf(summary);
          if (side === "stores") Object.assign(sample, requestFigures(await requestLog.read()));
          if (key === "up" && repeat === 1) result.providerBytes[side] = providerBytes((await stack.exportStack()).deployment);
          console.log(
            `  N=${n} r${repeat} ${side.padEnd(6)} ${key.padEnd(8)} ${seconds(sample.ms).padStart(7)} s  ${sample.changes}` +
              (sample.api ? `  local API busy ${seconds(sample.api.busyMs)} s, ${JSON.stringify(sample.requests)}` : ""),
          );
        }
      }
    }
    return result;
  } finally {
    for (const side of [...SIDES].reverse()) {
      try {
        await stacks[side]?.remove();
      } catch (e) {
        // Keep cleaning up the others, and still fail the run.
        console.error(`cleanup of the ${SIDE_LABELS[side]} stack failed: ${(e as Error).stack ?? e}`);
        process.exitCode = 1;
      }
    }
  }
}

// ---- lookups ------------------------------------------------------------------------------------------------

/** At least this many repeats of each lookup, whatever `--repeats` says: a lookup is cheap, a median of fewer says little. */
const LOOKUP_MIN_REPEATS = 5;
/** The groups the local API is seeded with for `getGroups`; the filter selects one. */
const LOOKUP_GROUPS = ["Sales", "HR", "Finance", "Engineering"];

interface LookupSample {
  ms: number;
  /** `/v1/` requests the lookup made. */
  requests: number;
  /** Token requests (`/as/token`): one per program, on its first lookup, counted apart. */
  tokens: number;
}

interface LookupResult {
  n: number;
  samples: Record<string, LookupSample[]>;
}

/**
 * Each lookup, run in this process as a program runs it (settings from the `PINGONE_*` variables), against its own
 * local API seeded through the regular API with N stores (every type, fixture configurations), the plan and a few
 * groups. Requests come from that API's request log, cleared before each call; nothing of the stacks' runs is counted.
 */
async function benchLookups(n: number, repeats: number, scratch: string): Promise<LookupResult> {
  const api = await startLocalApi({ dataDir: path.join(scratch, `lookups-${n}`) });
  const saved = Object.values(SETTING_SOURCES).map((source) => [source.env, process.env[source.env]] as const);
  try {
    const token = await getToken(api);
    const environmentPath = `/v1/environments/${api.environmentIds[0]}`;
    const seed = async (pathname: string, body: unknown) => {
      const response = await apiRequest(api, "POST", pathname, body, token);
      if (response.status !== 201)
        throw new Error(`seeding the lookups' local API: POST ${pathname} answered ${response.status} ${JSON.stringify(response.json)}`);
      return response.json;
    };
    let last = { name: "", type: "" };
    for (let i = 0; i < n; i++) {
      const type = storeTypes[i % storeTypes.length];
      const configuration = fullConfigurations[type] ?? minimalConfigurations[type];
      last = { name: `${type} lookup ${i}`, type };
      await seed(`${environmentPath}/propagation/stores`, { type, name: last.name, ...(configuration && { configuration }) });
    }
    await seed(`${environmentPath}/propagation/plans`, { name: "Workforce" });
    for (const name of LOOKUP_GROUPS) await seed("/__admin/groups", { name });

    for (const [name] of saved) delete process.env[name];
    Object.assign(process.env, pingoneEnv(api));
    const lookups: Array<[string, () => Promise<unknown>]> = [
      [
        `getPropagationStore({ name, type })`,
        () => getPropagationStore({ name: last.name, type: last.type as (typeof storeTypes)[number] }),
      ],
      ["getPropagationStores()", () => getPropagationStores()],
      ["getPropagationPlan()", () => getPropagationPlan()],
      [`getGroups({ filter: 'name eq "${LOOKUP_GROUPS[0]}"' })`, () => getGroups({ filter: `name eq "${LOOKUP_GROUPS[0]}"` })],
    ];
    const result: LookupResult = { n, samples: {} };
    for (const [label, lookup] of lookups) {
      result.samples[label] = [];
      for (let repeat = 0; repeat < Math.max(repeats, LOOKUP_MIN_REPEATS); repeat++) {
        await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
        const started = performance.now();
        await lookup();
        const ms = performance.now() - started;
        const entries = (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[];
        const sample = {
          ms,
          requests: entries.filter((entry) => entry.path.startsWith("/v1/")).length,
          tokens: entries.filter((entry) => entry.path.endsWith("/as/token")).length,
        };
        result.samples[label].push(sample);
        console.log(
          `  N=${n} lookup ${label.padEnd(48)} ${sample.ms.toFixed(1).padStart(7)} ms  ${sample.requests} request(s), ${sample.tokens} token`,
        );
      }
    }
    return result;
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await api.close();
  }
}

// ---- report -------------------------------------------------------------------------------------------------

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function stats(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `median (min–max)`, or just the value when every sample agrees (or there is one). */
function spread(values: number[], format: (value: number) => string): string {
  const { median, min, max } = stats(values);
  return format(min) === format(max) ? format(median) : `${format(median)} (${format(min)}–${format(max)})`;
}

const ratio = (numerator: number, denominator: number) => `${(numerator / denominator).toFixed(2)}×`;

interface Facts {
  date: string;
  nproc: string;
  cpu: string;
  memGiB: string;
  platform: string;
  loadAverage: string;
  node: string;
  pulumi: string;
  sdk: string;
}

function report(options: Options, facts: Facts, results: SizeResult[], lookups: LookupResult[]): string {
  const lines: string[] = [];
  const table = (header: string[], rows: Array<Array<string | number>>) => {
    lines.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
    for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
    lines.push("");
  };
  const medianMs = (samples: Sample[]) => stats(samples.map((sample) => sample.ms)).median;
  lines.push("# Benchmark results", "");
  lines.push("Produced by `npm run bench` (bench/run.ts); see bench/README.md for what is measured and how.", "");
  const repeats = `${options.repeats} repeat${options.repeats === 1 ? "" : "s"}`;
  if (!options.full)
    lines.push(
      `**Not a full run** (N = ${options.sizes.join(" and ")}, ${repeats}): figures for checking the harness, not for comparison.`,
      "",
    );
  lines.push(
    `- date: ${facts.date}`,
    `- machine: ${facts.nproc} cores (nproc), ${facts.cpu}, ${facts.memGiB} GiB RAM, ${facts.platform}; load average at the start ${facts.loadAverage}`,
    `- node ${facts.node}, pulumi ${facts.pulumi}, @pulumi/pulumi ${facts.sdk}`,
    `- N = ${options.sizes.join(" and ")} per stack, ${repeats} of each operation per stack, stacks alternating; \`--parallel\` default; file backend; local API on loopback, in the benchmark's process`,
    "",
  );

  lines.push("## Against the fair floor", "");
  lines.push(
    "Ratio of the medians, PropagationStores to the fair floor; to the plain floor in brackets; then to the fair floor with",
    "the local API's busy time taken out of each PropagationStores run (median of the differences).",
    "",
  );
  table(
    ["operation", ...results.map((r) => `N = ${r.n}`), ...results.map((r) => `N = ${r.n}, without local API time`)],
    OPERATIONS.map(({ key, label }) => [
      label,
      ...results.map(
        (r) =>
          `${ratio(medianMs(r.samples.stores[key]), medianMs(r.samples.fair[key]))} (${ratio(medianMs(r.samples.stores[key]), medianMs(r.samples.plain[key]))})`,
      ),
      ...results.map((r) =>
        ratio(stats(r.samples.stores[key].map((s) => s.ms - (s.api?.busyMs ?? 0))).median, medianMs(r.samples.fair[key])),
      ),
    ]),
  );

  lines.push("## Lookups", "");
  lines.push(
    "Each lookup called in the benchmark's process, as a program calls it, against a local API seeded with N stores, the plan",
    `and ${LOOKUP_GROUPS.length} groups: \`/v1/\` requests per call from the request log (token requests apart: one per program, on its first lookup),`,
    `and the wall time of the call, median (min–max) of ${Math.max(options.repeats, LOOKUP_MIN_REPEATS)} calls.`,
    "",
  );
  table(
    ["lookup", ...lookups.flatMap((l) => [`N = ${l.n}: requests`, `N = ${l.n}: tokens`, `N = ${l.n}: time (ms)`])],
    Object.keys(lookups[0]?.samples ?? {}).map((label) => [
      `\`${label}\``,
      ...lookups.flatMap((l) => {
        const runs = l.samples[label];
        return [
          spread(
            runs.map((r) => r.requests),
            String,
          ),
          `${String(runs.reduce((sum, r) => sum + r.tokens, 0))} in all`,
          spread(
            runs.map((r) => r.ms),
            (ms) => ms.toFixed(1),
          ),
        ];
      }),
    ]),
  );

  for (const result of results) {
    const { n, samples } = result;
    lines.push(`## N = ${n}`, "");
    lines.push("### Wall time", "");
    lines.push(
      "Seconds per operation as the automation API sees it (CLI start, program run, engine, provider), median (min–max) of the",
      "repeats; the local API's busy time is the wall time during which it was handling at least one request.",
      "",
    );
    table(
      ["operation", ...SIDES.map((side) => `${SIDE_LABELS[side]} (s)`), "to fair floor", "to plain floor", "local API busy (s)"],
      OPERATIONS.map(({ key, label }) => [
        label,
        ...SIDES.map((side) =>
          spread(
            samples[side][key].map((s) => s.ms),
            seconds,
          ),
        ),
        ratio(medianMs(samples.stores[key]), medianMs(samples.fair[key])),
        ratio(medianMs(samples.stores[key]), medianMs(samples.plain[key])),
        spread(
          samples.stores[key].map((s) => s.api!.busyMs),
          seconds,
        ),
      ]),
    );

    lines.push("### HTTP requests and the local API's time (PropagationStores)", "");
    lines.push(
      "From the local API's request log, cleared before each operation: `/v1/` requests by method, the propagation revisions the run",
      "created (POSTs to `/propagation/revisions`, also counted under POST: one for a run that changed something, none otherwise), token requests (`/as/token`),",
      "failures; then the server's own time from each request's `durationMs`: busy (union of the requests' intervals), the sum of",
      "the durations (more than busy when requests overlap) and the slowest request. Counts are per run (min–max if they differed).",
      "",
    );
    table(
      [
        "operation",
        "GET",
        "POST",
        "PUT",
        "DELETE",
        "revisions",
        "token",
        "other",
        "failed",
        "per store",
        "busy (s)",
        "sum of durations (s)",
        "slowest (ms)",
        "engine changes",
      ],
      OPERATIONS.map(({ key, label }) => {
        const runs = samples.stores[key];
        const count = (field: keyof Requests) =>
          spread(
            runs.map((s) => s.requests![field]),
            String,
          );
        const perStore = METHODS.filter((method) => runs[0].requests![method] > 0)
          .map((method) => `${(stats(runs.map((s) => s.requests![method])).median / n).toFixed(2).replace(/\.00$/, "")} ${method}`)
          .join(", ");
        return [
          label,
          count("GET"),
          count("POST"),
          count("PUT"),
          count("DELETE"),
          count("revisions"),
          count("token"),
          count("other"),
          count("failed"),
          perStore || "0",
          spread(
            runs.map((s) => s.api!.busyMs),
            seconds,
          ),
          spread(
            runs.map((s) => s.api!.sumMs),
            seconds,
          ),
          spread(
            runs.map((s) => s.api!.slowestMs),
            (ms) => ms.toFixed(1),
          ),
          runs[0].changes,
        ];
      }),
    );
    const failures = OPERATIONS.flatMap(({ key }) =>
      samples.stores[key].flatMap((s, index) => (s.failures ?? []).map((f) => `- ${key} (repeat ${index + 1}): ${f}`)),
    );
    if (failures.length > 0) lines.push("Failed requests:", "", ...failures, "");

    lines.push("### `__provider` bytes per resource", "");
    lines.push("Length of the `__provider` text each resource carries in its state, from `stack.exportStack()` after the first `up`.", "");
    const bytes = (values: number[]) => (values.length === 0 ? "—" : spread(values, String).replace(/ \((\d+)–(\d+)\)$/, "; $1–$2"));
    table(
      ["", ...SIDES.map((side) => SIDE_LABELS[side])],
      [
        ["`inputs.__provider` (median; min–max)", ...SIDES.map((side) => bytes(result.providerBytes[side].inputs))],
        ["`outputs.__provider` (median; min–max)", ...SIDES.map((side) => bytes(result.providerBytes[side].outputs))],
      ],
    );

    lines.push("### Peak memory of the provider process", "");
    lines.push(
      `Max RSS of the dynamic provider process (\`node …/@pulumi/pulumi/cmd/dynamic-provider\`), sampled every ~${SAMPLE_INTERVAL_MS} ms, in MiB:`,
      "median (min–max) over the repeats. The target is taken on `up`.",
      "",
    );
    const mib = (runs: Sample[], peak: (memory: Memory) => number) =>
      runs.every((s) => s.memory.providerProcesses === 0)
        ? "— (not sampled)"
        : spread(
            runs.map((s) => peak(s.memory)),
            (m) => m.toFixed(1),
          );
    const memoryTable = (peak: (memory: Memory) => number) =>
      table(
        ["operation", ...SIDES.map((side) => `${SIDE_LABELS[side]} (MiB)`)],
        OPERATIONS.map(({ key, label }) => [label, ...SIDES.map((side) => mib(samples[side][key], peak))]),
      );
    memoryTable((memory) => memory.peakRssMiB);
    lines.push(
      "Of that, the anonymous part at its own peak (`RssAnon` in `/proc/<pid>/status`: the JS heap, malloc's arenas,",
      "compiled code). What the RSS holds besides is mostly clean pages of the node executable, which other processes",
      "share and the kernel may drop.",
      "",
    );
    memoryTable((memory) => memory.peakAnonMiB);
  }
  return lines.join("\n");
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions();
  const facts: Facts = {
    date: timestamp(),
    nproc: execFileSync("nproc", { encoding: "utf8" }).trim(),
    cpu: os.cpus()[0]?.model?.trim() ?? "unknown CPU",
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: loadAverage(),
    node: process.version,
    pulumi: requireEngine(),
    sdk: JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version,
  };
  console.log(
    `bench: N = ${options.sizes.join(", ")}, ${options.repeats} repeat(s), node ${facts.node}, pulumi ${facts.pulumi}, ${facts.nproc} cores, load ${facts.loadAverage}` +
      (options.full ? "" : ` (not a full run: writes ${path.relative(process.cwd(), options.out)})`),
  );

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-bench-"));
  let api: LocalApi | undefined;
  try {
    api = await startLocalApi({ dataDir: path.join(scratch, "api") });
    const results: SizeResult[] = [];
    for (const n of options.sizes) results.push(await benchSize(n, options.repeats, api, scratch));
    const lookups: LookupResult[] = [];
    for (const n of options.sizes) lookups.push(await benchLookups(n, options.repeats, scratch));
    const markdown = report(options, facts, results, lookups);
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${markdown}\n`);
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUT_DIR, "results.json"), `${JSON.stringify({ options, facts, results, lookups }, null, 2)}\n`);
    console.log(
      `\n${markdown}\nwritten to ${path.relative(process.cwd(), options.out)} (every sample: ${path.relative(process.cwd(), path.join(OUT_DIR, "results.json"))})`,
    );
  } finally {
    await api?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Now, to the second, as every report writes it. */
function timestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(", ");
}

/** The first line of the reports of bench/profile.ts and bench/state-cost.ts: when, how many CPUs, how loaded. */
function startFacts(): string {
  return `- date: ${timestamp()}; ${os.cpus().length} CPUs; load average at the start ${loadAverage()}`;
}

// bench/profile.ts and bench/state-cost.ts import the stacks and figures from here; only running this file runs the benchmark.
export {
  startFacts,
  storeDeclarations,
  openStack,
  isDynamicProvider,
  requestFigures,
  PROGRAMS,
  PASSPHRASE,
  OPERATIONS,
  type OperationKey,
  type BenchStack,
};

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`bench failed: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  });
}
