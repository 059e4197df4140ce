/**
 * `/__admin/*`: what tests and scripts use to steer and observe the server. Not part of PingOne's API,
 * never fault-injected, and never in the request log.
 */
import type { ApiContext } from "../context";
import { invalidData, methodNotAllowed, notFound, pingError, type Reply } from "../http";
import { parseJson, type ApiRequest } from "../request";
import { parseFaultOptions } from "../faults";
import { createGroupFromAdmin } from "./groups";
import { revisionWithSnapshot } from "./revisions";
import { parseSyncStatusOverride, syncStatusOf } from "./sync-status";

export function handleAdmin(request: ApiRequest, context: ApiContext, rest: string[]): Reply {
  const { method } = request;
  if (rest.length === 3 && rest[0] === "stores" && rest[2] === "sync-status") return syncStatusOverride(request, context, rest[1]);
  if (rest[0] === "revisions" && rest.length <= 2) {
    if (method !== "GET") return methodNotAllowed(method);
    return rest.length === 1 ? listRevisions(request, context) : oneRevision(context, rest[1]);
  }
  switch (rest.join("/")) {
    case "health":
      return { status: 200, body: { status: "OK" } };
    case "requests":
      if (method === "GET") return { status: 200, body: context.requestLog.map((entry) => ({ ...entry })) };
      if (method === "DELETE") {
        context.requestLog.length = 0;
        return { status: 204 };
      }
      return methodNotAllowed(method);
    case "faults":
      if (method === "GET") return { status: 200, body: context.faults.snapshot() };
      if (method === "PUT") return replaceFaults(request, context);
      return methodNotAllowed(method);
    case "clock":
      if (method === "GET") return { status: 200, body: { offsetMs: context.clock.offsetMs, now: new Date(context.now()).toISOString() } };
      if (method === "PUT") return moveClock(request, context);
      return methodNotAllowed(method);
    case "revoke-tokens":
      if (method !== "POST") return methodNotAllowed(method);
      return { status: 200, body: { revoked: context.tokens.revokeAll() } };
    case "groups":
      if (method !== "POST") return methodNotAllowed(method);
      return createGroupFromAdmin(request, context);
    case "reset":
      if (method !== "POST") return methodNotAllowed(method);
      context.db.reset();
      return { status: 204 };
    default:
      return notFound();
  }
}

/** Every revision with its snapshot, oldest first; `?environmentId=` keeps one environment's. */
function listRevisions(request: ApiRequest, context: ApiContext): Reply {
  const environmentId = request.query.get("environmentId") ?? undefined;
  return { status: 200, body: context.db.listRevisions(environmentId).map((row) => revisionWithSnapshot(context, row)) };
}

function oneRevision(context: ApiContext, id: string): Reply {
  const row = context.db.revisionWithSnapshot(id);
  return row ? { status: 200, body: revisionWithSnapshot(context, row) } : notFound(`Revision ${id} not found.`);
}

function replaceFaults(request: ApiRequest, context: ApiContext): Reply {
  const parsed = parseJson(request.body);
  if (!parsed.ok) return pingError(400, "INVALID_REQUEST", "The request body is not valid JSON.");
  const options = parseFaultOptions(parsed.value);
  if (!options.ok) return invalidData([{ code: "INVALID_VALUE", message: options.message }]);
  const seed = (parsed.value as { seed?: unknown }).seed;
  context.faults.replace(options.value, typeof seed === "number" && Number.isInteger(seed) ? seed : undefined);
  return { status: 200, body: context.faults.snapshot() };
}

/** `{ "offsetMs": n }`: the server's clock jumps, as a VM resumed from suspend or an NTP step would. */
function moveClock(request: ApiRequest, context: ApiContext): Reply {
  const parsed = parseJson(request.body);
  const offsetMs = parsed.ok ? (parsed.value as { offsetMs?: unknown } | null)?.offsetMs : undefined;
  if (typeof offsetMs !== "number" || !Number.isFinite(offsetMs)) {
    return invalidData([{ code: "INVALID_VALUE", target: "offsetMs", message: "offsetMs must be a number of milliseconds" }]);
  }
  context.clock.offsetMs = offsetMs;
  return { status: 200, body: { offsetMs, now: new Date(context.now()).toISOString() } };
}

/**
 * `PUT /__admin/stores/{storeId}/sync-status`: fields merged over the store's computed `syncStatus` (kept
 * until the next PUT or DELETE); `DELETE` goes back to the computed value. Answers the resulting syncStatus.
 */
function syncStatusOverride(request: ApiRequest, context: ApiContext, storeId: string): Reply {
  const environmentId = [...context.environments].find((environment) => context.db.getStore(environment, storeId) !== undefined);
  if (!environmentId) return notFound(`Store ${storeId} not found in any environment.`);
  const store = () => JSON.parse(context.db.getStore(environmentId, storeId)!);
  if (request.method === "DELETE") {
    context.db.clearSyncStatusOverride(storeId);
    return { status: 204 };
  }
  if (request.method !== "PUT") return methodNotAllowed(request.method);
  const parsed = parseJson(request.body);
  if (!parsed.ok) return pingError(400, "INVALID_REQUEST", "The request body is not valid JSON.");
  const override = parseSyncStatusOverride(parsed.value);
  if (!override.ok) return invalidData(override.details);
  context.db.setSyncStatusOverride(storeId, JSON.stringify(override.value));
  return { status: 200, body: syncStatusOf(context, store()) };
}
