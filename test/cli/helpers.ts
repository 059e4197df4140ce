/** Helpers for the command line's suites: the built `pingone-propagation` run as a user runs it. */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LocalApi } from "../../local-api";
import { pingoneEnv } from "../support/stack";

export const REPO = path.resolve(__dirname, "../..");
export const CLI = path.join(REPO, "dist/provider/cli/index.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The PINGONE_* variables that point the command line at a local API, with `extra` on top. */
export function localApiEnv(api: LocalApi, extra: Record<string, string> = {}): Record<string, string> {
  return { ...pingoneEnv(api), ...extra };
}

/** Runs the built CLI with only `env` (plus PATH and HOME), so the caller's own PINGONE_* never leak in. */
export function runCli(args: string[], env: Record<string, string>, cwd = REPO): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A directory a generated module can live in, as in a user's project: `node_modules` is this repository's
 * (where the package links itself), with a strict tsconfig and a Pulumi program that imports `./stores`.
 */
export function projectDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `export-${name}-`));
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "Node16",
        moduleResolution: "Node16",
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["index.ts"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: export-${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
  );
  fs.writeFileSync(path.join(dir, "index.ts"), 'import "./stores";\n');
  return dir;
}

/** `tsc --noEmit` on the project: the module must compile against the package's typed arguments. */
export function compile(dir: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output: "" };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

/** The `pulumi config set --secret NAME '<KEY of TYPE store "STORE">'` lines the export printed. */
export function printedSecrets(output: string): Array<{ name: string; key: string; type: string; store: string }> {
  return [...output.matchAll(/^pulumi config set --secret (\S+) '<(\S+) of (\S+) store "([^"]*)">'/gm)].map((match) => ({
    name: match[1],
    key: match[2],
    type: match[3],
    store: match[4],
  }));
}
