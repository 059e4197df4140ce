/**
 * Propagation rules: `/v1/environments/{envId}/propagation/rules[/{ruleId}]`, and through routes/plans.ts
 * `propagation/plans/{planId}/rules` (one plan's rules, and the plan-scoped create).
 *
 * Written from RULES (see /work/shared/reference/pingone-propagation-pipeline.md, section 2.2):
 * - Create has two documented paths (contradiction 1): the headings, cURL samples and `_links.create` say
 *   `POST plans/{planId}/rules`, the prose and the Postman-derived clients say `POST rules`. Both work here:
 *   on the plan-scoped path `plan.id` may be omitted or must equal the path's; on the flat path it is required.
 * - `plan`, `sourceStore` and `targetStore` are set at create only (the PUT model has none of them): a PUT
 *   that sends one with another value is refused, the same value is accepted and ignored. `parentRule`
 *   (writeback) is treated the same way: the documents do not list it as mutable.
 * - Every referenced plan, store, parent rule and group must exist in the environment.
 * - `configuration` is required for a rule whose target store is an LdapGateway store (BASE_DN and
 *   RDN_ATTRIBUTE), and accepted as sent for any other rule ("ignored for all other rules").
 * - Deleting a rule deletes its mappings (rules own mappings); `?deprovision=true` is accepted.
 * Fields the documents do not name are ignored, not stored.
 */
import { randomUUID } from "node:crypto";
import { environmentHref, nowIso, type ApiContext } from "../context";
import { BodyReader, objectBody } from "../fields";
import { invalidData, methodNotAllowed, notFound, type Reply } from "../http";
import type { ApiRequest } from "../request";
import type { JsonObject } from "../schema";
import { handleRuleMappings } from "./mappings";
import { PIPELINE_PATHS } from "./paths";

type Reference = { id: string };

export interface StoredRule {
  id: string;
  environment: { id: string };
  createdAt: string;
  updatedAt: string;
  plan: Reference;
  sourceStore: Reference;
  targetStore: Reference;
  name: string;
  description?: string;
  active: boolean;
  deprovision?: boolean;
  populationExpression?: string;
  groups?: Reference[];
  populations?: Reference[];
  configuration?: JsonObject;
  parentRule?: Reference;
}

/** The fields a PUT may change, in the order responses list them. */
type MutableFields = Pick<
  StoredRule,
  "name" | "description" | "deprovision" | "populationExpression" | "groups" | "populations" | "configuration"
> & {
  active: boolean | undefined;
};

/** The references fixed at create, with the detail target each is refused under. */
const CREATE_ONLY = ["plan", "sourceStore", "targetStore", "parentRule"] as const;

/** Keys an outbound LDAP rule's configuration must carry (RULES, "Outbound LDAP configuration"). */
const LDAP_OUTBOUND_KEYS = ["BASE_DN", "RDN_ATTRIBUTE"];

function renderRule(context: ApiContext, rule: StoredRule): Record<string, unknown> {
  // An old data directory may hold a rule made before plans existed; it has no plan to link to.
  const create = rule.plan ? `${PIPELINE_PATHS.plans}/${rule.plan.id}/rules` : PIPELINE_PATHS.rules;
  return {
    ...rule,
    _links: {
      self: { href: environmentHref(context, rule.environment.id, `${PIPELINE_PATHS.rules}/${rule.id}`) },
      create: { href: environmentHref(context, rule.environment.id, create) },
    },
  };
}

function listReply(context: ApiContext, environmentId: string, path: string, ruleJsons: string[]): Reply {
  const rules = ruleJsons.map((json) => renderRule(context, JSON.parse(json) as StoredRule));
  return {
    status: 200,
    body: { _links: { self: { href: environmentHref(context, environmentId, path) } }, _embedded: { rules }, size: rules.length },
  };
}

export function handleRules(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  const { method } = request;
  if (rest.length === 0) {
    if (method === "GET") return listReply(context, environmentId, PIPELINE_PATHS.rules, context.db.listRules(environmentId));
    if (method === "POST") return createRule(request, context, environmentId, undefined);
    return methodNotAllowed(method);
  }
  if (rest.length === 2 && rest[1] === "mappings") return handleRuleMappings(request, context, environmentId, rest[0]);
  if (rest.length !== 1) return notFound();
  const ruleJson = context.db.getRule(environmentId, rest[0]);
  if (!ruleJson) return notFound(`Rule ${rest[0]} not found in environment ${environmentId}.`);
  const rule = JSON.parse(ruleJson) as StoredRule;
  switch (method) {
    case "GET":
      return { status: 200, body: renderRule(context, rule) };
    case "PUT":
      return updateRule(request, context, rule);
    case "DELETE":
      return deleteRule(request, context, rule);
    default:
      return methodNotAllowed(method);
  }
}

