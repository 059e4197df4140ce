/**
 * A local, PingOne-compatible API for identity propagation stores: token endpoint, stores CRUD, connection
 * checks, minimal propagation rules, a SCIM 2.0 target, fault injection and a request log, all on one origin.
 * Built from the PingOne documentation (see local-api/README.md for what it emulates and simplifies).
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { Db } from "./db";
import { FaultEngine, parseFaultOptions, type FaultOptions, type FaultCounters } from "./faults";
import {
  type Reply,
  invalidData,
  mediaType,
  methodNotAllowed,
  notFound,
  pingError,
  safeEqual,
  unauthorized,
  unsupportedMediaType,
} from "./http";
import { SERVER_ADDED_KEYS, secretKeysFor, validateStore, type ErrorDetail, type Json, type JsonObject, type StoreInput } from "./schema";
import { handleScim, type ScimCredentials } from "./scim";

export type { FaultOptions, FaultCounters } from "./faults";
export { STORE_TYPES, TYPE_NAMES, SERVER_ADDED_KEYS, secretKeysFor, ALL_SECRET_KEYS } from "./schema";

export const DEFAULT_CLIENT_ID = "5d0b8c2e-7f3a-4c1d-9e6b-2a4f8d1c3e70";
export const DEFAULT_CLIENT_SECRET = "local-api-client-secret-not-for-production";
export const DEFAULT_ENVIRONMENT_ID = "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90";
export const MASKED_SECRET = "******";
export const DEFAULT_SCIM_BASIC_USER = "scim-admin";
export const DEFAULT_SCIM_BASIC_PASSWORD = "scim-local-password";
export const DEFAULT_SCIM_BEARER_TOKEN = "scim-local-bearer-token";
export const CONNECTION_CHECK_MEDIA_TYPE = "application/vnd.pingidentity.connection.check+json";
/** How long a connection check waits for a SCIM target. */
export const CONNECTION_CHECK_TIMEOUT_MS = 3000;

export type SecretsOnRead = "plaintext" | "masked" | "omitted";

export interface LocalApiOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default `<repo>/.local-api-data`. */
  dataDir?: string;
  clientId?: string;
  clientSecret?: string;
  /** Default `[DEFAULT_ENVIRONMENT_ID]`. */
  environmentIds?: string[];
  /** Default "plaintext" (like the documented responses). */
  secretsOnRead?: SecretsOnRead;
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  scimTarget?: { basicUser?: string; basicPassword?: string; bearerToken?: string };
  faults?: FaultOptions;
  seed?: number;
  /** Where to print one line per request; default silent. */
  log?: (line: string) => void;
}

