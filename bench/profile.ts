/**
 * Where the time goes: the PropagationStores stack and the fair floor (bench/README.md), N resources each,
 * every operation once, with every Node process the engine starts (the program, the dynamic provider) under
 * `node --cpu-prof`, and every process's CPU time read from /proc. It writes, per operation and side, the wall
 * time, the CPU time of each process (the Pulumi CLI, the language host, the program, the provider), the
 * program's and the provider's busy time by category (`bench/cpu-profile.ts` says how samples are placed),
 * the local API's own time, reads and writes apart, and the Pulumi CLI's CPU by part from its own Go profile
 * (`bench/cli-profile.ts`; needs `go` on PATH to read it, else those rows are left out).
 *
 *   npm run bench:profile                          N = 100: writes bench/out/profile.md
 *   npm run bench:profile -- --n 50 --out FILE --keep   keep the .cpuprofile files (open them in Chrome DevTools)
 *
 * The profiler slows Node processes down (by a tenth or so), and a loaded machine slows everything: read the
 * proportions, not the absolute figures. The engine sends SIGINT to the provider at the end of a run (see
 * pulumi-engine-facts.md §1); `profile-preload.js` makes it exit normally then, or no profile would be written.
 * Linux only (it reads /proc).
 */
import "../local-api/check-node";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startLocalApi, type LocalApi, type RequestLogEntry } from "../local-api";
import { secretConfig } from "../test/support/declarations";
import { descendantsOf } from "../test/support/processes";
import { pingoneConfig } from "../test/support/stack";
import { CLI_PARTS, PROFILE_PREFIX_VARIABLE, profilingPulumiCommand, readCliProfile } from "./cli-profile";
import { readProfile, type ProcessProfile } from "./cpu-profile";
import {
  isDynamicProvider,
  openStack,
  OPERATIONS,
  requestFigures,
  startFacts,
  storeDeclarations,
  type BenchStack,
  type OperationKey,
} from "./run";

const OUT_DIR = path.join(__dirname, "out");
const PRELOAD = path.join(__dirname, "profile-preload.js");
const SAMPLE_INTERVAL_MS = 50;
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on every Linux we run on). */
const CLOCK_TICKS = 100;

type Side = "stores" | "fair";
const SIDES: Side[] = ["stores", "fair"];
const SIDE_LABELS: Record<Side, string> = { stores: "PropagationStores", fair: "fair floor" };
type Role = "Pulumi CLI" | "language host" | "program" | "provider" | "other processes";
const ROLES: Role[] = ["Pulumi CLI", "language host", "program", "provider", "other processes"];

function roleOf(pid: number): Role {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const command = path.basename(argv[0] ?? "");
  if (command === "pulumi") return "Pulumi CLI";
  if (command.startsWith("pulumi-language-nodejs")) return "language host";
  if (isDynamicProvider(pid)) return "provider";
  if (command.startsWith("node") && argv.some((arg) => arg.includes(`${path.sep}cmd${path.sep}run`))) return "program";
  return "other processes";
}

/** Samples the CPU time of this process's descendants; the stop function returns seconds of CPU per role. */
function startCpuSampler(): () => Record<Role, number> {
  const latest = new Map<number, { role: Role; ticks: number }>();
  const sample = () => {
    for (const pid of descendantsOf(process.pid)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // utime and stime are the 14th and 15th fields of stat, the 12th and 13th after the command name.
        const ticks = Number(fields[11]) + Number(fields[12]);
        const known = latest.get(pid);
        latest.set(pid, { role: known?.role ?? roleOf(pid), ticks });
      } catch {
        // Exited between listing and reading: its last sample stands.
      }
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    sample();
    const seconds = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
    for (const { role, ticks } of latest.values()) seconds[role] += ticks / CLOCK_TICKS;
    return seconds;
  };
}

interface LocalApiTime {
  busyMs: number;
  reads: { count: number; ms: number };
  writes: { count: number; ms: number };
}

function localApiTime(entries: RequestLogEntry[]): LocalApiTime {
  const apiEntries = entries.filter((entry) => entry.path.startsWith("/v1/"));
  const sum = (list: RequestLogEntry[]) => ({ count: list.length, ms: list.reduce((total, entry) => total + entry.durationMs, 0) });
  return {
    busyMs: requestFigures(entries).api.busyMs,
    reads: sum(apiEntries.filter((entry) => entry.method === "GET")),
    writes: sum(apiEntries.filter((entry) => entry.method !== "GET")),
  };
}

