/**
 * The toolchain as a user meets it, through real processes: scripts/setup-tools run from a plain shell and
 * from a shell that already has the toolchain first on PATH (through scripts/with-tools), then scripts run
 * from a plain shell, whose first `node` is the machine's old one (the image's /usr/bin/node is Node 20).
 *
 * setup-tools runs against a throwaway cache (PULUMI_PINGONE_CACHE) seeded with links to the real cache's
 * Node and Pulumi, so it finds both already there and never builds Pulumi (minutes) or downloads Node.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NODE_MIN_MAJOR } from "../../local-api/check-node";

const REPO = path.resolve(__dirname, "..", "..");
const REAL_CACHE = process.env.PULUMI_PINGONE_CACHE ?? path.join(os.homedir(), ".cache", "pulumi-pingone-propagation");
const SETUP_TOOLS = path.join(REPO, "scripts", "setup-tools");
const WITH_TOOLS = path.join(REPO, "scripts", "with-tools");
const BUILT_CLI = path.join(REPO, "dist", "local-api", "cli.js");

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
});
function scratch(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `toolchain-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

const majorOf = (version: string) => Number(version.trim().replace(/^v/, "").split(".")[0]);

function nodeVersion(exe: string): string | undefined {
  const result = spawnSync(exe, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * The environment of a shell that never sourced env.sh: this process's (jest runs under with-tools) minus
 * the toolchain's PATH entries and what npm adds for a script. With `firstDir`, that directory comes first.
 */
function plainEnv(firstDir?: string): NodeJS.ProcessEnv {
  const caches = [REAL_CACHE, ...scratchDirs];
  const entries = (process.env.PATH ?? "")
    .split(":")
    .filter((entry) => entry !== "")
    .filter((entry) => !caches.some((cache) => entry === cache || entry.startsWith(`${cache}/`)))
    .filter((entry) => !/\/node_modules\/(@pulumi\/pulumi|\.bin)$/.test(entry) && !entry.endsWith("/node-gyp-bin"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || ["NODE", "INIT_CWD", "PULUMI_PINGONE_REPO", "PULUMI_PINGONE_CACHE"].includes(key)) continue;
    env[key] = value;
  }
  env.PATH = [...(firstDir ? [firstDir] : []), ...entries].join(":");
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: REPO, env, encoding: "utf8", timeout: 120_000 });
}