export interface LocalApi {
  url: string;
  clientId: string;
  clientSecret: string;
  environmentIds: string[];
  close(): Promise<void>;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number | null;
  time: string;
  durationMs: number;
  fault?: string;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_LOG_ENTRIES = 10_000;
const MAX_PAGE_SIZE = 1000;

/** The package root (first ancestor with a package.json), for the default data directory. */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function defaultDataDir(): string {
  return path.join(packageRoot(), ".local-api-data");
}

interface StoredStore {
  id: string;
  environment: { id: string };
  createdAt: string;
  updatedAt: string;
  image?: { id: string; href: string };
  description?: string;
  type: string;
  status: string;
  managed?: boolean;
  configuration?: JsonObject;
  name: string;
  url?: string;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** `image.id`: the UUID in the image file name when there is one (as in the docs' examples), else a new one. */
function imageIdFor(href: string): string {
  const last = href.split(/[?#]/)[0].split("/").pop() ?? "";
  return UUID_RE.exec(last)?.[0].toLowerCase() ?? randomUUID();
}

function applyInput(base: Omit<StoredStore, "type" | "status" | "name">, input: StoreInput, previous?: StoredStore): StoredStore {
  const store: StoredStore = {
    id: base.id,
    environment: base.environment,
    createdAt: base.createdAt,
    updatedAt: base.updatedAt,
  } as StoredStore;
  if (input.image) {
    store.image = {
      id: previous?.image?.href === input.image.href ? previous.image.id : imageIdFor(input.image.href),
      href: input.image.href,
    };
  }
  if (input.description !== undefined) store.description = input.description;
  store.type = input.type;
  // A status the client does not send keeps its current value (new stores: ACTIVE, PingOne: INACTIVE as in the docs).
  store.status = input.status ?? previous?.status ?? (input.type === "PingOne" ? "INACTIVE" : "ACTIVE");
  if (input.managed !== undefined) store.managed = input.managed;
  if (input.configuration) store.configuration = { ...SERVER_ADDED_KEYS, ...input.configuration };
  store.name = input.name;
  if (input.url !== undefined) store.url = input.url;
  return store;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(buf: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(buf.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

function describeFetchError(e: unknown, target: string): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `timed out after ${CONNECTION_CHECK_TIMEOUT_MS}ms connecting to ${target}`;
  const code = err.cause?.code;
  if (code === "ECONNREFUSED") return `connection refused by ${target}`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `host not found for ${target}`;
  return `could not reach ${target}: ${err.cause?.message ?? err.message ?? String(e)}`;
}

export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const host = options.host ?? "127.0.0.1";
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const environmentIds = options.environmentIds && options.environmentIds.length > 0 ? [...options.environmentIds] : [DEFAULT_ENVIRONMENT_ID];
  const envSet = new Set(environmentIds);
  const secretsOnRead: SecretsOnRead = options.secretsOnRead ?? "plaintext";
  if (!["plaintext", "masked", "omitted"].includes(secretsOnRead)) throw new Error(`secretsOnRead must be plaintext, masked or omitted`);
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const scimCreds: ScimCredentials = {
    basicUser: options.scimTarget?.basicUser ?? DEFAULT_SCIM_BASIC_USER,
    basicPassword: options.scimTarget?.basicPassword ?? DEFAULT_SCIM_BASIC_PASSWORD,
    bearerToken: options.scimTarget?.bearerToken ?? DEFAULT_SCIM_BEARER_TOKEN,
  };
  if (options.faults) {
    const parsed = parseFaultOptions(options.faults);
    if (!parsed.ok) throw new Error(`invalid faults: ${parsed.message}`);
  }
  const faults = new FaultEngine(options.faults ?? {}, options.seed);
  const log = options.log;
  const db = new Db(options.dataDir ?? defaultDataDir());

  const tokens = new Map<string, number>(); // access token -> expiry (ms since epoch)
  const requestLog: RequestLogEntry[] = [];
  let baseUrl = "";

  // ---- rendering -------------------------------------------------------------------------------------------
  const storeHref = (envId: string, id: string) => `${baseUrl}/v1/environments/${envId}/propagation/stores/${id}`;

  function renderStore(store: StoredStore): JsonObject {
    const out = { ...store } as unknown as JsonObject;
    if (store.configuration) {
      const config: JsonObject = { ...store.configuration };
      for (const key of secretKeysFor(store.type)) {
        if (!(key in config)) continue;
        if (secretsOnRead === "masked") config[key] = MASKED_SECRET;
        else if (secretsOnRead === "omitted") delete config[key];
      }
      out.configuration = config;
    }
    const href = storeHref(store.environment.id, store.id);
    out._links = { self: { href }, update: { href }, delete: { href } } as unknown as Json;
    return out;
  }

  // ---- token endpoint --------------------------------------------------------------------------------------
  function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): Reply {
    return { status, body: { error, error_description: description }, headers: { "Cache-Control": "no-store", ...headers } };
  }

  function handleToken(req: http.IncomingMessage, envId: string, body: Buffer): Reply {
    if (!envSet.has(envId)) return notFound(`Environment ${envId} not found.`);
    if (req.method !== "POST") return methodNotAllowed(req.method ?? "");
    if (mediaType(req.headers["content-type"]) !== "application/x-www-form-urlencoded") {
      return oauthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded.");
    }
    const form = new URLSearchParams(body.toString("utf8"));
    let id: string | undefined;
    let secret: string | undefined;
    const auth = req.headers.authorization;
    if (auth && /^basic\s/i.test(auth)) {
      const decoded = Buffer.from(auth.replace(/^basic\s+/i, ""), "base64").toString("utf8");
      const i = decoded.indexOf(":");
      if (i >= 0) {
        try {
          id = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, " "));
          secret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, " "));
        } catch {
          id = decoded.slice(0, i);
          secret = decoded.slice(i + 1);
        }
      }
    } else {
      id = form.get("client_id") ?? undefined;
      secret = form.get("client_secret") ?? undefined;
    }
    if (id === undefined || secret === undefined || !safeEqual(id, clientId) || !safeEqual(secret, clientSecret)) {
      return oauthError(401, "invalid_client", "Client authentication failed: unknown client or wrong secret.", {
        "WWW-Authenticate": 'Basic realm="PingOne"',
      });
    }
    const grant = form.get("grant_type");
    if (!grant) return oauthError(400, "invalid_request", "grant_type is required.");
    if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type", `Unsupported grant_type ${grant}.`);
    const now = Date.now();
    for (const [t, exp] of tokens) if (exp <= now) tokens.delete(t);
    const accessToken = randomBytes(32).toString("base64url");
    tokens.set(accessToken, now + tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: { access_token: accessToken, token_type: "Bearer", expires_in: tokenLifetimeSeconds },
      headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
    };
  }

