/**
 * Propagation mappings: `propagation/rules/{ruleId}/mappings` (list, create; reached through routes/rules.ts)
 * and `propagation/mappings/{mappingId}` (read, update, delete).
 *
 * Written from MAPS (/work/shared/reference/pingone-propagation-pipeline.md, section 2.3), where the documents
 * contradict each other:
 * - Delete path (contradiction 2): the Postman-derived clients use `DELETE propagation/mapping/{id}`
 *   (singular), every other mapping operation the plural. Both delete here.
 * - `name` (contradiction 3): required in the data and create models, sent by no example. Not required here;
 *   when sent it must be unique among the rule's mappings ("unique mapping name"), when absent none is stored.
 * - `attributeMappingType` (contradiction 4): typed Boolean, sent as the String "userAttributeMapping" by the
 *   example. Either is accepted and echoed as sent.
 * - Create status (contradiction 5): the response-code table lists no 201; creates elsewhere return 201, so
 *   does this one.
 * Exactly one of `sourceAttribute` and `expression` (the data model: "never both").
 */
import { randomUUID } from "node:crypto";
import { environmentHref, nowIso, type ApiContext } from "../context";
import { BodyReader, objectBody } from "../fields";
import { methodNotAllowed, notFound, type Reply } from "../http";
import type { ApiRequest } from "../request";
import { PIPELINE_PATHS } from "./paths";

interface StoredMapping {
  id: string;
  environment: { id: string };
  createdAt: string;
  updatedAt: string;
  rule: { id: string };
  name?: string;
  sourceAttribute?: string;
  expression?: string;
  targetAttribute: string;
  attributeMappingType?: boolean | string;
}

type MappingFields = Pick<StoredMapping, "name" | "sourceAttribute" | "expression" | "targetAttribute" | "attributeMappingType">;

function renderMapping(context: ApiContext, mapping: StoredMapping): Record<string, unknown> {
  const href = environmentHref(context, mapping.environment.id, `${PIPELINE_PATHS.mappings}/${mapping.id}`);
  return { ...mapping, _links: { self: { href } } };
}

/** `propagation/rules/{ruleId}/mappings`. */
export function handleRuleMappings(request: ApiRequest, context: ApiContext, environmentId: string, ruleId: string): Reply {
  const { method } = request;
  if (method !== "GET" && method !== "POST") return methodNotAllowed(method);
  if (!context.db.getRule(environmentId, ruleId)) return notFound(`Rule ${ruleId} not found in environment ${environmentId}.`);
  if (method === "POST") return createMapping(request, context, environmentId, ruleId);
  const mappings = context.db.listMappings(environmentId, ruleId).map((json) => renderMapping(context, JSON.parse(json) as StoredMapping));
  const self = environmentHref(context, environmentId, `${PIPELINE_PATHS.rules}/${ruleId}/mappings`);
  return { status: 200, body: { _links: { self: { href: self } }, _embedded: { mappings }, size: mappings.length } };
}

/** `propagation/mappings/{mappingId}`. */
export function handleMappings(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  const { method } = request;
  if (rest.length === 0) return methodNotAllowed(method);
  if (rest.length !== 1) return notFound();
  const mappingJson = context.db.getMapping(environmentId, rest[0]);
  if (!mappingJson) return notFound(`Mapping ${rest[0]} not found in environment ${environmentId}.`);
  const mapping = JSON.parse(mappingJson) as StoredMapping;
  switch (method) {
    case "GET":
      return { status: 200, body: renderMapping(context, mapping) };
    case "PUT":
      return updateMapping(request, context, mapping);
    case "DELETE":
      context.db.deleteMapping(environmentId, mapping.id);
      return { status: 204 };
    default:
      return methodNotAllowed(method);
  }
}

/** `propagation/mapping/{mappingId}` (singular): the Postman-derived clients' delete path, and only that. */
export function handleMappingSingular(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  if (rest.length !== 1) return notFound();
  if (request.method !== "DELETE") return methodNotAllowed(request.method);
  return handleMappings(request, context, environmentId, rest);
}

