/**
 * PropagationMapping's lifecycle: one target attribute of one rule, fed by a source attribute or by a
 * PingOne expression, never both. A mapping belongs to its rule for good (the PUT body must repeat the
 * same `rule.id`), so a change of `rule` replaces the mapping.
 */
import type { ProviderOptions } from "../context";
import { ENVIRONMENT_FIELD, type FieldSpecs } from "../fields";
import type { ApiMapping, MappingRequestBody } from "../pingone-client";
import { createPipelineProvider, type PipelineKind, type PipelineOutputs, type PipelineProvider } from "../pipeline-provider";
import type { ValidationResult } from "../../store-types/validation";

export interface MappingInputs {
  rule: string;
  targetAttribute: string;
  sourceAttribute?: string;
  expression?: string;
  name?: string;
  attributeMappingType?: string | boolean;
  environmentId?: string;
  [field: string]: unknown;
}

export type MappingOutputs = MappingInputs & PipelineOutputs & { mappingId: string };

export const MAPPING_FIELDS: FieldSpecs = {
  rule: { kind: "id", required: true, replaceOnChange: true, about: "the id of the rule the mapping belongs to, normally rule.ruleId" },
  targetAttribute: { kind: "string", required: true, about: "the target store's attribute the mapping sets, such as userName" },
  sourceAttribute: { kind: "string", about: "the source store's attribute whose value the target attribute takes" },
  expression: { kind: "string", about: "a PingOne Expression Language expression whose value the target attribute takes" },
  // The data model requires a name, yet no documented example sends one (contradiction 3): optional here.
  name: { kind: "string", about: "the mapping's name" },
  // Typed Boolean in the data model, sent as the String "userAttributeMapping" in the example (contradiction 4).
  attributeMappingType: { kind: "stringOrBoolean", about: 'whether this maps a user or a group attribute, such as "userAttributeMapping"' },
  environmentId: ENVIRONMENT_FIELD,
};

/** Exactly one of sourceAttribute and expression. */
function validateSource(inputs: Record<string, unknown>, result: ValidationResult): void {
  const { sourceAttribute, expression } = inputs;
  if (sourceAttribute !== undefined && expression !== undefined) {
    result.failures.push({
      property: "expression",
      reason: "expression and sourceAttribute are both set: a mapping takes its value from exactly one of them. Remove one.",
    });
  } else if (sourceAttribute === undefined && expression === undefined) {
    result.failures.push({
      property: "sourceAttribute",
      reason:
        "sourceAttribute or expression is required: the source attribute whose value the target attribute takes, or a PingOne expression that computes it.",
    });
  }
}

function bodyOf(inputs: MappingInputs): MappingRequestBody {
  const optional = {
    name: inputs.name,
    sourceAttribute: inputs.sourceAttribute,
    expression: inputs.expression,
    attributeMappingType: inputs.attributeMappingType,
  };
  return {
    targetAttribute: inputs.targetAttribute,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

export const mappingKind: PipelineKind<MappingInputs, ApiMapping> = {
  resource: "PropagationMapping",
  idOutput: "mappingId",
  fields: MAPPING_FIELDS,
  validate: validateSource,
  noun: "mapping to target attribute",
  title: (inputs) => inputs.targetAttribute,
  fieldsOf: (mapping) => ({
    rule: mapping.rule?.id,
    targetAttribute: mapping.targetAttribute,
    sourceAttribute: mapping.sourceAttribute,
    expression: mapping.expression,
    name: mapping.name,
    attributeMappingType: mapping.attributeMappingType,
  }),
  get: (client, environmentId, id) => client.mappings.get(environmentId, id),
  create: (client, environmentId, inputs) => client.createMapping(environmentId, inputs.rule, bodyOf(inputs)),
  update: (client, environmentId, id, inputs) => client.updateMapping(environmentId, id, inputs.rule, bodyOf(inputs)),
  remove: (client, environmentId, id) => client.deleteMapping(environmentId, id),
};

export type PropagationMappingProvider = PipelineProvider<MappingInputs, MappingOutputs>;

export function createPropagationMappingProvider(options: ProviderOptions = {}): PropagationMappingProvider {
  return createPipelineProvider<MappingInputs, MappingOutputs, ApiMapping>(mappingKind, options);
}
