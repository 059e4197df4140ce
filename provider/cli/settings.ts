/**
 * The command line's settings: the provider's own (`lifecycle/settings.ts`), from three places. A flag named
 * after the setting (`--client-id`, `--environment-id`, `--region-code`, `--api-hostname`, …) wins; then, with
 * `--stack <name>`, that stack's `pingone:*` config, read with the Pulumi CLI in the current project; then the
 * `PINGONE_*` environment variables, as the provider reads them.
 */
import { execFileSync } from "node:child_process";
import { readRawSettings, SETTING_SOURCES, type RawSettings, type SettingName } from "../lifecycle/settings";

/** The settings that say where PingOne is and who calls it; the provider's behaviour switches do not apply here. */
export const CONNECTION_SETTINGS = [
  "clientId",
  "clientSecret",
  "environmentId",
  "regionCode",
  "apiAccessToken",
  "apiHostname",
  "authHostname",
  "retryTimeoutSeconds",
] as const satisfies readonly SettingName[];

/** `clientId` → `client-id`. */
export function flagOf(setting: SettingName): string {
  return setting.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** Runs the Pulumi CLI in `cwd`; its own error output becomes the message (never a stack trace). */
export function runPulumi(args: string[], cwd: string, input?: string): string {
  try {
    return execFileSync("pulumi", [...args, "--non-interactive"], {
      cwd,
      encoding: "utf8",
      input,
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { code?: string; stderr?: string; status?: number };
    if (failure.code === "ENOENT") throw new CliError("the Pulumi CLI (`pulumi`) is not on PATH; it is needed for --stack.");
    const reason = (failure.stderr ?? "").trim().split("\n").filter((line) => line.trim() !== "").slice(-3).join(" ");
    throw new CliError(`\`pulumi ${args[0]} ${args[1] ?? ""}\` failed${failure.status !== undefined ? ` (exit ${failure.status})` : ""}: ${reason || "no output"}`);
  }
}

/** A stack's config as `pulumi config --json --show-secrets` gives it: `{ "pingone:clientId": { value } }`. */
function stackConfig(stack: string, cwd: string): { get(key: string): string | undefined } {
  const config = JSON.parse(runPulumi(["config", "--json", "--show-secrets", "--stack", stack], cwd)) as Record<string, { value?: unknown }>;
  return { get: (key) => (typeof config[key]?.value === "string" ? (config[key].value as string) : undefined) };
}

export function cliSettings(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv, stack?: { name: string; cwd: string }): RawSettings {
  const settings: RawSettings = {};
  const fromStackAndEnv = readRawSettings(stack ? stackConfig(stack.name, stack.cwd) : undefined, env);
  for (const setting of CONNECTION_SETTINGS) {
    const value = flags[flagOf(setting)] || fromStackAndEnv[setting];
    if (value) settings[setting] = value;
  }
  return settings;
}

/** One help line per connection setting: its flag, its stack config key and its environment variable. */
export function settingsHelp(): string {
  return CONNECTION_SETTINGS.map((setting) => `  --${flagOf(setting).padEnd(24)} ${SETTING_SOURCES[setting].config} / ${SETTING_SOURCES[setting].env}`).join("\n");
}
