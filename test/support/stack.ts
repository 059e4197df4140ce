/**
 * What every stack of the e2e harness and the benchmark is opened with: the engine's environment (a file
 * backend in a temporary directory, its passphrase) and the `pingone:*` config that points the provider at
 * a local API, the client secret as a secret.
 */
import { execFileSync } from "node:child_process";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { LocalApi } from "../../local-api";
import { SETTING_SOURCES, stackConfigEntries, type RawSettings, type SettingName } from "../../provider/lifecycle/settings";

/** Environment of an automation-API workspace whose state lives in `backendDir`. */
export function engineEnv(backendDir: string, passphrase: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The e2e program is TypeScript: type-checking it on every run would only slow the engine down.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
}

/** What points a provider at `api`: its hosts, the worker app's credentials and environment. */
function localApiSettings(api: LocalApi, environmentId = api.environmentIds[0]): RawSettings {
  return { apiHostname: api.url, authHostname: api.url, clientId: api.clientId, clientSecret: api.clientSecret, environmentId };
}

/**
 * The provider's stack config for `api`, through `stackConfigEntries` (as `scripts/set-stack-config.js` sets the
 * demo's), so the keys and which are secrets come from SETTING_SOURCES.
 */
export function pingoneConfig(api: LocalApi, environmentId = api.environmentIds[0]): ConfigMap {
  const entries = stackConfigEntries({ ...localApiSettings(api, environmentId), retryTimeoutSeconds: "60" });
  return Object.fromEntries(entries.map(({ key, value, secret }) => [key, { value, secret }]));
}

/** The same, as the raw settings of a provider created in the test process (no stack), with a short retry budget. */
export function providerSettings(api: LocalApi, extra: RawSettings = {}): RawSettings {
  return { ...localApiSettings(api), retryTimeoutSeconds: "5", ...extra };
}

/** The same settings as {@link providerSettings}, as the `PINGONE_*` environment variables a provider process or a program reads. */
export function pingoneEnv(api: LocalApi, environmentId = api.environmentIds[0]): Record<string, string> {
  const settings: RawSettings = { ...localApiSettings(api, environmentId), retryTimeoutSeconds: "5" };
  return Object.fromEntries((Object.keys(settings) as SettingName[]).map((name) => [SETTING_SOURCES[name].env, settings[name]!]));
}

/** The engine's version; a missing engine is a failure, never a skip. */
export function requireEngine(): string {
  try {
    return execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "The Pulumi CLI is not on PATH. Run scripts/setup-tools, then run through scripts/with-tools (`npm test` and `npm run bench` do).",
    );
  }
}
