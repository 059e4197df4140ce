/**
 * Where the provider process finds PingOne: stack config under `pingone:` (read in `configure`), else the
 * environment variables the official PingOne Terraform provider uses. Resolved in the provider process
 * only, so no credential ever reaches the `__provider` text or the state.
 */

export const REGION_DOMAINS = { NA: "com", EU: "eu", AP: "asia", CA: "ca", AU: "com.au", SG: "sg" } as const;
export type RegionCode = keyof typeof REGION_DOMAINS;

/** Each setting: its stack config key and its environment variable; `secret`: a credential, set as a Pulumi secret. */
export const SETTING_SOURCES = {
  clientId: { config: "pingone:clientId", env: "PINGONE_CLIENT_ID" },
  clientSecret: { config: "pingone:clientSecret", env: "PINGONE_CLIENT_SECRET", secret: true },
  environmentId: { config: "pingone:environmentId", env: "PINGONE_ENVIRONMENT_ID" },
  regionCode: { config: "pingone:regionCode", env: "PINGONE_REGION_CODE" },
  apiAccessToken: { config: "pingone:apiAccessToken", env: "PINGONE_API_ACCESS_TOKEN", secret: true },
  apiHostname: { config: "pingone:apiHostname", env: "PINGONE_API_SERVICE_HOSTNAME" },
  authHostname: { config: "pingone:authHostname", env: "PINGONE_AUTH_SERVICE_HOSTNAME" },
  retryTimeoutSeconds: { config: "pingone:retryTimeoutSeconds", env: "PINGONE_RETRY_TIMEOUT_SECONDS" },
  adoptExistingStores: { config: "pingone:adoptExistingStores", env: "PINGONE_ADOPT_EXISTING_STORES" },
  createRevisions: { config: "pingone:createRevisions", env: "PINGONE_CREATE_REVISIONS" },
  verifyConnections: { config: "pingone:verifyConnections", env: "PINGONE_VERIFY_CONNECTIONS" },
} as const;

export type SettingName = keyof typeof SETTING_SOURCES;
export type RawSettings = Partial<Record<SettingName, string>>;

/** Settings checked and resolved into what the client needs. */
export interface ResolvedSettings {
  /** Base URL of the management API, without `/v1`. */
  apiBaseUrl: string;
  /** Base URL of the auth service. */
  authBaseUrl: string;
  /** The worker app's environment, and the default environment of stores. */
  environmentId?: string;
  credentials: { kind: "accessToken"; accessToken: string } | { kind: "clientCredentials"; clientId: string; clientSecret: string };
  /** One overall budget per operation for retries. */
  retryTimeoutMs: number;
  /**
   * Recovery mode, for the `pulumi up` after an interrupted one: a create first looks for an object with
   * the same identity (a store of the same name and type, the environment's one plan, a rule of the same
   * name, source and target, a rule's mapping of the same target attribute) and adopts it, updating it to
   * the declaration, instead of creating a second one.
   */
  adoptExistingStores: boolean;
  /**
   * Whether a run that changed anything ends with one propagation revision per changed environment (on by
   * default): PingOne's Admin Console shows API changes only once a revision is created.
   */
  createRevisions: boolean;
  /** Whether creates and updates test each store's connection first, for stores that do not set `verifyConnection`. */
  verifyConnections: boolean;
}

export const DEFAULT_RETRY_TIMEOUT_SECONDS = 300;

/** Config values win over environment variables; empty strings count as unset. */
export function readRawSettings(config: { get(key: string): string | undefined } | undefined, env: NodeJS.ProcessEnv): RawSettings {
  const raw: RawSettings = {};
  for (const [name, source] of Object.entries(SETTING_SOURCES) as Array<[SettingName, (typeof SETTING_SOURCES)[SettingName]]>) {
    const value = config?.get(source.config) || env[source.env];
    if (value) raw[name] = value;
  }
  return raw;
}

/** One stack config value to set: its `pingone:*` key, and whether it goes in as a Pulumi secret. */
export interface StackConfigEntry {
  key: string;
  value: string;
  secret: boolean;
}

/**
 * `settings` as the stack config that makes the provider read them back (the inverse of {@link readRawSettings}),
 * in SETTING_SOURCES order; credentials are secrets. What `scripts/set-stack-config.js` (the demo), the e2e
 * harness and the benchmark set, so no copy of the settings list can fall behind this one.
 */
export function stackConfigEntries(settings: RawSettings): StackConfigEntry[] {
  const entries: StackConfigEntry[] = [];
  for (const [name, source] of Object.entries(SETTING_SOURCES) as Array<[SettingName, (typeof SETTING_SOURCES)[SettingName]]>) {
    const value = settings[name];
    if (value) entries.push({ key: source.config, value, secret: "secret" in source && source.secret });
  }
  return entries;
}