/** `propagation/plans/{planId}/rules`: the plan's rules, and the plan-scoped create. */
export function handlePlanRules(request: ApiRequest, context: ApiContext, environmentId: string, planId: string): Reply {
  const { method } = request;
  if (method === "POST") return createRule(request, context, environmentId, planId);
  if (method !== "GET") return methodNotAllowed(method);
  if (!context.db.getPlan(environmentId, planId)) return notFound(`Plan ${planId} not found in environment ${environmentId}.`);
  return listReply(context, environmentId, `${PIPELINE_PATHS.plans}/${planId}/rules`, context.db.listRules(environmentId, planId));
}

/** The target store's type, for the LDAP configuration requirement; undefined when the store is unknown. */
function storeType(context: ApiContext, environmentId: string, storeId: string | undefined): string | undefined {
  const json = storeId === undefined ? undefined : context.db.getStore(environmentId, storeId);
  return json ? (JSON.parse(json) as { type: string }).type : undefined;
}

/** Reads and checks the fields both create and PUT carry. */
function readMutable(reader: BodyReader, context: ApiContext, environmentId: string, targetType: string | undefined): MutableFields {
  const fields: MutableFields = {
    name: reader.requiredString("name") ?? "",
    description: reader.string("description"),
    active: reader.boolean("active"),
    deprovision: reader.boolean("deprovision"),
    populationExpression: reader.string("populationExpression"),
    groups: reader.references("groups")?.map((id) => ({ id })),
    populations: reader.references("populations")?.map((id) => ({ id })),
    configuration: reader.object("configuration"),
  };
  fields.groups?.forEach(({ id }, index) => {
    if (!context.db.getGroup(environmentId, id)) {
      reader.refuse(
        "INVALID_VALUE",
        `groups[${index}].id`,
        `Group ${id} does not exist in environment ${environmentId}: use the id of an existing group.`,
      );
    }
  });
  // `populations` is deprecated and populations are not emulated here, so its ids are stored as sent.
  if (targetType === "LdapGateway") {
    const configuration = fields.configuration ?? {};
    for (const key of LDAP_OUTBOUND_KEYS) {
      const target = `configuration.${key}`;
      if (configuration[key] === undefined || configuration[key] === null || configuration[key] === "") {
        reader.refuse(
          "REQUIRED_VALUE",
          target,
          `${target} is required for a rule whose target store is an LdapGateway store: send a non-empty string.`,
        );
      } else reader.string(key, target, configuration);
    }
  }
  return fields;
}

/** The stored rule: server fields, the create-only references, then the mutable fields (absent ones left out). */
function assemble(
  fixed: Omit<StoredRule, keyof MutableFields | "parentRule">,
  fields: MutableFields,
  parentRule: Reference | undefined,
): StoredRule {
  const rule = { ...fixed, name: fields.name } as StoredRule;
  if (fields.description !== undefined) rule.description = fields.description;
  rule.active = fields.active ?? false;
  if (fields.deprovision !== undefined) rule.deprovision = fields.deprovision;
  if (fields.populationExpression !== undefined) rule.populationExpression = fields.populationExpression;
  if (fields.groups !== undefined) rule.groups = fields.groups;
  if (fields.populations !== undefined) rule.populations = fields.populations;
  if (fields.configuration !== undefined) rule.configuration = fields.configuration;
  if (parentRule !== undefined) rule.parentRule = parentRule;
  return rule;
}

