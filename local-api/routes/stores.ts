/**
 * Propagation stores: `/v1/environments/{envId}/propagation/stores[/{id} | /connection/status]`.
 * List (cursor paging), read, create, full-replace update, delete (refused while a rule uses the store),
 * and the connection check, which really calls a SCIM target. Every rendered store carries its read-only
 * `syncStatus` (routes/sync-status.ts).
 */
import { randomUUID } from "node:crypto";
import { environmentHref, nowIso, type ApiContext, type SecretsOnRead } from "../context";
import { invalidData, methodNotAllowed, notFound, pingError, type Reply } from "../http";
import { requireJson, type ApiRequest } from "../request";
import { SERVER_ADDED_KEYS, secretKeysFor, validateStore, type Json, type JsonObject, type StoreInput } from "../schema";
import { pageOf } from "./paging";
import { syncStatusOf } from "./sync-status";

export const MASKED_SECRET = "******";
export const CONNECTION_CHECK_MEDIA_TYPE = "application/vnd.pingidentity.connection.check+json";
/** How long a connection check waits for a SCIM target. */
export const CONNECTION_CHECK_TIMEOUT_MS = 3000;

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

const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** `image.id`: the UUID in the image file name when there is one (as in the docs' examples), else a new one. */
function imageIdFor(href: string): string {
  const fileName = href.split(/[?#]/)[0].split("/").pop() ?? "";
  return UUID_PATTERN.exec(fileName)?.[0].toLowerCase() ?? randomUUID();
}

/** The stored store: the server's own fields, then what the client sent, with the documented defaults. */
function applyInput(
  base: Pick<StoredStore, "id" | "environment" | "createdAt" | "updatedAt">,
  input: StoreInput,
  previous?: StoredStore,
): StoredStore {
  const store = { ...base } as StoredStore;
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

const storesPath = "propagation/stores";

/** The store with its secret configuration keys as `mode` says (plaintext as stored, masked, or omitted). */
function withSecrets(store: StoredStore, mode: SecretsOnRead): JsonObject {
  const rendered = { ...store } as unknown as JsonObject;
  if (store.configuration) {
    const configuration: JsonObject = { ...store.configuration };
    for (const key of secretKeysFor(store.type)) {
      if (!(key in configuration)) continue;
      if (mode === "masked") configuration[key] = MASKED_SECRET;
      else if (mode === "omitted") delete configuration[key];
    }
    rendered.configuration = configuration;
  }
  return rendered;
}

/** A store as a revision's snapshot records it: every secret masked, whatever `--secrets-on-read` says. */
export function snapshotStore(json: string): JsonObject {
  return withSecrets(JSON.parse(json) as StoredStore, "masked");
}

function renderStore(context: ApiContext, store: StoredStore): JsonObject {
  const rendered = withSecrets(store, context.secretsOnRead);
  rendered.syncStatus = syncStatusOf(context, store) as unknown as Json;
  const href = environmentHref(context, store.environment.id, `${storesPath}/${store.id}`);
  rendered._links = { self: { href }, update: { href }, delete: { href } } as unknown as Json;
  return rendered;
}

export async function handleStores(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Promise<Reply> {
  const { method } = request;
  if (rest.length === 0) {
    if (method === "GET") return listStores(request, context, environmentId);
    if (method === "POST") return createStore(request, context, environmentId);
    return methodNotAllowed(method);
  }
  if (rest.length === 2 && rest[0] === "connection" && rest[1] === "status") {
    if (method !== "POST") return methodNotAllowed(method);
    const parsed = requireJson(request, CONNECTION_CHECK_MEDIA_TYPE);
    if (!parsed.ok) return parsed.reply;
    const validation = validateStore(parsed.value, { unknownKeys: context.unknownKeys });
    if (!validation.ok) return invalidData(validation.details);
    return connectionCheck(validation.value);
  }
  if (rest.length !== 1) return notFound();
  const id = rest[0];
  const existingJson = context.db.getStore(environmentId, id);
  if (!existingJson) return notFound(`Store ${id} not found in environment ${environmentId}.`);
  const existing = JSON.parse(existingJson) as StoredStore;
  switch (method) {
    case "GET":
      return { status: 200, body: renderStore(context, existing) };
    case "PUT":
      return updateStore(request, context, existing);
    case "DELETE":
      return deleteStore(context, environmentId, id);
    default:
      return methodNotAllowed(method);
  }
}

function listStores(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  const page = pageOf(request, environmentHref(context, environmentId, storesPath), (afterSeq, limit) =>
    context.db.listStores(environmentId, afterSeq, limit),
  );
  if (!page.ok) return page.reply;
  const stores = page.rows.map((row) => renderStore(context, JSON.parse(row.json) as StoredStore));
  return { status: 200, body: { _links: page.links, _embedded: { stores }, size: stores.length } };
}

function createStore(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  const parsed = requireJson(request);
  if (!parsed.ok) return parsed.reply;
  const validation = validateStore(parsed.value, { unknownKeys: context.unknownKeys });
  if (!validation.ok) return invalidData(validation.details);
  const now = nowIso(context);
  const store = applyInput({ id: randomUUID(), environment: { id: environmentId }, createdAt: now, updatedAt: now }, validation.value);
  context.db.insertStore(environmentId, store.id, JSON.stringify(store));
  return {
    status: 201,
    body: renderStore(context, store),
    headers: { Location: environmentHref(context, environmentId, `${storesPath}/${store.id}`) },
  };
}

function updateStore(request: ApiRequest, context: ApiContext, existing: StoredStore): Reply {
  const parsed = requireJson(request);
  if (!parsed.ok) return parsed.reply;
  const sent = parsed.value as Record<string, unknown> | null;
  if (sent && typeof sent === "object" && typeof sent.type === "string" && sent.type !== existing.type) {
    return invalidData([
      { code: "INVALID_VALUE", target: "type", message: `type cannot be changed (the store is ${existing.type}); delete and recreate it` },
    ]);
  }
  const validation = validateStore(parsed.value, { unknownKeys: context.unknownKeys });
  if (!validation.ok) return invalidData(validation.details);
  const base = { id: existing.id, environment: existing.environment, createdAt: existing.createdAt, updatedAt: nowIso(context) };
  const store = applyInput(base, validation.value, existing);
  context.db.updateStore(existing.environment.id, existing.id, JSON.stringify(store));
  return { status: 200, body: renderStore(context, store) };
}

function deleteStore(context: ApiContext, environmentId: string, id: string): Reply {
  const result = context.db.deleteStore(environmentId, id);
  if (result.referencedBy.length > 0) {
    const ids = result.referencedBy.join(", ");
    return pingError(409, "INVALID_REQUEST", `The store cannot be deleted: it is referenced by propagation rule(s) ${ids}.`, [
      {
        code: "CONSTRAINT_VIOLATION",
        target: "id",
        message: `Store ${id} is referenced by propagation rule(s) ${ids}; delete the rule(s) first.`,
      },
    ]);
  }
  if (!result.deleted) return notFound(`Store ${id} not found in environment ${environmentId}.`);
  return { status: 204 };
}

function describeFetchError(error: unknown, target: string): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === "TimeoutError" || failure.name === "AbortError")
    return `timed out after ${CONNECTION_CHECK_TIMEOUT_MS}ms connecting to ${target}`;
  const code = failure.cause?.code;
  if (code === "ECONNREFUSED") return `connection refused by ${target}`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `host not found for ${target}`;
  return `could not reach ${target}: ${failure.cause?.message ?? failure.message ?? String(error)}`;
}

/**
 * Tests a prospective configuration without saving it. Only scim targets are really called (the local API
 * ships one); every other type passes once its configuration validates.
 */
async function connectionCheck(store: StoreInput): Promise<Reply> {
  if (store.type !== "scim") return { status: 200, body: { status: "SUCCESS" } };
  const configuration = store.configuration ?? {};
  const scimUrl = String(configuration.SCIM_URL).replace(/\/+$/, "");
  let resource =
    typeof configuration.USERS_RESOURCE === "string" && configuration.USERS_RESOURCE !== "" ? configuration.USERS_RESOURCE : "/Users";
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
  const method = configuration.AUTHENTICATION_METHOD;
  if (method === "Basic Authentication") {
    const userAndPassword = `${String(configuration.BASIC_AUTH_USER)}:${String(configuration.BASIC_AUTH_PASSWORD)}`;
    headers.Authorization = `Basic ${Buffer.from(userAndPassword).toString("base64")}`;
  } else if (method === "OAuth 2 Bearer Token") {
    headers.Authorization = `Bearer ${String(configuration.OAUTH_ACCESS_TOKEN)}`;
  } else if (method === "OAuth 2 Client Credentials") {
    // Not emulated: the check passes once the configuration validates.
    return { status: 200, body: { status: "SUCCESS" } };
  }
  try {
    const response = await fetch(target, { headers, signal: AbortSignal.timeout(CONNECTION_CHECK_TIMEOUT_MS), redirect: "manual" });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { status: 200, body: { status: "SUCCESS" } };
    return { status: 200, body: { status: "FAILURE", message: `HTTP ${response.status} from target ${shown}` } };
  } catch (error) {
    return { status: 200, body: { status: "FAILURE", message: describeFetchError(error, shown) } };
  }
}
