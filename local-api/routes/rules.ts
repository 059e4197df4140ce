/**
 * Propagation rules, minimal: list, create (both stores must exist), read and delete. Enough for a store's
 * delete to be refused while a rule uses it; the full rule model comes with the pipeline.
 */
import { randomUUID } from "node:crypto";
import { environmentHref, nowIso, type ApiContext } from "../context";
import { invalidData, methodNotAllowed, notFound, type Reply } from "../http";
import { requireJson, type ApiRequest } from "../request";
import type { ErrorDetail } from "../schema";

const rulesPath = "propagation/rules";

export function handleRules(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  const { method } = request;
  if (rest.length === 0) {
    if (method === "GET") {
      const rules = context.db.listRules(environmentId).map((json) => JSON.parse(json) as unknown);
      return { status: 200, body: { _links: { self: { href: environmentHref(context, environmentId, rulesPath) } }, _embedded: { rules } } };
    }
    if (method === "POST") return createRule(request, context, environmentId);
    return methodNotAllowed(method);
  }
  if (rest.length !== 1) return notFound();
  const id = rest[0];
  const ruleJson = context.db.getRule(environmentId, id);
  if (!ruleJson) return notFound(`Rule ${id} not found in environment ${environmentId}.`);
  if (method === "GET") return { status: 200, body: JSON.parse(ruleJson) as unknown };
  if (method === "DELETE") {
    context.db.deleteRule(environmentId, id);
    return { status: 204 };
  }
  return methodNotAllowed(method);
}

function createRule(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  const parsed = requireJson(request);
  if (!parsed.ok) return parsed.reply;
  const sent = parsed.value;
  if (typeof sent !== "object" || sent === null || Array.isArray(sent)) {
    return invalidData([{ code: "INVALID_VALUE", message: "The request body must be a JSON object" }]);
  }
  const body = sent as Record<string, unknown>;
  const details: ErrorDetail[] = [];
  if (typeof body.name !== "string" || body.name === "") details.push({ code: "REQUIRED_VALUE", target: "name", message: "name is required" });
  const storeIds: Record<string, string> = {};
  for (const key of ["sourceStore", "targetStore"]) {
    const reference = body[key] as { id?: unknown } | undefined;
    if (!reference || typeof reference !== "object" || typeof reference.id !== "string" || reference.id === "") {
      details.push({ code: "REQUIRED_VALUE", target: `${key}.id`, message: `${key}.id is required` });
    } else if (!context.db.getStore(environmentId, reference.id)) {
      details.push({ code: "INVALID_VALUE", target: `${key}.id`, message: `store ${reference.id} does not exist in environment ${environmentId}` });
    } else storeIds[key] = reference.id;
  }
  if (details.length > 0) return invalidData(details);
  const id = randomUUID();
  const now = nowIso(context);
  const rule = {
    id,
    environment: { id: environmentId },
    name: body.name,
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    sourceStore: { id: storeIds.sourceStore },
    targetStore: { id: storeIds.targetStore },
    createdAt: now,
    updatedAt: now,
    _links: { self: { href: environmentHref(context, environmentId, `${rulesPath}/${id}`) } },
  };
  context.db.insertRule(environmentId, id, storeIds.sourceStore, storeIds.targetStore, JSON.stringify(rule));
  return { status: 201, body: rule };
}
