/**
 * The command line's settings: the provider's own (`lifecycle/settings.ts`), from three places. A flag named
 * after the setting (`--client-id`, `--environment-id`, `--region-code`, `--api-hostname`, …) wins; then, with
 * `--stack <name>`, that stack's `pingone:*` config, read with the Pulumi CLI in the current project; then the
 * `PINGONE_*` environment variables, as the provider reads them.
 */
import { runPulumi } from "../lifecycle/pulumi-cli";
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

/** A stack's config as `pulumi config --json --show-secrets` gives it: `{ "pingone:clientId": { value } }`. */
async function stackConfig(stack: string, cwd: string): Promise<{ get(key: string): string | undefined }> {
  const config = JSON.parse(await runPulumi(["config", "--json", "--show-secrets", "--stack", stack], cwd)) as Record<
    string,
    { value?: unknown }
  >;
  return { get: (key) => (typeof config[key]?.value === "string" ? (config[key].value as string) : undefined) };
}

export async function cliSettings(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
  stack?: { name: string; cwd: string },
): Promise<RawSettings> {
  const settings: RawSettings = {};
  const fromStackAndEnv = readRawSettings(stack ? await stackConfig(stack.name, stack.cwd) : undefined, env);
  for (const setting of CONNECTION_SETTINGS) {
    const value = flags[flagOf(setting)] || fromStackAndEnv[setting];
    if (value) settings[setting] = value;
  }
  return settings;
}

/** One help line per connection setting: its flag, its stack config key and its environment variable. */
export function settingsHelp(): string {
  return CONNECTION_SETTINGS.map(
    (setting) => `  --${flagOf(setting).padEnd(24)} ${SETTING_SOURCES[setting].config} / ${SETTING_SOURCES[setting].env}`,
  ).join("\n");
}
