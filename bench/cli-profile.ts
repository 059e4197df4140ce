/**
 * The Pulumi CLI's own CPU profile, for bench/profile.ts. The CLI is a Go program: its `--profiling <prefix>` flag
 * writes `<prefix>.<pid>.cpu` (pprof), and `go tool pprof` reads it. The automation API has no way to add a flag
 * to one operation, so the stacks run the CLI through a two-line wrapper that adds it whenever
 * `PULUMI_BENCH_PROFILE` names a prefix (set per operation in the workspace's environment).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

export const PROFILE_PREFIX_VARIABLE = "PULUMI_BENCH_PROFILE";

/** A `PulumiCommand` for the `pulumi` on PATH, through the wrapper written under `dir`. */
export async function profilingPulumiCommand(dir: string): Promise<PulumiCommand> {
  const real = execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const wrapper = path.join(bin, "pulumi");
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nif [ -n "$${PROFILE_PREFIX_VARIABLE}" ]; then exec "${real}" "$@" --profiling "$${PROFILE_PREFIX_VARIABLE}"; fi\nexec "${real}" "$@"\n`,
  );
  fs.chmodSync(wrapper, 0o755);
  return PulumiCommand.get({ root: dir });
}

/**
 * The parts of the CLI's work worth telling apart, by the engine function whose cumulative time is the part
 * (a function's time includes what it calls; the parts may overlap: serialization happens inside a save).
 */
export const CLI_PARTS: Array<{ label: string; fn: RegExp }> = [
  { label: "state saves after each step (`SnapshotManager.saveSnapshot`)", fn: /backend\.\(\*SnapshotManager\)\.saveSnapshot$/ },
  { label: "of it: serializing resources (`stack.SerializeResource`)", fn: /resource\/stack\.SerializeResource$/ },
  { label: "of it: `json.Marshal`, mostly of a whole-object secret's plaintext, again on every save", fn: /^encoding\/json\.Marshal$/ },
  { label: "gRPC property marshalling (`plugin.MarshalProperties`)", fn: /resource\/plugin\.MarshalProperties$/ },
  { label: "the always-on encrypted log (`logging.VerboseLogger.Infof`)", fn: /logging\.VerboseLogger\.Infof$/ },
];

/**
 * Milliseconds of CPU per part (and `total`) from the `.cpu` files a run wrote with `prefix`, or undefined
 * where there are none or Go is not installed. Several files (one CLI per operation here) are summed.
 */
export function readCliProfile(prefix: string): Record<string, number> | undefined {
  const dir = path.dirname(prefix);
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => name.startsWith(`${path.basename(prefix)}.`) && name.endsWith(".cpu"))
    : [];
  if (files.length === 0) return undefined;
  let text: string;
  try {
    text = execFileSync(
      "go",
      ["tool", "pprof", "-top", "-cum", "-unit=ms", "-nodecount=100000", "-nodefraction=0", ...files.map((f) => path.join(dir, f))],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch {
    return undefined;
  }
  return parseCliProfile(text);
}

/**
 * The parts of {@link CLI_PARTS} (and `total`) in the text of `go tool pprof -top -cum -unit=ms`: each part is the
 * cumulative time of the line naming its function (pprof merges several files into one listing first).
 */
export function parseCliProfile(text: string): Record<string, number> {
  // With -unit=ms every figure is "<n>ms", or "0": pprof would otherwise scale each (us, ms, s, mins).
  const toMs = (value: string) => Number(value.replace(/ms$/, ""));
  const result: Record<string, number> = { total: toMs(/Total samples = ([\d.]+(?:ms)?)/.exec(text)?.[1] ?? "0") };
  for (const line of text.split("\n")) {
    // flat flat% sum% cum cum% name
    const match = /^\s*[\d.]+(?:ms)?\s+[\d.]+%\s+[\d.]+%\s+([\d.]+(?:ms)?)\s+[\d.]+%\s+(.+)$/.exec(line);
    if (!match) continue;
    const part = CLI_PARTS.find(({ fn }) => fn.test(match[2].trim()));
    if (part) result[part.label] = Math.max(result[part.label] ?? 0, toMs(match[1]));
  }
  return result;
}
