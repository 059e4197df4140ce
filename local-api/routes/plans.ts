/**
 * Propagation plans: `/v1/environments/{envId}/propagation/plans[/{planId}[/rules]]`.
 *
 * One plan per environment (PLANS: "for now, an environment may hold one plan"): a second create is refused
 * naming the plan that exists. Deleting a plan deletes its rules and their mappings (PLANS), in one
 * transaction. `{planId}/rules` (list, and the plan-scoped create) is answered by routes/rules.ts.
 * The documents show no timestamps on a plan, so none are returned.
 */
import { randomUUID } from "node:crypto";
import { environmentHref, type ApiContext } from "../context";
import { invalidData, methodNotAllowed, notFound, type Reply } from "../http";
import { BodyReader, objectBody } from "../fields";
import type { ApiRequest } from "../request";
import { PIPELINE_PATHS } from "./paths";
import { handlePlanRules } from "./rules";

export const PLAN_STATUSES = ["ACTIVE", "INACTIVE"] as const;
type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface StoredPlan {
  id: string;
  environment: { id: string };
  name: string;
  status: PlanStatus;
}

const plansPath = PIPELINE_PATHS.plans;

export function renderPlan(context: ApiContext, plan: StoredPlan): Record<string, unknown> {
  return { ...plan, _links: { self: { href: environmentHref(context, plan.environment.id, `${plansPath}/${plan.id}`) } } };
}

export function handlePlans(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  const { method } = request;
  if (rest.length === 0) {
    if (method === "GET") {
      const existing = context.db.environmentPlan(environmentId);
      const plans = existing ? [renderPlan(context, JSON.parse(existing) as StoredPlan)] : [];
      return {
        status: 200,
        body: { _links: { self: { href: environmentHref(context, environmentId, plansPath) } }, _embedded: { plans }, size: plans.length },
      };
    }
    if (method === "POST") return createPlan(request, context, environmentId);
    return methodNotAllowed(method);
  }
  if (rest.length === 2 && rest[1] === "rules") return handlePlanRules(request, context, environmentId, rest[0]);
  if (rest.length !== 1) return notFound();
  const planJson = context.db.getPlan(environmentId, rest[0]);
  if (!planJson) return notFound(`Plan ${rest[0]} not found in environment ${environmentId}.`);
  const plan = JSON.parse(planJson) as StoredPlan;
  switch (method) {
    case "GET":
      return { status: 200, body: renderPlan(context, plan) };
    case "PUT":
      return updatePlan(request, context, plan);
    case "DELETE":
      context.db.deletePlan(environmentId, plan.id);
      return { status: 204 };
    default:
      return methodNotAllowed(method);
  }
}

/** `name` (required) and `status` from a create or update body. */
function readPlan(request: ApiRequest): { ok: true; name: string; status: PlanStatus | undefined } | { ok: false; reply: Reply } {
  const parsed = objectBody(request);
  if (!parsed.ok) return parsed;
  const reader = new BodyReader(parsed.body);
  const name = reader.requiredString("name");
  const status = reader.oneOf("status", PLAN_STATUSES);
  const refusal = reader.refusal();
  if (refusal) return { ok: false, reply: refusal };
  // No refusal means requiredString found a name.
  return { ok: true, name: name as string, status };
}

function createPlan(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  const input = readPlan(request);
  if (!input.ok) return input.reply;
  const existing = context.db.environmentPlan(environmentId);
  if (existing) {
    const existingId = (JSON.parse(existing) as StoredPlan).id;
    return invalidData([
      {
        code: "UNIQUENESS_VIOLATION",
        message: `Environment ${environmentId} already has a propagation plan (${existingId}); only one plan per environment is allowed.`,
      },
    ]);
  }
  const plan: StoredPlan = { id: randomUUID(), environment: { id: environmentId }, name: input.name, status: input.status ?? "INACTIVE" };
  context.db.insertPlan(environmentId, plan.id, JSON.stringify(plan));
  return {
    status: 201,
    body: renderPlan(context, plan),
    headers: { Location: environmentHref(context, environmentId, `${plansPath}/${plan.id}`) },
  };
}

/** PUT replaces `name`; a `status` the client does not send keeps its value (as stores do). */
function updatePlan(request: ApiRequest, context: ApiContext, existing: StoredPlan): Reply {
  const input = readPlan(request);
  if (!input.ok) return input.reply;
  const plan: StoredPlan = { ...existing, name: input.name, status: input.status ?? existing.status };
  context.db.updatePlan(existing.environment.id, existing.id, JSON.stringify(plan));
  return { status: 200, body: renderPlan(context, plan) };
}
