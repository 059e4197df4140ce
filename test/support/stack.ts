/**
 * What every stack of the e2e harness and the benchmark is opened with: the engine's environment (a file
 * backend in a temporary directory, its passphrase) and the `pingone:*` config that points the provider at
 * a local API, the client secret as a secret.
 */
import { execFileSync } from "node:child_process";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { LocalApi } from "../../local-api";
import type { RawSettings } from "../../provider/lifecycle/settings";

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

/** The provider's config for `api`: its hosts, the worker app's credentials and environment. */
export function pingoneConfig(api: LocalApi, environmentId = api.environmentIds[0]): ConfigMap {
  return {
    "pingone:apiHostname": { value: api.url },
    "pingone:authHostname": { value: api.url },
    "pingone:clientId": { value: api.clientId },
    "pingone:clientSecret": { value: api.clientSecret, secret: true },
    "pingone:environmentId": { value: environmentId },
    "pingone:retryTimeoutSeconds": { value: "60" },
  };
}

/** The same, as the raw settings of a provider created in the test process (no stack), with a short retry budget. */
export function providerSettings(api: LocalApi, extra: RawSettings = {}): RawSettings {
  return {
    apiHostname: api.url,
    authHostname: api.url,
    clientId: api.clientId,
    clientSecret: api.clientSecret,
    environmentId: api.environmentIds[0],
    retryTimeoutSeconds: "5",
    ...extra,
  };
}

/** The same settings as {@link pingoneConfig}, as the `PINGONE_*` environment variables a provider process or a program reads. */
export function pingoneEnv(api: LocalApi, environmentId = api.environmentIds[0]): Record<string, string> {
  return {
    PINGONE_API_SERVICE_HOSTNAME: api.url,
    PINGONE_AUTH_SERVICE_HOSTNAME: api.url,
    PINGONE_CLIENT_ID: api.clientId,
    PINGONE_CLIENT_SECRET: api.clientSecret,
    PINGONE_ENVIRONMENT_ID: environmentId,
    PINGONE_RETRY_TIMEOUT_SECONDS: "5",
  };
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
