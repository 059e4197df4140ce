#!/usr/bin/env node
/**
 * The benchmark: N PropagationStores against the local PingOne API next to N trivial dynamic resources (the
 * engine's own floor), through the real Pulumi engine (`@pulumi/pulumi/automation`), with the default
 * `--parallel`. Prints the figures and writes them to bench/results.md. A script that measures, not a test:
 * nothing is asserted about timings; it exits non-zero only when an operation fails.
 *
 *   npm run bench                 N = 50
 *   npm run bench -- --n 5        (or BENCH_N=5) a quick run while developing
 *
 * Both stacks run operation by operation, interleaved (stores up, floor up, stores preview, ...), so load
 * from anything else on the machine weighs on both sides of each ratio alike.
 */
"use strict";
// First: on an old Node, one line saying what to do instead of a stack trace from node:sqlite.
require("../dist/local-api/check-node");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { LocalWorkspace, Stack } = require("@pulumi/pulumi/automation");
const { descendantsOf } = require("../test/support/processes");

const ROOT = path.resolve(__dirname, "..");
const STORES_PROGRAM = path.join(__dirname, "programs", "stores");
const FLOOR_PROGRAM = path.join(__dirname, "programs", "floor");
const RESULTS_FILE = path.join(__dirname, "results.md");
const PASSPHRASE = "bench-passphrase";
const SAMPLE_INTERVAL_MS = 100;