function mustSucceed(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * A Node.js older than the project needs, in a directory of its own (to put first on PATH as `node`). The
 * machine's own old node when it has one (the image has Node 20). A machine without one gets a stand-in:
 * the current node made to report v20.0.0, which exercises the same version checks but not node:sqlite.
 */
function oldNode(): { dir: string; exe: string; version: string; genuine: boolean } {
  const dir = scratch("old-node");
  const onPlainPath = spawnSync("sh", ["-c", "command -v node"], { env: plainEnv(), encoding: "utf8" }).stdout.trim();
  for (const candidate of [onPlainPath, "/usr/bin/node", "/usr/local/bin/node"]) {
    const version = candidate && fs.existsSync(candidate) ? nodeVersion(candidate) : undefined;
    if (version && majorOf(version) < NODE_MIN_MAJOR) {
      fs.symlinkSync(candidate, path.join(dir, "node"));
      return { dir, exe: path.join(dir, "node"), version, genuine: true };
    }
  }
  const pretend = path.join(dir, "pretend-node-20.js");
  fs.writeFileSync(
    pretend,
    `Object.defineProperty(process.versions, "node", { value: "20.0.0" });\n` +
      `Object.defineProperty(process, "version", { value: "v20.0.0" });\n`,
  );
  const exe = path.join(dir, "node");
  fs.writeFileSync(
    exe,
    `#!/bin/sh\n[ "$1" = --version ] && { echo v20.0.0; exit 0; }\nexec "${process.execPath}" --require "${pretend}" "$@"\n`,
    { mode: 0o755 },
  );
  return { dir, exe, version: "v20.0.0", genuine: false };
}

/** What setup-tools checks before building Pulumi: the hash of the pinned modules (its `.stamp`). */
function expectedStamp(): string {
  const files = [
    "tools/pulumi/go.mod",
    "tools/pulumi/go.sum",
    "tools/pulumi-language-nodejs/go.mod",
    "tools/pulumi-language-nodejs/go.sum",
  ];
  const hash = crypto.createHash("sha256");
  for (const file of files) hash.update(fs.readFileSync(path.join(REPO, file)));
  return hash.digest("hex");
}

/**
 * A throwaway cache holding links to the real cache's installed Node (node-<version>/) and built Pulumi
 * (pulumi-<version>/bin/*), so setup-tools finds them ready. Its own files (env.sh, bin/node, the bundled
 * shim) are written in the throwaway copy only: links are replaced by rename, never written through.
 */
function seededCache(): string {
  if (!fs.existsSync(path.join(REAL_CACHE, "env.sh"))) throw new Error(`${REAL_CACHE} is not set up: run scripts/setup-tools first`);
  const cache = scratch("cache");
  for (const entry of fs.readdirSync(REAL_CACHE)) {
    if (/^node-\d/.test(entry)) fs.symlinkSync(path.join(REAL_CACHE, entry), path.join(cache, entry));
    if (!/^pulumi-v/.test(entry)) continue;
    const realBin = path.join(REAL_CACHE, entry, "bin");
    const bin = path.join(cache, entry, "bin");
    fs.mkdirSync(bin, { recursive: true });
    for (const file of fs.readdirSync(realBin)) fs.symlinkSync(path.join(realBin, file), path.join(bin, file));
    const stamp = path.join(bin, ".stamp");
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() !== expectedStamp()) {
      // setup-tools would rebuild Pulumi here, which takes minutes: refuse rather than wait.
      throw new Error(`${realBin} was built from other tools/ modules: run scripts/setup-tools first`);
    }
  }
  return cache;
}

test("the JavaScript guard's minimum is package.json's engines.node", () => {
  const { engines } = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  expect(engines.node).toBe(`>=${NODE_MIN_MAJOR}`);
  expect(mustSucceed(run(path.join(REPO, "scripts", "check-node"), ["--min"], process.env), "check-node --min").trim()).toBe(
    String(NODE_MIN_MAJOR),
  );
});

describe("scripts/setup-tools", () => {
  test("writes the same env.sh from a plain shell and from with-tools, and a plain shell then gets Node 22 and pulumi", () => {
    const old = oldNode();
    const cache = seededCache();
    // A plain shell whose first node is the machine's old one.
    const plain = { ...plainEnv(old.dir), PULUMI_PINGONE_CACHE: cache };
    expect(mustSucceed(run("node", ["--version"], plain), "node --version in a plain shell").trim()).toBe(old.version);
    const envFile = path.join(cache, "env.sh");

    mustSucceed(run(SETUP_TOOLS, [], plain), "setup-tools from a plain shell");
    const fromPlainShell = fs.readFileSync(envFile, "utf8");
    // The toolchain is what env.sh puts first: absolute directories of the cache, whatever the shell had.
    expect(fromPlainShell).toContain(`export PATH="${cache}/bin:`);

    // The same, from a shell that already has the toolchain first on PATH (the run that used to drop Node 22).
    const insideWithTools = mustSucceed(run(WITH_TOOLS, ["sh", "-c", "command -v node"], plain), "with-tools").trim();
    expect(insideWithTools).toBe(path.join(cache, "bin", "node"));
    mustSucceed(run(WITH_TOOLS, [SETUP_TOOLS], plain), "setup-tools through with-tools");
    expect(fs.readFileSync(envFile, "utf8")).toBe(fromPlainShell);

    // And from a plain shell again (the other order): still the same.
    mustSucceed(run(SETUP_TOOLS, [], plain), "setup-tools from a plain shell, again");
    expect(fs.readFileSync(envFile, "utf8")).toBe(fromPlainShell);

    // A script from a plain shell gets Node 22, through with-tools and through env.sh sourced by hand.
    const viaWithTools = mustSucceed(run(WITH_TOOLS, ["node", "-p", "process.versions.node"], plain), "with-tools node");
    expect(majorOf(viaWithTools)).toBeGreaterThanOrEqual(NODE_MIN_MAJOR);
    const sourced = mustSucceed(
      run("sh", ["-c", `. "${envFile}" && node -e "require('node:sqlite'); console.log(process.versions.node)"`], plain),
      "sourced env.sh",
    );
    expect(majorOf(sourced)).toBeGreaterThanOrEqual(NODE_MIN_MAJOR);
    const pinned = /github\.com\/pulumi\/pulumi\/pkg\/v3 (v\S+)/.exec(
      fs.readFileSync(path.join(REPO, "tools", "pulumi", "go.mod"), "utf8"),
    )![1];
    const pulumiVersion = mustSucceed(run(WITH_TOOLS, ["pulumi", "version"], plain), "with-tools pulumi version").trim();
    expect(pulumiVersion.replace(/^v/, "").localeCompare(pinned.replace(/^v/, ""), undefined, { numeric: true })).toBeGreaterThanOrEqual(0);
  });
});