  function checkBearer(req: http.IncomingMessage): Reply | undefined {
    const auth = req.headers.authorization;
    if (!auth) return unauthorized("The Authorization header is missing.");
    const m = /^bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) return unauthorized("The Authorization header must carry a Bearer token.");
    const exp = tokens.get(m[1]);
    if (exp === undefined) return unauthorized("The access token is invalid or has been revoked.");
    if (exp <= Date.now()) {
      tokens.delete(m[1]);
      return unauthorized("The access token has expired.");
    }
    return undefined;
  }

  // ---- stores ----------------------------------------------------------------------------------------------
  function requireJson(req: http.IncomingMessage, body: Buffer, expected = "application/json"): { ok: true; value: unknown } | { ok: false; reply: Reply } {
    const got = req.headers["content-type"];
    if (mediaType(got) !== expected) return { ok: false, reply: unsupportedMediaType(expected, got) };
    const parsed = parseJson(body);
    if (!parsed.ok) return { ok: false, reply: pingError(400, "INVALID_REQUEST", "The request body is not valid JSON.") };
    return parsed;
  }

  function listStores(envId: string, query: URLSearchParams, search: string): Reply {
    let limit = MAX_PAGE_SIZE;
    const limitParam = query.get("limit");
    if (limitParam !== null) {
      const n = Number(limitParam);
      if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
        return invalidData([{ code: "INVALID_VALUE", target: "limit", message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` }]);
      }
      limit = n;
    }
    let after = 0;
    const cursor = query.get("cursor");
    if (cursor !== null) {
      try {
        const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
        if (typeof decoded.after !== "number" || !Number.isInteger(decoded.after)) throw new Error("bad cursor");
        after = decoded.after;
      } catch {
        return invalidData([{ code: "INVALID_VALUE", target: "cursor", message: "cursor is not valid" }]);
      }
    }
    const rows = db.listStores(envId, after, limit + 1);
    const page = rows.slice(0, limit);
    const listHref = `${baseUrl}/v1/environments/${envId}/propagation/stores`;
    const links: JsonObject = { self: { href: listHref + search } };
    if (rows.length > limit) {
      const next = Buffer.from(JSON.stringify({ after: page[page.length - 1].seq })).toString("base64url");
      const params = new URLSearchParams();
      if (limitParam !== null) params.set("limit", String(limit));
      params.set("cursor", next);
      links.next = { href: `${listHref}?${params.toString()}` };
    }
    return {
      status: 200,
      body: { _links: links, _embedded: { stores: page.map((r) => renderStore(JSON.parse(r.json) as StoredStore)) }, size: page.length },
    };
  }

  async function connectionCheck(store: StoreInput): Promise<Reply> {
    if (store.type !== "scim") return { status: 200, body: { status: "SUCCESS" } };
    const c = store.configuration ?? {};
    const scimUrl = String(c.SCIM_URL).replace(/\/+$/, "");
    let resource = typeof c.USERS_RESOURCE === "string" && c.USERS_RESOURCE !== "" ? c.USERS_RESOURCE : "/Users";
    if (!resource.startsWith("/")) resource = `/${resource}`;
    let target: URL;
    try {
      target = new URL(`${scimUrl}${resource}`);
      target.searchParams.set("count", "1");
    } catch {
      return { status: 200, body: { status: "FAILURE", message: `SCIM_URL is not a valid URL` } };
    }
    const shown = `${target.origin}${target.pathname}`;
    const headers: Record<string, string> = { Accept: "application/scim+json, application/json" };
    const method = c.AUTHENTICATION_METHOD;
    if (method === "Basic Authentication") {
      headers.Authorization = `Basic ${Buffer.from(`${String(c.BASIC_AUTH_USER)}:${String(c.BASIC_AUTH_PASSWORD)}`).toString("base64")}`;
    } else if (method === "OAuth 2 Bearer Token") {
      headers.Authorization = `Bearer ${String(c.OAUTH_ACCESS_TOKEN)}`;
    } else if (method === "OAuth 2 Client Credentials") {
      // Not emulated: the check passes once the configuration validates.
      return { status: 200, body: { status: "SUCCESS" } };
    }
    try {
      const res = await fetch(target, { headers, signal: AbortSignal.timeout(CONNECTION_CHECK_TIMEOUT_MS), redirect: "manual" });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { status: 200, body: { status: "SUCCESS" } };
      return { status: 200, body: { status: "FAILURE", message: `HTTP ${res.status} from target ${shown}` } };
    } catch (e) {
      return { status: 200, body: { status: "FAILURE", message: describeFetchError(e, shown) } };
    }
  }

  async function handleStores(req: http.IncomingMessage, envId: string, rest: string[], query: URLSearchParams, search: string, body: Buffer): Promise<Reply> {
    const method = req.method ?? "GET";
    if (rest.length === 0) {
      if (method === "GET") return listStores(envId, query, search);
      if (method === "POST") {
        const parsed = requireJson(req, body);
        if (!parsed.ok) return parsed.reply;
        const v = validateStore(parsed.value);
        if (!v.ok) return invalidData(v.details);
        const now = new Date().toISOString();
        const store = applyInput({ id: randomUUID(), environment: { id: envId }, createdAt: now, updatedAt: now }, v.value);
        db.insertStore(envId, store.id, JSON.stringify(store));
        return { status: 201, body: renderStore(store), headers: { Location: storeHref(envId, store.id) } };
      }
      return methodNotAllowed(method);
    }
    if (rest.length === 2 && rest[0] === "connection" && rest[1] === "status") {
      if (method !== "POST") return methodNotAllowed(method);
      const parsed = requireJson(req, body, CONNECTION_CHECK_MEDIA_TYPE);
      if (!parsed.ok) return parsed.reply;
      const v = validateStore(parsed.value);
      if (!v.ok) return invalidData(v.details);
      return connectionCheck(v.value);
    }
    if (rest.length !== 1) return notFound();
    const id = rest[0];
    const existingJson = db.getStore(envId, id);
    if (!existingJson) return notFound(`Store ${id} not found in environment ${envId}.`);
    const existing = JSON.parse(existingJson) as StoredStore;
    switch (method) {
      case "GET":
        return { status: 200, body: renderStore(existing) };
      case "PUT": {
        const parsed = requireJson(req, body);
        if (!parsed.ok) return parsed.reply;
        const b = parsed.value as Record<string, unknown> | null;
        if (b && typeof b === "object" && typeof b.type === "string" && b.type !== existing.type) {
          return invalidData([{ code: "INVALID_VALUE", target: "type", message: `type cannot be changed (the store is ${existing.type}); delete and recreate it` }]);
        }
        const v = validateStore(parsed.value);
        if (!v.ok) return invalidData(v.details);
        const store = applyInput(
          { id: existing.id, environment: existing.environment, createdAt: existing.createdAt, updatedAt: new Date().toISOString() },
          v.value,
          existing,
        );
        db.updateStore(envId, id, JSON.stringify(store));
        return { status: 200, body: renderStore(store) };
      }
      case "DELETE": {
        const result = db.deleteStore(envId, id);
        if (result.referencedBy.length > 0) {
          const ids = result.referencedBy.join(", ");
          return pingError(409, "INVALID_REQUEST", `The store cannot be deleted: it is referenced by propagation rule(s) ${ids}.`, [
            { code: "CONSTRAINT_VIOLATION", target: "id", message: `Store ${id} is referenced by propagation rule(s) ${ids}; delete the rule(s) first.` },
          ]);
        }
        if (!result.deleted) return notFound(`Store ${id} not found in environment ${envId}.`);
        return { status: 204 };
      }
      default:
        return methodNotAllowed(method);
    }
  }

  // ---- rules (minimal) -------------------------------------------------------------------------------------
  function handleRules(req: http.IncomingMessage, envId: string, rest: string[], body: Buffer): Reply {
    const method = req.method ?? "GET";
    const ruleHref = (id: string) => `${baseUrl}/v1/environments/${envId}/propagation/rules/${id}`;
    if (rest.length === 0) {
      if (method === "GET") {
        return {
          status: 200,
          body: { _links: { self: { href: `${baseUrl}/v1/environments/${envId}/propagation/rules` } }, _embedded: { rules: db.listRules(envId).map((j) => JSON.parse(j) as unknown) } },
        };
      }
      if (method !== "POST") return methodNotAllowed(method);
      const parsed = requireJson(req, body);
      if (!parsed.ok) return parsed.reply;
      const b = parsed.value;
      if (typeof b !== "object" || b === null || Array.isArray(b)) return invalidData([{ code: "INVALID_VALUE", message: "The request body must be a JSON object" }]);
      const r = b as Record<string, unknown>;
      const details: ErrorDetail[] = [];
      if (typeof r.name !== "string" || r.name === "") details.push({ code: "REQUIRED_VALUE", target: "name", message: "name is required" });
      const refs: Record<string, string> = {};
      for (const key of ["sourceStore", "targetStore"]) {
        const ref = r[key] as { id?: unknown } | undefined;
        if (!ref || typeof ref !== "object" || typeof ref.id !== "string" || ref.id === "") {
          details.push({ code: "REQUIRED_VALUE", target: `${key}.id`, message: `${key}.id is required` });
        } else if (!db.getStore(envId, ref.id)) {
          details.push({ code: "INVALID_VALUE", target: `${key}.id`, message: `store ${ref.id} does not exist in environment ${envId}` });
        } else refs[key] = ref.id;
      }
      if (details.length > 0) return invalidData(details);
      const id = randomUUID();
      const now = new Date().toISOString();
      const rule = {
        id,
        environment: { id: envId },
        name: r.name,
        ...(typeof r.description === "string" ? { description: r.description } : {}),
        sourceStore: { id: refs.sourceStore },
        targetStore: { id: refs.targetStore },
        createdAt: now,
        updatedAt: now,
        _links: { self: { href: ruleHref(id) } },
      };
      db.insertRule(envId, id, refs.sourceStore, refs.targetStore, JSON.stringify(rule));
      return { status: 201, body: rule };
    }
    if (rest.length !== 1) return notFound();
    const id = rest[0];
    const ruleJson = db.getRule(envId, id);
    if (!ruleJson) return notFound(`Rule ${id} not found in environment ${envId}.`);
    if (method === "GET") return { status: 200, body: JSON.parse(ruleJson) as unknown };
    if (method === "DELETE") {
      db.deleteRule(envId, id);
      return { status: 204 };
    }
    return methodNotAllowed(method);
  }

  // ---- admin -----------------------------------------------------------------------------------------------
  function handleAdmin(req: http.IncomingMessage, sub: string, body: Buffer): Reply {
    const method = req.method ?? "GET";
    switch (sub) {
      case "health":
        return { status: 200, body: { status: "OK" } };
      case "requests":
        if (method === "GET") return { status: 200, body: requestLog.map((e) => ({ ...e })) };
        if (method === "DELETE") {
          requestLog.length = 0;
          return { status: 204 };
        }
        return methodNotAllowed(method);
      case "faults": {
        if (method === "GET") return { status: 200, body: faults.snapshot() };
        if (method !== "PUT") return methodNotAllowed(method);
        const parsed = parseJson(body);
        if (!parsed.ok) return pingError(400, "INVALID_REQUEST", "The request body is not valid JSON.");
        const f = parseFaultOptions(parsed.value);
        if (!f.ok) return invalidData([{ code: "INVALID_VALUE", message: f.message }]);
        const seed = (parsed.value as { seed?: unknown }).seed;
        faults.replace(f.value, typeof seed === "number" && Number.isInteger(seed) ? seed : undefined);
        return { status: 200, body: faults.snapshot() };
      }
      case "revoke-tokens": {
        if (method !== "POST") return methodNotAllowed(method);
        const revoked = tokens.size;
        tokens.clear();
        return { status: 200, body: { revoked } };
      }
      case "reset": {
        if (method !== "POST") return methodNotAllowed(method);
        db.reset();
        return { status: 204 };
      }
      default:
        return notFound();
    }
  }

  // ---- dispatch --------------------------------------------------------------------------------------------
  async function route(req: http.IncomingMessage, url: URL, body: Buffer): Promise<Reply> {
    const segments = url.pathname.split("/").filter((s) => s !== "").map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    if (segments[0] === "__admin") return handleAdmin(req, segments.slice(1).join("/"), body);
    if (segments[0] === "scim" && segments[1] === "v2") {
      return handleScim(
        {
          method: req.method ?? "GET",
          subPath: "/" + segments.slice(2).map(encodeURIComponent).join("/"),
          query: url.searchParams,
          authorization: req.headers.authorization,
          json: () => parseJson(body),
        },
        db,
        baseUrl,
        scimCreds,
      );
    }
    if (segments.length === 3 && segments[1] === "as" && segments[2] === "token") return handleToken(req, segments[0], body);
    if (segments[0] === "v1") {
      const denied = checkBearer(req);
      if (denied) return denied;
      if (segments[1] !== "environments" || segments.length < 3) return notFound();
      const envId = segments[2];
      if (!envSet.has(envId)) return notFound(`Environment ${envId} not found.`);
      if (segments[3] === "propagation" && segments[4] === "stores") return handleStores(req, envId, segments.slice(5), url.searchParams, url.search, body);
      if (segments[3] === "propagation" && segments[4] === "rules") return handleRules(req, envId, segments.slice(5), body);
      return notFound();
    }
    return notFound();
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers["Content-Type"] = `${reply.contentType ?? "application/json"}; charset=utf-8`;
      headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function faultReply(kind: "429" | "500" | "502" | "503"): Reply {
    const retryAfter = String(faults.retryAfterSeconds);
    switch (kind) {
      case "429":
        return pingError(429, "REQUEST_LIMITED", "The request could not be completed. Too many requests; retry later.", [
          { code: "LIMIT_EXCEEDED", message: `Rate limit exceeded; retry after ${retryAfter} second(s).` },
        ], { "Retry-After": retryAfter });
      case "500":
        return pingError(500, "UNEXPECTED_ERROR", "An unexpected error occurred.");
      case "502":
        return pingError(502, "BAD_GATEWAY", "The request could not be completed: bad gateway.");
      case "503":
        return pingError(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable; retry later.", undefined, { "Retry-After": retryAfter });
    }
  }

  /**
   * Waits `ms`, or less if the client goes away first; true when the client is still there to answer.
   * A killed client's kernel only half-closes the connection ("end"), and the HTTP server keeps half-open
   * sockets alive while a response is due, so "end" counts as leaving, as well as "close".
   */
  function holdUnlessClientLeaves(req: http.IncomingMessage, ms: number): Promise<boolean> {
    const socket = req.socket;
    if (socket.destroyed || socket.readableEnded) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (present: boolean) => {
        clearTimeout(timer);
        socket.off("close", left).off("end", left);
        if (!present) socket.destroy();
        resolve(present && !socket.destroyed);
      };
      const left = () => settle(false);
      const timer = setTimeout(() => settle(true), ms);
      socket.once("close", left).once("end", left);
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://local");
    const entry: RequestLogEntry = { method, path: url.pathname, status: null, time: new Date().toISOString(), durationMs: 0 };
    const isAdmin = url.pathname.startsWith("/__admin");
    const finish = (status: number | null, fault?: string) => {
      entry.status = status;
      if (fault) entry.fault = fault;
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (!isAdmin) {
        requestLog.push(entry);
        if (requestLog.length > MAX_LOG_ENTRIES) requestLog.splice(0, requestLog.length - MAX_LOG_ENTRIES);
      }
      log?.(`${entry.time} ${method} ${entry.path} ${status ?? "dropped"} ${entry.durationMs}ms${fault ? ` fault=${fault}` : ""}`);
    };

    const isApi = url.pathname === "/v1" || url.pathname.startsWith("/v1/");
    const decision = isApi ? faults.decide(method) : undefined;
    if (decision && decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision?.before === "drop") {
      finish(null, "drop");
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    let reply: Reply;
    if (decision?.before) {
      reply = faultReply(decision.before);
    } else if (body === "too-large") {
      reply = pingError(413, "INVALID_REQUEST", "The request body is too large.");
    } else {
      reply = await route(req, url, body);
    }
    if (decision?.commitThenDrop) {
      finish(null, "commitThenDrop");
      req.socket.destroy();
      return;
    }
    if (decision && decision.holdResponseMs > 0 && !(await holdUnlessClientLeaves(req, decision.holdResponseMs))) {
      finish(reply.status, "heldResponse");
      return;
    }
    send(res, reply);
    finish(reply.status, decision?.before);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        try {
          send(res, pingError(500, "UNEXPECTED_ERROR", `An unexpected error occurred: ${(e as Error).message}`));
        } catch {
          req.socket.destroy();
        }
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    clientId,
    clientSecret,
    environmentIds: [...environmentIds],
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