interface Measurement {
  wallMs: number;
  cpuSeconds: Record<Role, number>;
  /** Summed over the processes of each role (one provider process per run; the program once). */
  profiles: Partial<Record<"program" | "provider", ProcessProfile>>;
  localApi?: LocalApiTime;
  /** The Pulumi CLI's CPU by part (`bench/cli-profile.ts`), when Go could read its profile. */
  cli?: Record<string, number>;
}

function merged(profiles: ProcessProfile[]): ProcessProfile | undefined {
  if (profiles.length === 0) return undefined;
  const categories: Record<string, number> = {};
  for (const profile of profiles)
    for (const [category, ms] of Object.entries(profile.categories)) categories[category] = (categories[category] ?? 0) + ms;
  return {
    role: profiles[0].role,
    totalMs: profiles.reduce((total, profile) => total + profile.totalMs, 0),
    busyMs: profiles.reduce((total, profile) => total + profile.busyMs, 0),
    categories,
  };
}

async function measure(bench: BenchStack, key: OperationKey, profileDir: string, api: LocalApi | undefined): Promise<Measurement> {
  const workspace = bench.stack.workspace as LocalWorkspace;
  fs.mkdirSync(profileDir, { recursive: true });
  workspace.envVars.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${profileDir} --require=${PRELOAD}`;
  const cliPrefix = path.join(profileDir, "cli");
  workspace.envVars[PROFILE_PREFIX_VARIABLE] = cliPrefix;
  if (api) await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
  const stopCpu = startCpuSampler();
  const started = performance.now();
  try {
    if (key === "preview") await bench.stack.preview();
    else if (key === "refresh") await bench.stack.refresh();
    else if (key === "destroy") await bench.stack.destroy();
    else await bench.stack.up();
  } finally {
    delete workspace.envVars.NODE_OPTIONS;
    delete workspace.envVars[PROFILE_PREFIX_VARIABLE];
  }
  const wallMs = performance.now() - started;
  const cpuSeconds = stopCpu();
  const byRole: Record<string, ProcessProfile[]> = {};
  for (const file of fs.readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = readProfile(path.join(profileDir, file));
    byRole[profile.role] ??= [];
    byRole[profile.role].push(profile);
  }
  const localApi = api ? localApiTime((await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[]) : undefined;
  return {
    wallMs,
    cpuSeconds,
    profiles: { program: merged(byRole.program ?? []), provider: merged(byRole.provider ?? []) },
    localApi,
    cli: readCliProfile(cliPrefix),
  };
}

// ---- report -------------------------------------------------------------------------------------------------

const ms = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(0));
const share = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(0)}%` : "—");