describe("on a Node.js older than 22, each entry point says so in one line and how to fix it", () => {
  let old: ReturnType<typeof oldNode>;
  beforeAll(() => {
    old = oldNode();
  });

  /** Exit 1, and exactly one line on stderr that names the requirement and the fix, with no stack trace. */
  function expectOneLine(result: SpawnSyncReturns<string>, name: string, fix: RegExp) {
    const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
    expect({ status: result.status, lines }).toEqual({
      status: 1,
      lines: [expect.stringContaining(`${name}: needs Node.js ${NODE_MIN_MAJOR} or later`)],
    });
    expect(lines[0]).toContain(old.version);
    expect(lines[0]).toMatch(fix);
    expect(result.stdout).toBe("");
  }

  test("scripts/with-tools, when env.sh leaves the old node first on PATH (as the old setup-tools wrote it)", () => {
    const cache = scratch("stale-cache");
    fs.writeFileSync(path.join(cache, "env.sh"), 'export PATH="$PATH"\n');
    const result = run(WITH_TOOLS, ["node", "-e", "require('node:sqlite')"], { ...plainEnv(old.dir), PULUMI_PINGONE_CACHE: cache });
    expectOneLine(result, "with-tools", /re-run scripts\/setup-tools/);
  });

  test("the built pingone-local CLI (npm run local-api)", () => {
    if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first (npm test does)`);
    expectOneLine(
      run(old.exe, [BUILT_CLI, "--help"], plainEnv(old.dir)),
      "dist/local-api/cli.js",
      /scripts\/setup-tools.*scripts\/with-tools/,
    );
  });

  test("scripts/demo run straight from a plain shell", () => {
    expectOneLine(
      run(path.join(REPO, "scripts", "demo"), [], plainEnv(old.dir)),
      "demo",
      /run scripts\/setup-tools, then run it through scripts\/with-tools/,
    );
  });

  test("npm run test:all from a plain shell (npm test goes through with-tools)", () => {
    // Its first step is the check; running the script itself here would start the whole suite again if
    // the check ever let an old node through, so the check runs exactly as the script runs it.
    const { scripts } = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    expect(scripts["test:all"]).toMatch(/^scripts\/check-node "npm run test:all" && /);
    const result = run("sh", ["-c", 'scripts/check-node "npm run test:all"'], plainEnv(old.dir));
    expectOneLine(result, "npm run test:all", /run scripts\/setup-tools, then run it through scripts\/with-tools/);
  });

  test("the benchmark run with node directly (npm run bench goes through with-tools)", () => {
    const result = run(old.exe, ["-r", "ts-node/register/transpile-only", "bench/run.ts"], plainEnv(old.dir));
    expectOneLine(result, "bench/run.ts", /scripts\/setup-tools.*scripts\/with-tools/);
  });
});