function parseN() {
  const args = process.argv.slice(2);
  let value = process.env.BENCH_N;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--n") value = args[++i];
    else if (args[i].startsWith("--n=")) value = args[i].slice(4);
    else throw new Error(`unknown argument ${args[i]}; usage: node bench/run.js [--n N]`);
  }
  const n = value === undefined ? 50 : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got ${value}`);
  return n;
}

// ---- inputs -------------------------------------------------------------------------------------------------

/** test/fixtures/store-examples.ts, transpiled in memory (it only imports types), so this script needs no build. */
function loadFixtures() {
  const ts = require("typescript");
  const file = path.join(ROOT, "test", "fixtures", "store-examples.ts");
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  const mod = { exports: {} };
  new Function("exports", "require", "module", outputText)(mod.exports, require, mod);
  return mod.exports;
}

/**
 * N stores cycling through every type, each with its full fixture configuration (minimal where there is no
 * full one), every secret key moved into secret stack config.
 */
function storeDeclarations(n, description) {
  const { storeTypes, secretKeysOf } = require("../dist/provider/store-types");
  const { fullConfigurations, minimalConfigurations } = loadFixtures();
  const declarations = [];
  const secrets = {};
  for (let i = 0; i < n; i++) {
    const type = storeTypes[i % storeTypes.length];
    const logicalName = `store-${String(i).padStart(3, "0")}-${type.toLowerCase()}`;
    const configuration = fullConfigurations[type] ?? minimalConfigurations[type];
    const args = { type, name: `${type} bench ${i}`, description: `${description} ${i}` };
    if (configuration) {
      args.configuration = { ...configuration };
      for (const key of secretKeysOf(type)) {
        if (typeof configuration[key] !== "string") continue;
        const name = `${logicalName}_${key}`.replace(/[^A-Za-z0-9_]/g, "_");
        secrets[name] = configuration[key];
        args.configuration[key] = { $secret: name };
      }
    }
    declarations.push({ logicalName, args });
  }
  return { declarations, secrets };
}

// ---- the provider process's memory --------------------------------------------------------------------------

/** The node process running `@pulumi/pulumi/cmd/dynamic-provider` (not the shim's `node -e require.resolve(...)`). */
function isDynamicProvider(pid) {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  return (
    argv.length >= 2 &&
    path.basename(argv[0]).startsWith("node") &&
    !argv.includes("-e") &&
    argv.slice(1).some((arg) => arg.includes(`${path.sep}cmd${path.sep}dynamic-provider`))
  );
}

function memoryKiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** Samples, every ~100 ms, the RSS of this process's dynamic-provider descendants. */
function startSampler() {
  const pids = new Set();
  let peakRssKiB = 0;
  let peakHwmKiB = 0;
  let samples = 0;
  const sample = () => {
    samples++;
    for (const pid of descendantsOf(process.pid)) {
      try {
        if (!isDynamicProvider(pid)) continue;
        const { rss, hwm } = memoryKiB(pid);
        pids.add(pid);
        peakRssKiB = Math.max(peakRssKiB, rss);
        peakHwmKiB = Math.max(peakHwmKiB, hwm);
      } catch {
        // Exited between listing and reading.
      }
    }
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    return { providerProcesses: pids.size, peakRssMiB: peakRssKiB / 1024, peakHwmMiB: peakHwmKiB / 1024, samples };
  };
}

// ---- stacks -------------------------------------------------------------------------------------------------

async function openStack(programDir, stackName, backend, config) {
  const workspace = await LocalWorkspace.create({
    workDir: programDir,
    envVars: {
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    },
  });
  const stack = await Stack.create(stackName, workspace);
  await stack.setAllConfig(config);
  let removed = false;
  return {
    stack,
    /** Idempotent: destroys whatever is left (after a failure), removes the stack and its config file. */
    async remove() {
      if (removed) return;
      removed = true;
      try {
        const resources = (await stack.exportStack()).deployment?.resources ?? [];
        if (resources.some((r) => r.type !== "pulumi:pulumi:Stack")) await stack.destroy();
      } catch (e) {
        console.error(`cleanup: destroy of ${stackName} failed: ${e.message}`);
      }
      try {
        await workspace.removeStack(stackName, { force: true });
      } finally {
        fs.rmSync(path.join(programDir, `Pulumi.${stackName}.yaml`), { force: true });
      }
    },
  };
}

const secretConfig = (values) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, secret: true }]));

/** Length of each dynamic resource's serialized provider, in its inputs and outputs. */
function providerBytes(deployment) {
  const inputs = [];
  const outputs = [];
  for (const resource of deployment.resources ?? []) {
    if (!resource.type.startsWith("pulumi-nodejs:dynamic")) continue;
    const size = (value) => (typeof value === "string" ? Buffer.byteLength(value) : Buffer.byteLength(JSON.stringify(value ?? "")));
    if (resource.inputs?.__provider !== undefined) inputs.push(size(resource.inputs.__provider));
    if (resource.outputs?.__provider !== undefined) outputs.push(size(resource.outputs.__provider));
  }
  const range = (values) => (values.length === 0 ? { min: 0, max: 0, count: 0 } : { min: Math.min(...values), max: Math.max(...values), count: values.length });
  return { inputs: range(inputs), outputs: range(outputs) };
}

/** The local API's request log for one operation, by kind. */
function countRequests(entries) {
  const counts = { GET: 0, POST: 0, PUT: 0, PATCH: 0, DELETE: 0, token: 0, other: 0, failed: 0 };
  const failures = [];
  for (const entry of entries) {
    if (entry.path.endsWith("/as/token")) counts.token++;
    else if (entry.path.startsWith("/v1/") && entry.method in counts) counts[entry.method]++;
    else counts.other++;
    if (entry.status === null || entry.status >= 400) {
      counts.failed++;
      failures.push(`${entry.method} ${entry.path} -> ${entry.status ?? "dropped"}${entry.fault ? ` (${entry.fault})` : ""}`);
    }
  }
  return { counts, failures, total: entries.length };
}

function changesOf(result) {
  const summary = result.summary?.resourceChanges ?? result.changeSummary ?? {};
  return Object.entries(summary)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
}

// ---- report -------------------------------------------------------------------------------------------------

const OPERATIONS = [
  { key: "up", label: "`up` (create N)" },
  { key: "preview", label: "`preview` (no-op)" },
  { key: "refresh", label: "`refresh`" },
  { key: "update", label: "`up` (update: description of all N)" },
  { key: "destroy", label: "`destroy`" },
];

const seconds = (ms) => (ms / 1000).toFixed(2);
const perStore = (count, n) => (count / n).toFixed(2).replace(/\.00$/, "");

function report({ n, facts, results }) {
  const lines = [];
  const table = (header, rows) => {
    lines.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
    for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
    lines.push("");
  };
  lines.push("# Benchmark results", "");
  lines.push(`Produced by \`npm run bench\` (bench/run.js); see bench/README.md for what is measured and how.`, "");
  lines.push(
    `- date: ${facts.date}`,
    `- machine: ${facts.nproc} cores (nproc), ${facts.cpu}, ${facts.memGiB} GiB RAM, ${facts.platform}`,
    `- node ${facts.node}, pulumi ${facts.pulumi}, @pulumi/pulumi ${facts.sdk}`,
    `- N = ${n} per stack; \`--parallel\` default; file backend; local API on loopback`,
    "",
  );

  lines.push("## Wall time", "");
  lines.push(`Seconds per operation, as the automation API sees it (CLI start, program run, engine, provider).`, "");
  table(
    ["operation", `${n} PropagationStores (s)`, `${n} trivial dynamic resources (s)`, "ratio"],
    OPERATIONS.map(({ key, label }) => {
      const s = results.stores[key];
      const f = results.floor[key];
      return [label, seconds(s.ms), seconds(f.ms), `${(s.ms / f.ms).toFixed(2)}×`];
    }),
  );

  lines.push("## HTTP requests per operation (PropagationStores)", "");
  lines.push(
    "From the local API's request log, cleared before each operation. `/v1/` requests by method, token requests",
    "(`/as/token`), the provider processes seen, and the requests per store.",
    "",
  );
  table(
    ["operation", "GET", "POST", "PUT", "DELETE", "token", "other", "failed (≥400)", "provider processes", "per store", "engine changes"],
    OPERATIONS.map(({ key, label }) => {
      const r = results.stores[key];
      const c = r.requests.counts;
      const per = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .filter((m) => c[m] > 0)
        .map((m) => `${perStore(c[m], n)} ${m}`)
        .join(", ");
      return [label, c.GET, c.POST, c.PUT, c.DELETE, c.token, c.other, c.failed, r.memory.providerProcesses, per || "0", r.changes];
    }),
  );
  const failures = OPERATIONS.flatMap(({ key }) => results.stores[key].requests.failures.map((f) => `- ${key}: ${f}`));
  if (failures.length > 0) lines.push("Failed requests:", "", ...failures, "");

  lines.push("## `__provider` bytes per resource", "");
  lines.push("Length of the serialized provider each resource carries in its state, from `stack.exportStack()` after the first `up`.", "");
  const bytes = (b) => (b.count === 0 ? "—" : b.min === b.max ? `${b.min}` : `${b.min}–${b.max}`);
  table(
    ["", "PropagationStore", "trivial dynamic resource"],
    [
      ["`inputs.__provider` (min–max)", bytes(results.stores.providerBytes.inputs), bytes(results.floor.providerBytes.inputs)],
      ["`outputs.__provider` (min–max)", bytes(results.stores.providerBytes.outputs), bytes(results.floor.providerBytes.outputs)],
    ],
  );

  lines.push("## Peak memory of the provider process", "");
  lines.push(
    `Max RSS of the dynamic provider process (\`node …/@pulumi/pulumi/cmd/dynamic-provider\`), sampled every ~${SAMPLE_INTERVAL_MS} ms;`,
    "in brackets the kernel's own high-water mark (VmHWM) at the last sample. The figure asked for is `up`.",
    "",
  );
  const mib = (m) => (m.providerProcesses === 0 ? "— (not sampled)" : `${m.peakRssMiB.toFixed(1)} (${m.peakHwmMiB.toFixed(1)})`);
  table(
    ["operation", "PropagationStore (MiB)", "trivial dynamic resource (MiB)"],
    OPERATIONS.map(({ key, label }) => [label, mib(results.stores[key].memory), mib(results.floor[key].memory)]),
  );
  return lines.join("\n");
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main() {
  const n = parseN();
  const { startLocalApi } = require("../dist/local-api");
  const pulumiVersion = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  const facts = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: execFileSync("nproc", { encoding: "utf8" }).trim(),
    cpu: os.cpus()[0]?.model?.trim() ?? "unknown CPU",
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumi: pulumiVersion,
    sdk: require("@pulumi/pulumi/package.json").version,
  };
  console.log(`bench: N = ${n}, node ${facts.node}, pulumi ${facts.pulumi}, ${facts.nproc} cores`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-bench-"));
  const backend = path.join(scratch, "state");
  fs.mkdirSync(backend);
  const storesFile = path.join(scratch, "stores.json");
  const cleanups = [];
  try {
    const api = await startLocalApi({ dataDir: path.join(scratch, "api") });
    cleanups.push(() => api.close());
    const requests = {
      clear: async () => {
        const res = await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
        if (!res.ok) throw new Error(`clearing the request log: HTTP ${res.status}`);
      },
      read: async () => (await fetch(`${api.url}/__admin/requests`)).json(),
    };

    const initial = storeDeclarations(n, "bench store");
    fs.writeFileSync(storesFile, JSON.stringify(initial.declarations, null, 2));
    const suffix = `${process.pid}`;
    const stores = await openStack(STORES_PROGRAM, `bench-stores-${suffix}`, backend, {
      "pingone:apiHostname": { value: api.url },
      "pingone:authHostname": { value: api.url },
      "pingone:clientId": { value: api.clientId },
      "pingone:clientSecret": { value: api.clientSecret, secret: true },
      "pingone:environmentId": { value: api.environmentIds[0] },
      "pingone:retryTimeoutSeconds": { value: "60" },
      storesFile: { value: storesFile },
      ...secretConfig(initial.secrets),
    });
    cleanups.push(() => stores.remove());
    const floor = await openStack(FLOOR_PROGRAM, `bench-floor-${suffix}`, backend, {
      count: { value: String(n) },
      description: { value: "bench floor" },
    });
    cleanups.push(() => floor.remove());

    const results = { stores: {}, floor: {} };
    const sides = {
      stores: {
        stack: stores.stack,
        beforeUpdate: async () => {
          const updated = storeDeclarations(n, "bench store (updated)");
          fs.writeFileSync(storesFile, JSON.stringify(updated.declarations, null, 2));
        },
      },
      floor: {
        stack: floor.stack,
        beforeUpdate: () => floor.stack.setConfig("description", { value: "bench floor (updated)" }),
      },
    };
    const run = {
      up: (stack) => stack.up(),
      preview: (stack) => stack.preview(),
      refresh: (stack) => stack.refresh(),
      update: (stack) => stack.up(),
      destroy: (stack) => stack.destroy(),
    };

    for (const { key } of OPERATIONS) {
      for (const side of ["stores", "floor"]) {
        const { stack, beforeUpdate } = sides[side];
        if (key === "update") await beforeUpdate();
        if (side === "stores") await requests.clear();
        const stopSampler = startSampler();
        const started = performance.now();
        let result;
        try {
          result = await run[key](stack);
        } finally {
          results[side][key] = { ms: performance.now() - started, memory: stopSampler() };
        }
        const entry = results[side][key];
        entry.changes = changesOf(result);
        if (side === "stores") entry.requests = countRequests(await requests.read());
        console.log(
          `  ${side.padEnd(6)} ${key.padEnd(8)} ${seconds(entry.ms).padStart(7)} s  ${entry.changes}` +
            (entry.requests ? `  requests ${JSON.stringify(entry.requests.counts)}` : ""),
        );
        if (key === "up") results[side].providerBytes = providerBytes((await stack.exportStack()).deployment);
      }
    }

    const markdown = report({ n, facts, results });
    fs.writeFileSync(RESULTS_FILE, `${markdown}\n`);
    console.log(`\n${markdown}\nwritten to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    let cleanupFailed = false;
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        cleanupFailed = true;
        console.error(`cleanup failed: ${e.stack ?? e}`);
      }
    }
    fs.rmSync(scratch, { recursive: true, force: true });
    if (cleanupFailed) process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack ?? e}`);
  process.exitCode = 1;
});