/** A setting as an error names it: `pingone:environmentId (or PINGONE_ENVIRONMENT_ID)`. */
export const describeSetting = (name: SettingName) => `${SETTING_SOURCES[name].config} (or ${SETTING_SOURCES[name].env})`;
const describe = describeSetting;

/** A hostname may be a bare host (`api.pingone.eu`) or a full URL (`http://127.0.0.1:8080`). */
function toBaseUrl(hostname: string): string {
  const withScheme = /^https?:\/\//.test(hostname) ? hostname : `https://${hostname}`;
  return withScheme.replace(/\/+$/, "").replace(/\/v1$/, "");
}

export class SettingsError extends Error {
  constructor(problems: string[]) {
    super(`PingOne provider settings are incomplete or contradictory:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/** Checks the settings as a whole and reports every problem in one message. Never echoes a secret. */
export function resolveSettings(raw: RawSettings): ResolvedSettings {
  const problems: string[] = [];

  let region: RegionCode | undefined;
  if (raw.regionCode !== undefined) {
    const code = raw.regionCode.toUpperCase();
    if (code in REGION_DOMAINS) region = code as RegionCode;
    else problems.push(`${describe("regionCode")} is "${raw.regionCode}"; use one of ${Object.keys(REGION_DOMAINS).join(", ")}.`);
  }
  const domain = region ? REGION_DOMAINS[region] : undefined;
  const apiHost = raw.apiHostname ?? (domain && `api.pingone.${domain}`);
  const authHost = raw.authHostname ?? (domain && `auth.pingone.${domain}`);
  if (!apiHost && raw.regionCode === undefined) {
    problems.push(
      `set ${describe("regionCode")} (NA, EU, AP, CA, AU or SG), or ${describe("apiHostname")} and ${describe("authHostname")}.`,
    );
  }

  let credentials: ResolvedSettings["credentials"] | undefined;
  const hasClient = raw.clientId !== undefined || raw.clientSecret !== undefined;
  if (raw.apiAccessToken !== undefined && hasClient) {
    problems.push(`set either ${describe("apiAccessToken")}, or ${describe("clientId")} with ${describe("clientSecret")}, not both.`);
  } else if (raw.apiAccessToken !== undefined) {
    credentials = { kind: "accessToken", accessToken: raw.apiAccessToken };
  } else {
    const missing = (["clientId", "clientSecret", "environmentId"] as const).filter((name) => raw[name] === undefined);
    if (missing.length > 0) {
      problems.push(
        `set ${missing.map(describe).join(", ")} (the worker application and the environment it lives in), or set ${describe("apiAccessToken")}. Set the secret with \`pulumi config set --secret pingone:clientSecret\`.`,
      );
    } else {
      credentials = { kind: "clientCredentials", clientId: raw.clientId!, clientSecret: raw.clientSecret! };
      if (!authHost) problems.push(`set ${describe("authHostname")} or ${describe("regionCode")} so the token endpoint can be found.`);
    }
  }

  let retryTimeoutMs = DEFAULT_RETRY_TIMEOUT_SECONDS * 1000;
  if (raw.retryTimeoutSeconds !== undefined) {
    const seconds = Number(raw.retryTimeoutSeconds);
    if (!Number.isFinite(seconds) || seconds < 0)
      problems.push(`${describe("retryTimeoutSeconds")} must be a number of seconds, 0 or more.`);
    else retryTimeoutMs = seconds * 1000;
  }

  const adoptExistingStores = booleanSetting(raw, "adoptExistingStores", false, problems);
  const createRevisions = booleanSetting(raw, "createRevisions", true, problems);
  const verifyConnections = booleanSetting(raw, "verifyConnections", false, problems);

  if (problems.length > 0 || !credentials || !apiHost) throw new SettingsError(problems);
  return {
    apiBaseUrl: toBaseUrl(apiHost),
    authBaseUrl: toBaseUrl(authHost ?? apiHost),
    environmentId: raw.environmentId,
    credentials,
    retryTimeoutMs,
    adoptExistingStores,
    createRevisions,
    verifyConnections,
  };
}

/** A true/false setting (`1`/`0` too); anything else is a problem named in the settings error. */
function booleanSetting(
  raw: RawSettings,
  name: "adoptExistingStores" | "createRevisions" | "verifyConnections",
  fallback: boolean,
  problems: string[] = [],
): boolean {
  const value = raw[name]?.trim().toLowerCase();
  if (value === undefined) return fallback;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  problems.push(`${describe(name)} must be true or false.`);
  return fallback;
}

/**
 * Whether revisions are on, without resolving credentials: diff needs to know, and diff must work without
 * them. A malformed value counts as the default here; resolveSettings reports it on the first API call.
 */
export function createRevisionsEnabled(raw: RawSettings): boolean {
  return booleanSetting(raw, "createRevisions", true);
}
