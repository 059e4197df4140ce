/** Shared helpers for the local API contract tests: real HTTP against startLocalApi on a free port. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi, type LocalApiOptions } from "../../local-api";

export interface Harness {
  api: LocalApi;
  dataDir: string;
  env: string;
  token: string;
  storesUrl: string;
  /** Authenticated JSON request against the API. */
  call(method: string, pathOrUrl: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }>;
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
  let json: any = undefined;
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
    call(method, pathOrUrl, body, headers = {}) {
      const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${api.url}${pathOrUrl}`;
      return request(url, method, body, { Authorization: `Bearer ${h.token}`, ...headers });
    },
    close: () => api.close(),
  };
  return h;
}

// ---- the documentation's example bodies (seeds 003 and 004), verbatim ----------------------------------------

export const SEED_SCIM_CREATE = {
  type: "scim",
  name: "scim",
  description: "create a scim connection",
  configuration: {
    AUTHENTICATION_METHOD: "Basic Authentication",
    SCIM_URL: "https://scim.url",
    USERS_RESOURCE: "/users",
    SCIM_VERSION: "1.1",
    AUTHORIZATION_TYPE: "Basic",
    BASIC_AUTH_USER: "basicUserName",
    BASIC_AUTH_PASSWORD: "BasicPassword",
  },
  image: { href: "https://d1oekt4jpdthse.cloudfront.net/branding/market/cb933bfe-8282-405a-a780-0a19b97edc02.png" },
};

export const SEED_SCIM_UPDATE = { ...SEED_SCIM_CREATE, description: "Update a scim connection" };

export const SEED_SCIM_CONNECTION_CHECK = {
  type: "scim",
  name: "scim",
  configuration: { ...SEED_SCIM_CREATE.configuration },
  image: { ...SEED_SCIM_CREATE.image },
};

export const SEED_SALESFORCE_CREATE = {
  type: "Salesforce",
  name: "test",
  configuration: {
    FREEZE_USER_FLAG: false,
    PERMISSION_SET_MANAGEMENT: "Merge with permission sets in Salesforce",
    SALESFORCE_DOMAIN: "sqe1c1-dev-ed.my.salesforce.com",
    CLIENT_ID: "3MVG9vtcvGoeH2bjJwb5FqeXKL...",
    CLIENT_SECRET: "10258F5AADCFBC0A8...",
    OAUTH_ACCESS_TOKEN: "00D3i000000Gws...",
    OAUTH_REFRESH_TOKEN: "5Aep861MrMaWJGT9SMft...",
  },
};

export function seedPingOneCreate(envId: string) {
  return {
    type: "PingOne",
    name: "PingOneTest",
    configuration: {
      ENVIRONMENT_ID: envId,
      REGION: "North America",
      DEFAULT_AUTH_METHOD: "Email 1",
      CREATE_USERS: true,
      UPDATE_USERS: true,
      DISABLE_USERS: true,
      REMOVE_ACTION: "Disable",
      MFA_USER_DEVICE_MANAGEMENT: "Merge with devices in PingOne",
      PROVISION_DISABLED_USERS_PROV_OPT: true,
      CLIENT_ID: "yourClientId",
      CLIENT_SECRET: "yourClientSecret",
    },
    image: { href: "https://d1oekt4jpdthse.cloudfront.net/branding/market/cb933bfe-8282-405a-a780-0a19b97edc02.png" },
  };
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