/** The mapping fields of a create or update body; `existingId` is left out of the name-uniqueness check. */
function readFields(reader: BodyReader, context: ApiContext, environmentId: string, ruleId: string, existingId?: string): MappingFields {
  const fields: MappingFields = { targetAttribute: reader.requiredString("targetAttribute") ?? "" };
  const name = reader.string("name");
  const problemsBefore = reader.details.length;
  // An empty string names nothing: it counts as not sent.
  const sourceAttribute = reader.string("sourceAttribute") || undefined;
  const expression = reader.string("expression") || undefined;
  const wrongType = reader.details.length > problemsBefore;
  if (sourceAttribute !== undefined && expression !== undefined) {
    reader.refuse("INVALID_VALUE", "expression", "sourceAttribute and expression are mutually exclusive: send exactly one of them.");
  } else if (sourceAttribute === undefined && expression === undefined && !wrongType) {
    reader.refuse("REQUIRED_VALUE", "sourceAttribute", "A mapping needs exactly one of sourceAttribute or expression: send one of them.");
  }
  const type = reader.body.attributeMappingType;
  if (type !== undefined && type !== null && typeof type !== "boolean" && typeof type !== "string") {
    reader.refuse(
      "INVALID_VALUE",
      "attributeMappingType",
      'attributeMappingType must be a string such as "userAttributeMapping" (or a boolean).',
    );
  }
  if (name !== undefined) {
    const clash = context.db
      .listMappings(environmentId, ruleId)
      .map((json) => JSON.parse(json) as StoredMapping)
      .find((other) => other.name === name && other.id !== existingId);
    if (clash)
      reader.refuse(
        "UNIQUENESS_VIOLATION",
        "name",
        `The rule already has a mapping named ${JSON.stringify(name)} (${clash.id}): mapping names are unique.`,
      );
    fields.name = name;
  }
  if (sourceAttribute !== undefined) fields.sourceAttribute = sourceAttribute;
  if (expression !== undefined) fields.expression = expression;
  if (typeof type === "boolean" || typeof type === "string") fields.attributeMappingType = type;
  return fields;
}

/** The stored mapping, in the order the documented responses list the fields. */
function assemble(
  fixed: Pick<StoredMapping, "id" | "environment" | "createdAt" | "updatedAt" | "rule">,
  fields: MappingFields,
): StoredMapping {
  const { name, sourceAttribute, expression, targetAttribute, attributeMappingType } = fields;
  // targetAttribute is set after the optional source fields, so it is not spread in here.
  const mapping = { ...fixed } as StoredMapping;
  if (name !== undefined) mapping.name = name;
  if (sourceAttribute !== undefined) mapping.sourceAttribute = sourceAttribute;
  if (expression !== undefined) mapping.expression = expression;
  mapping.targetAttribute = targetAttribute;
  if (attributeMappingType !== undefined) mapping.attributeMappingType = attributeMappingType;
  return mapping;
}

function createMapping(request: ApiRequest, context: ApiContext, environmentId: string, ruleId: string): Reply {
  const parsed = objectBody(request);
  if (!parsed.ok) return parsed.reply;
  const reader = new BodyReader(parsed.body);
  // The rule comes from the path; a `rule.id` in the body, if any, must agree with it.
  const sentRule = reader.reference("rule", false);
  if (sentRule !== undefined && sentRule !== ruleId) {
    reader.refuse(
      "INVALID_VALUE",
      "rule.id",
      `rule.id ${sentRule} differs from the rule in the path (${ruleId}): omit rule.id or send the path's rule id.`,
    );
  }
  const fields = readFields(reader, context, environmentId, ruleId);
  const refusal = reader.refusal();
  if (refusal) return refusal;
  const now = nowIso(context);
  const mapping = assemble(
    { id: randomUUID(), environment: { id: environmentId }, createdAt: now, updatedAt: now, rule: { id: ruleId } },
    fields,
  );
  context.db.insertMapping(environmentId, mapping.id, ruleId, JSON.stringify(mapping));
  const location = environmentHref(context, environmentId, `${PIPELINE_PATHS.mappings}/${mapping.id}`);
  return { status: 201, body: renderMapping(context, mapping), headers: { Location: location } };
}

/** PUT replaces every field; the body must name the mapping's rule (MAPS update-mapping), which cannot change. */
function updateMapping(request: ApiRequest, context: ApiContext, existing: StoredMapping): Reply {
  const parsed = objectBody(request);
  if (!parsed.ok) return parsed.reply;
  const reader = new BodyReader(parsed.body);
  const environmentId = existing.environment.id;
  const sentRule = reader.reference("rule", true);
  if (sentRule !== undefined && sentRule !== existing.rule.id) {
    reader.refuse(
      "INVALID_VALUE",
      "rule.id",
      `rule.id ${sentRule} is not this mapping's rule (${existing.rule.id}): a mapping cannot move to another rule; send ${existing.rule.id}.`,
    );
  }
  const fields = readFields(reader, context, environmentId, existing.rule.id, existing.id);
  const refusal = reader.refusal();
  if (refusal) return refusal;
  const { id, environment, createdAt, rule } = existing;
  const mapping = assemble({ id, environment, createdAt, updatedAt: nowIso(context), rule }, fields);
  context.db.updateMapping(environmentId, mapping.id, JSON.stringify(mapping));
  return { status: 200, body: renderMapping(context, mapping) };
}