function createRule(request: ApiRequest, context: ApiContext, environmentId: string, pathPlanId: string | undefined): Reply {
  const parsed = objectBody(request);
  if (!parsed.ok) return parsed.reply;
  const reader = new BodyReader(parsed.body);
  const bodyPlanId = reader.reference("plan", pathPlanId === undefined);
  if (pathPlanId !== undefined && bodyPlanId !== undefined && bodyPlanId !== pathPlanId) {
    reader.refuse(
      "INVALID_VALUE",
      "plan.id",
      `plan.id ${bodyPlanId} differs from the plan in the path (${pathPlanId}): omit plan.id or send the path's plan id.`,
    );
  }
  const planId = pathPlanId ?? bodyPlanId;
  const sourceId = reader.reference("sourceStore", true);
  const targetId = reader.reference("targetStore", true);
  const parentId = reader.reference("parentRule", false);
  // Contradiction 6: environment.id is read-only in the data model but sent by every example; accept it when it names this environment.
  const sentEnvironment = reader.reference("environment", false);
  if (sentEnvironment !== undefined && sentEnvironment !== environmentId) {
    reader.refuse(
      "INVALID_VALUE",
      "environment.id",
      `environment.id ${sentEnvironment} is not this environment (${environmentId}): omit it or send ${environmentId}.`,
    );
  }
  // The path's plan is checked like the body's, so both create paths refuse an unknown plan the same way.
  if (planId !== undefined && !context.db.getPlan(environmentId, planId)) {
    reader.refuse(
      "INVALID_VALUE",
      "plan.id",
      `Plan ${planId} does not exist in environment ${environmentId}: create the plan first, or use the environment's plan id.`,
    );
  }
  for (const [key, id] of [
    ["sourceStore", sourceId],
    ["targetStore", targetId],
  ] as const) {
    if (id !== undefined && !context.db.getStore(environmentId, id)) {
      reader.refuse(
        "INVALID_VALUE",
        `${key}.id`,
        `Store ${id} does not exist in environment ${environmentId}: use the id of an existing propagation store.`,
      );
    }
  }
  if (parentId !== undefined && !context.db.getRule(environmentId, parentId)) {
    reader.refuse(
      "INVALID_VALUE",
      "parentRule.id",
      `Rule ${parentId} does not exist in environment ${environmentId}: a writeback rule's parentRule must be an existing rule.`,
    );
  }
  const fields = readMutable(reader, context, environmentId, storeType(context, environmentId, targetId));
  const refusal = reader.refusal();
  if (refusal) return refusal;
  // No refusal: the plan and both stores were read and exist.
  const [plan, source, target] = [planId, sourceId, targetId] as string[];
  const now = nowIso(context);
  const fixed = {
    id: randomUUID(),
    environment: { id: environmentId },
    createdAt: now,
    updatedAt: now,
    plan: { id: plan },
    sourceStore: { id: source },
    targetStore: { id: target },
  };
  const rule = assemble(fixed, fields, parentId === undefined ? undefined : { id: parentId });
  context.db.insertRule(environmentId, rule.id, plan, source, target, JSON.stringify(rule));
  return {
    status: 201,
    body: renderRule(context, rule),
    headers: { Location: environmentHref(context, environmentId, `${PIPELINE_PATHS.rules}/${rule.id}`) },
  };
}

/** PUT replaces every mutable field; an `active` the client does not send keeps its value (as a store's status). */
function updateRule(request: ApiRequest, context: ApiContext, existing: StoredRule): Reply {
  const parsed = objectBody(request);
  if (!parsed.ok) return parsed.reply;
  const reader = new BodyReader(parsed.body);
  const environmentId = existing.environment.id;
  for (const key of CREATE_ONLY) {
    const sent = reader.reference(key, false);
    const current = existing[key]?.id;
    if (sent !== undefined && sent !== current) {
      reader.refuse(
        "INVALID_VALUE",
        `${key}.id`,
        `${key}.id cannot be changed by an update (the rule's is ${current ?? "not set"}): omit it, or delete the rule and create a new one.`,
      );
    }
  }
  const fields = readMutable(reader, context, environmentId, storeType(context, environmentId, existing.targetStore.id));
  const refusal = reader.refusal();
  if (refusal) return refusal;
  const { id, environment, createdAt, plan, sourceStore, targetStore } = existing;
  const fixed = { id, environment, createdAt, updatedAt: nowIso(context), plan, sourceStore, targetStore };
  const rule = assemble(fixed, { ...fields, active: fields.active ?? existing.active }, existing.parentRule);
  context.db.updateRule(environmentId, rule.id, JSON.stringify(rule));
  return { status: 200, body: renderRule(context, rule) };
}

function deleteRule(request: ApiRequest, context: ApiContext, rule: StoredRule): Reply {
  const deprovision = request.query.get("deprovision");
  if (deprovision !== null && deprovision !== "true" && deprovision !== "false") {
    return invalidData([
      { code: "INVALID_VALUE", target: "deprovision", message: `deprovision must be true or false, not ${JSON.stringify(deprovision)}.` },
    ]);
  }
  // Deprovisioning users is not emulated: no users flow between stores here.
  context.db.deleteRule(rule.environment.id, rule.id);
  return { status: 204 };
}