function report(n: number, results: Record<Side, Partial<Record<OperationKey, Measurement>>>, facts: string[]): string {
  const lines: string[] = [
    "# Where the time goes",
    "",
    "Produced by `npm run bench:profile` (bench/profile.ts); see bench/README.md.",
    "",
    ...facts,
    "",
  ];
  const table = (header: string[], rows: string[][]) => {
    lines.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`), "");
  };
  for (const { key, label } of OPERATIONS) {
    const sides = SIDES.filter((side) => results[side][key]);
    if (sides.length === 0) continue;
    lines.push(`## ${label}`, "");
    table(
      ["", ...sides.map((side) => SIDE_LABELS[side])],
      [
        ["wall time (ms)", ...sides.map((side) => ms(results[side][key]!.wallMs))],
        ...ROLES.map((role) => [`CPU: ${role} (ms)`, ...sides.map((side) => ms(1000 * results[side][key]!.cpuSeconds[role]))]),
        ["local API busy (ms)", ...sides.map((side) => ms(results[side][key]!.localApi?.busyMs))],
        [
          "local API: reads (count, ms)",
          ...sides.map((side) =>
            results[side][key]!.localApi
              ? `${results[side][key]!.localApi!.reads.count}, ${ms(results[side][key]!.localApi!.reads.ms)}`
              : "—",
          ),
        ],
        [
          "local API: writes (count, ms)",
          ...sides.map((side) =>
            results[side][key]!.localApi
              ? `${results[side][key]!.localApi!.writes.count}, ${ms(results[side][key]!.localApi!.writes.ms)}`
              : "—",
          ),
        ],
      ],
    );
    if (sides.some((side) => results[side][key]!.cli)) {
      lines.push("The Pulumi CLI: CPU by part, from its own profile (`--profiling`), ms.", "");
      const cpuOf = (side: Side, label: string) => ms(results[side][key]!.cli?.[label]);
      table(
        ["part", ...sides.map((side) => SIDE_LABELS[side])],
        [
          ["all of the CLI's sampled CPU", ...sides.map((side) => cpuOf(side, "total"))],
          ...CLI_PARTS.map(({ label }) => [label, ...sides.map((side) => cpuOf(side, label))]),
        ],
      );
    }
    for (const role of ["program", "provider"] as const) {
      const profiles = sides.map((side) => results[side][key]!.profiles[role]);
      if (profiles.every((profile) => profile === undefined)) continue;
      const categories = [...new Set(profiles.flatMap((profile) => Object.keys(profile?.categories ?? {})))];
      const weight = (category: string) => Math.max(...profiles.map((profile) => profile?.categories[category] ?? 0));
      categories.sort((a, b) => weight(b) - weight(a));
      lines.push(`${role === "program" ? "The program" : "The provider process"}: busy time by category, ms (share of its busy time).`, "");
      table(
        ["category", ...sides.map((side) => SIDE_LABELS[side])],
        [
          [
            "busy (of profiled wall time)",
            ...profiles.map((profile) => (profile ? `${ms(profile.busyMs)} (of ${ms(profile.totalMs)})` : "—")),
          ],
          ...categories.map((category) => [
            category,
            ...profiles.map((profile) =>
              profile ? `${ms(profile.categories[category] ?? 0)} (${share(profile.categories[category] ?? 0, profile.busyMs)})` : "—",
            ),
          ]),
        ],
      );
    }
  }
  lines.push(`N = ${n} per side.`);
  return lines.join("\n");
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: "string" }, out: { type: "string" }, keep: { type: "boolean" } } });
  const n = Number(values.n ?? process.env.BENCH_N ?? 100);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--n must be a positive integer; usage: npm run bench:profile -- [--n 100] [--out FILE] [--keep]`);
  const out = path.resolve(values.out ?? path.join(OUT_DIR, "profile.md"));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-profile-"));
  const profiles = values.keep ? path.join(OUT_DIR, "profiles") : path.join(scratch, "profiles");
  fs.rmSync(profiles, { recursive: true, force: true });
  const facts = [
    startFacts(),
    `- node ${process.version}; every Node process under \`--cpu-prof\` (slower than without); CPU of each process from /proc, sampled every ${SAMPLE_INTERVAL_MS} ms`,
  ];
  console.log(`profile: N = ${n}, load ${os.loadavg()[0].toFixed(2)}`);

  let api: LocalApi | undefined;
  const stacks: Partial<Record<Side, BenchStack>> = {};
  const results: Record<Side, Partial<Record<OperationKey, Measurement>>> = { stores: {}, fair: {} };
  try {
    api = await startLocalApi({ dataDir: path.join(scratch, "api") });
    const backend = path.join(scratch, "state");
    fs.mkdirSync(backend);
    const storesFile = path.join(scratch, "stores.json");
    const write = (description: string) => {
      const { declarations, secrets } = storeDeclarations(n, description);
      fs.writeFileSync(storesFile, JSON.stringify(declarations));
      return secrets;
    };
    const secrets = secretConfig(write("profile"));
    const pulumi = await profilingPulumiCommand(path.join(scratch, "cli"));
    stacks.stores = await openStack(
      "stores",
      `profile-stores-${process.pid}`,
      backend,
      { ...pingoneConfig(api), storesFile: { value: storesFile }, ...secrets },
      pulumi,
    );
    stacks.fair = await openStack(
      "fair-floor",
      `profile-fair-${process.pid}`,
      backend,
      { storesFile: { value: storesFile }, ...secrets },
      pulumi,
    );
    for (const { key } of OPERATIONS) {
      if (key === "update") write("profile updated");
      for (const side of SIDES) {
        const measurement = await measure(stacks[side]!, key, path.join(profiles, side, key), side === "stores" ? api : undefined);
        results[side][key] = measurement;
        console.log(`  ${side.padEnd(6)} ${key.padEnd(8)} ${(measurement.wallMs / 1000).toFixed(2)} s`);
      }
    }
    const markdown = report(n, results, facts);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${markdown}\n`);
    console.log(
      `\n${markdown}\nwritten to ${path.relative(process.cwd(), out)}${values.keep ? ` (profiles in ${path.relative(process.cwd(), profiles)})` : ""}`,
    );
  } finally {
    for (const side of [...SIDES].reverse())
      await stacks[side]?.remove().catch((e: Error) => console.error(`cleanup of ${side}: ${e.message}`));
    await api?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`profile failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
