/**
 * What a store's state costs the Pulumi CLI to save, part by part, against the fair floor (bench/README.md).
 *
 * After every step of a run, the CLI serializes every resource of the stack again and writes the whole state
 * (file backend), so a run of N writes costs it O(N²) saves of one resource, and the cost of one such save is
 * what makes the writes' excess grow with N. This measures that cost directly, without the noise of whole runs:
 *
 * 1. `up` of the PropagationStores stack and of the fair floor, N resources each (default 14, one of each type),
 *    against the local API, and `stack export` of both;
 * 2. variants of the stores' exported state, each without one part (or with it encoded another way);
 * 3. `tools/pulumi/state-cost` (Go, built against the engine the CLI is built from) saves each variant's
 *    resources with the engine's own serializer, in turns, and reports microseconds per resource per save.
 *
 *   npm run bench:state                         writes bench/out/state-cost.md
 *   npm run bench:state -- --rounds 60 --out FILE
 *
 * Needs `go` on PATH (to build the measurement; the modules come from the Go module cache or proxy). Figures are
 * per save of one resource; a write of N stores performs about N²/2 of them (create, destroy) or N² (update).
 * The exported states hold the test secrets in plaintext: they live in a temporary directory, removed at the end.
 */
import "../local-api/check-node";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { startLocalApi, type LocalApi } from "../local-api";
import { STORE_TYPE_TOKEN } from "../provider/cli/orphans";
import { secretConfig } from "../test/support/declarations";
import { pingoneConfig } from "../test/support/stack";
import { openStack, startFacts, storeDeclarations, type BenchStack } from "./run";

const OUT_DIR = path.join(__dirname, "out");
const MEASUREMENT_MODULE = path.join(__dirname, "..", "tools", "pulumi");
const FLOOR_TYPE = "pulumi-nodejs:dynamic:Resource";

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  propertyDependencies?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
}

/** A variant of a store's state: what it changes, and the change, made in place on one exported resource. */
interface Variant {
  label: string;
  change: (resource: ExportedResource) => void;
}

const omitOutputs =
  (...keys: string[]) =>
  (resource: ExportedResource) => {
    for (const key of keys) delete resource.outputs?.[key];
  };

/** Leaves `key` out of the inputs, the outputs and the property dependencies alike. */
const omitEverywhere = (key: string) => (resource: ExportedResource) => {
  for (const part of [resource.inputs, resource.outputs, resource.propertyDependencies]) delete part?.[key];
};

const OTHER_READ_ONLY_FIELDS = ["storeId", "status", "createdAt", "updatedAt"];

const VARIANTS: Variant[] = [
  { label: "the state as it is", change: () => {} },
  { label: "without `declaredProperties`", change: omitOutputs("declaredProperties") },
  {
    label: "`declaredProperties` as one JSON string (the encoding tried on 2026-12-04)",
    change: (resource) => {
      const declared = resource.outputs?.declaredProperties;
      if (Array.isArray(declared)) resource.outputs!.declaredProperties = JSON.stringify(declared);
    },
  },
  { label: "without `syncStatus`", change: omitOutputs("syncStatus") },
  { label: "without `storeId`, `status`, `createdAt`, `updatedAt`", change: omitOutputs(...OTHER_READ_ONLY_FIELDS) },
  {
    label: "without any of PingOne's read-only fields (the two rows above)",
    change: omitOutputs("syncStatus", ...OTHER_READ_ONLY_FIELDS),
  },
  {
    label: "`configuration` in the outputs as in the inputs (its secret keys secret, not the whole object)",
    change: (resource) => {
      const configuration = resource.outputs?.configuration as Record<string, unknown> | undefined;
      if (configuration?.[specialSigKey] && typeof configuration.plaintext === "string")
        resource.outputs!.configuration = JSON.parse(configuration.plaintext);
      delete resource.additionalSecretOutputs;
    },
  },
  { label: "without `__logicalName` (inputs and outputs)", change: omitEverywhere("__logicalName") },
  { label: "without `environmentId` (inputs and outputs)", change: omitEverywhere("environmentId") },
];

interface Measured {
  label: string;
  resources: number;
  microsPerResourcePerSave: number;
  ratioToFirst: number;
  bytesPerResource: number;
}

