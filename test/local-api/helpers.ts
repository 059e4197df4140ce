/** Shared helpers for the local API contract tests: real HTTP against startLocalApi on a free port. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi, type LocalApiOptions } from "../../local-api";
import { seedExamples } from "../fixtures/store-examples";

export interface Harness {
  api: LocalApi;
  dataDir: string;
  env: string;
  token: string;
  storesUrl: string;
  /** `<api>/v1/environments/<env>/<path>`. */
  envUrl(path: string, env?: string): string;
  /** Authenticated JSON request against the API. */
  call(
    method: string,
    pathOrUrl: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; json: any }>;
  close(): Promise<void>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pingone-local-test-"));
}

export async function getToken(api: LocalApi, env = api.environmentIds[0]): Promise<string> {
  const res = await fetch(`${api.url}/${env}/as/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${api.clientId}:${api.clientSecret}`).toString("base64")}`,
    },
    body: "grant_type=client_credentials",
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function request(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    }
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let json: any;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
  }
  return { status: res.status, headers: res.headers, json };
}

export async function harness(options: LocalApiOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDir();
  const api = await startLocalApi({ ...options, dataDir, port: 0 });
  const env = api.environmentIds[0];
  const token = await getToken(api);
  const h: Harness = {
    api,
    dataDir,
    env,
    token,
    storesUrl: `${api.url}/v1/environments/${env}/propagation/stores`,
    envUrl: (path, environmentId = env) => `${api.url}/v1/environments/${environmentId}/${path}`,
    call(method, pathOrUrl, body, headers = {}) {
      const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${api.url}${pathOrUrl}`;
      return request(url, method, body, { Authorization: `Bearer ${h.token}`, ...headers });
    },
    close: () => api.close(),
  };
  return h;
}

// ---- the pipeline: stores, a plan, rules ---------------------------------------------------------------------

export interface Pipeline {
  /** A `directory` store (the source of every outbound rule) and a `scim` target store. */
  source: any;
  target: any;
  plan: any;
}

/** A source and a target store and the environment's plan, created over HTTP; fails loudly if any is refused. */
export async function createPipeline(h: Harness, env = h.env): Promise<Pipeline> {
  const created = async (url: string, body: unknown) => {
    const res = await h.call("POST", url, body);
    if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json;
  };
  const storesUrl = h.envUrl("propagation/stores", env);
  const source = await created(storesUrl, { type: "directory", name: "PingOne directory" });
  const target = await created(storesUrl, { ...SEED_SCIM_CREATE, name: "SCIM target" });
  const plan = await created(h.envUrl("propagation/plans", env), { name: "Default Plan" });
  return { source, target, plan };
}

/** A rule in the pipeline's plan (plan-scoped create path), with `extra` fields; the response as is. */
export function postRule(h: Harness, pipeline: Pipeline, extra: Record<string, unknown> = {}, env = h.env) {
  return h.call("POST", h.envUrl(`propagation/plans/${pipeline.plan.id}/rules`, env), {
    name: "HR to SCIM",
    sourceStore: { id: pipeline.source.id },
    targetStore: { id: pipeline.target.id },
    ...extra,
  });
}

/** A 400's details as sorted "CODE target" strings, to compare a whole refusal at once. */
export function problems(json: { details: Array<{ code: string; target?: string }> }): string[] {
  return json.details.map((detail) => `${detail.code} ${detail.target}`).sort();
}

/** MAPS create-rule-mapping's example body, verbatim. */
export const DOC_MAPPING_CREATE = {
  sourceAttribute: "accountId",
  targetAttribute: "userName",
  attributeMappingType: "userAttributeMapping",
};

/** `POST /__admin/groups`; the group. */
export async function seedGroup(h: Harness, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await request(`${h.api.url}/__admin/groups`, "POST", { name, ...extra });
  if (res.status !== 201) throw new Error(`seeding group ${name} answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

// ---- the documentation's example bodies (seeds 003 and 004), verbatim ----------------------------------------

/** A seed example body from the shared fixtures (one verbatim copy of the documentation's examples). */
type SeedBody = { type: string; name: string; description?: string; configuration: Record<string, any>; image: { href: string } };
function seed(source: string): SeedBody {
  const example = seedExamples.find((e) => e.source.includes(source));
  if (!example) throw new Error(`no seed example matches ${source}`);
  return structuredClone(example.body) as SeedBody;
}

export const SEED_SCIM_CREATE = seed("create identity stores (scim)");
export const SEED_SCIM_UPDATE = seed("update identity stores (scim)");
export const SEED_SCIM_CONNECTION_CHECK = seed("test the identity store connection (scim)");
export const SEED_SALESFORCE_CREATE = seed("create identity stores (Salesforce)");

export function seedPingOneCreate(envId: string): SeedBody {
  const body = seed("(PingOne)");
  body.configuration.ENVIRONMENT_ID = envId;
  return body;
}

/** The overview's scim store (bearer token, no BASIC_AUTH_*). */
export const SEED_SCIM_BEARER = {
  type: "scim",
  name: "Workday",
  description: "description initial",
  configuration: {
    AUTHENTICATION_METHOD: "OAuth 2 Bearer Token",
    SCIM_URL: "https://example.com/scim",
    SCIM_VERSION: "2.0",
    OAUTH_ACCESS_TOKEN: "12345",
  },
  image: { href: "https://d3uinntk0mqu3p.cloudfront.net/branding/market/0e3954ed-bdda-41e3-95de-a2da324a449e.png" },
};

/** Seed 002's SCIM user PUT body. */
export const SEED_SCIM_USER_PUT = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:pingidentity:schemas:extension:2.0:PingOneUser"],
  userName: "tmp-Isabella-Updated",
  emails: [{ value: "IsabellaOfCastile@example.com", primary: true }],
};