/** `go version`, or an error that says what to install: checked before anything is deployed. */
function goVersion(): string {
  try {
    return execFileSync("go", ["version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "`go` is not on PATH: bench:state builds its measurement with Go (https://go.dev/dl/), against the engine in tools/pulumi",
    );
  }
}

/** Builds the Go measurement into `dir` and runs it; one result per argument, in order. */
function runMeasurement(dir: string, rounds: number, args: string[]): Measured[] {
  const binary = path.join(dir, "state-cost");
  try {
    execFileSync("go", ["build", "-o", binary, "./state-cost"], { cwd: MEASUREMENT_MODULE, stdio: ["ignore", "inherit", "inherit"] });
  } catch (e) {
    throw new Error(`building tools/pulumi/state-cost failed (see the go output above): ${(e as Error).message}`);
  }
  const output = execFileSync(binary, [String(rounds), ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  return output
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Measured);
}

function report(n: number, rounds: number, floor: Measured, stores: Measured[], facts: string[]): string {
  const base = stores[0];
  const excess = base.ratioToFirst - 1;
  const rows = stores.map((variant, i) => {
    const share = i === 0 ? "" : `${Math.round(((base.ratioToFirst - variant.ratioToFirst) / excess) * 100)} %`;
    return `| ${VARIANTS[i].label} | ${variant.microsPerResourcePerSave.toFixed(1)} | ${variant.ratioToFirst.toFixed(2)}× | ${share} | ${variant.bytesPerResource} |`;
  });
  return [
    "# What a store's state costs the CLI to save, by part",
    "",
    "Produced by `npm run bench:state` (bench/state-cost.ts); see bench/README.md.",
    "",
    ...facts,
    `- N = ${n} resources per side; ${rounds} rounds, each with a burst of saves of every variant in turn; medians`,
    "",
    "Microseconds of the CLI's work per resource per state save (the engine's `SerializeResource`, its secrets through the",
    "caching batch encrypter, and the JSON the file backend writes), the ratio to the fair floor's within a round,",
    "the part of the stores' excess over the floor that the variant takes away, and the bytes written per resource.",
    "",
    "| state of each resource | µs per save | to the fair floor | of the excess | bytes |",
    "|---|---|---|---|---|",
    `| fair floor | ${floor.microsPerResourcePerSave.toFixed(1)} | 1.00× |  | ${floor.bytesPerResource} |`,
    ...rows,
  ].join("\n");
}

async function main(): Promise<void> {
  const usage = "usage: npm run bench:state -- [--n 14] [--rounds 40] [--out FILE]";
  const { values } = parseArgs({ options: { n: { type: "string" }, rounds: { type: "string" }, out: { type: "string" } } });
  const n = Number(values.n ?? 14);
  const rounds = Number(values.rounds ?? 40);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer; ${usage}`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer; ${usage}`);
  const out = path.resolve(values.out ?? path.join(OUT_DIR, "state-cost.md"));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-state-cost-"));
  const facts = [startFacts(), `- ${goVersion()}; the engine of tools/pulumi/go.mod`];
  let api: LocalApi | undefined;
  const stacks: BenchStack[] = [];
  try {
    api = await startLocalApi({ dataDir: path.join(scratch, "api") });
    const backend = path.join(scratch, "state");
    fs.mkdirSync(backend);
    const storesFile = path.join(scratch, "stores.json");
    const { declarations, secrets } = storeDeclarations(n, "state cost");
    fs.writeFileSync(storesFile, JSON.stringify(declarations));
    const config = { storesFile: { value: storesFile }, ...secretConfig(secrets) };
    const sides = [
      { program: "stores", config: { ...pingoneConfig(api), ...config } },
      { program: "fair-floor", config },
    ];
    const exported: Record<string, { resources: ExportedResource[] }> = {};
    for (const side of sides) {
      const opened = await openStack(side.program, `state-cost-${side.program}-${process.pid}`, backend, side.config);
      stacks.push(opened);
      await opened.stack.up();
      // The automation API exports with the secrets in plaintext, which the measurement reads without the passphrase.
      exported[side.program] = (await opened.stack.exportStack()).deployment;
      console.log(`  ${side.program}: up of ${n}, exported`);
    }
    const floorFile = path.join(scratch, "fair-floor.json");
    fs.writeFileSync(floorFile, JSON.stringify(exported["fair-floor"]));
    const args = [`fair=${floorFile}:${FLOOR_TYPE}`];
    VARIANTS.forEach((variant, i) => {
      const deployment = structuredClone(exported.stores);
      for (const resource of deployment.resources) if (resource.type === STORE_TYPE_TOKEN) variant.change(resource);
      const file = path.join(scratch, `stores-${i}.json`);
      fs.writeFileSync(file, JSON.stringify(deployment));
      args.push(`stores-${i}=${file}:${STORE_TYPE_TOKEN}`);
    });
    console.log(`  measuring ${VARIANTS.length + 1} states, ${rounds} rounds`);
    const [floor, ...stores] = runMeasurement(scratch, rounds, args);
    const markdown = report(n, rounds, floor, stores, facts);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${markdown}\n`);
    console.log(`\n${markdown}\n\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    for (const opened of stacks.reverse()) await opened.remove().catch((e: Error) => console.error(`cleanup: ${e.message}`));
    await api?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:state failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
