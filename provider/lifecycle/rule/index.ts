/**
 * PropagationRule's lifecycle: which users of a source store PingOne provisions into a target store,
 * inside the environment's plan.
 *
 * `plan`, `sourceStore` and `targetStore` are sent on create only: the rule update model has none of
 * them, so a change to any of them replaces the rule (and with it its mappings, which PingOne keeps under
 * the rule), and nothing else.
 */
import type { ProviderOptions } from "../context";
import { ENVIRONMENT_FIELD, type FieldSpecs } from "../fields";
import { updateBodyOf, type ApiReference, type ApiRule, type RuleCreateBody } from "../pingone-client";
import { createPipelineProvider, type PipelineKind, type PipelineOutputs, type PipelineProvider } from "../pipeline-provider";
import { validateRuleConfiguration } from "./configuration";

export interface RuleInputs {
  plan: string;
  sourceStore: string;
  targetStore: string;
  name: string;
  description?: string;
  active?: boolean;
  populationExpression?: string;
  groups?: string[];
  /** Deprecated: populationExpression. */
  populations?: string[];
  /** Deprecated: the target store's `managed`. */
  deprovision?: boolean;
  configuration?: Record<string, string | boolean>;
  environmentId?: string;
  [field: string]: unknown;
}

export type RuleOutputs = RuleInputs & PipelineOutputs & { ruleId: string };

export const RULE_FIELDS: FieldSpecs = {
  plan: {
    kind: "id",
    required: true,
    replaceOnChange: true,
    about: "the id of the propagation plan the rule belongs to, normally plan.planId",
  },
  sourceStore: {
    kind: "id",
    required: true,
    replaceOnChange: true,
    about: "the id of the store users come from (a directory store for provisioning out of PingOne), normally store.storeId",
  },
  targetStore: {
    kind: "id",
    required: true,
    replaceOnChange: true,
    about: "the id of the store users are provisioned into, normally store.storeId",
  },
  name: { kind: "string", required: true, about: "the rule's name" },
  description: { kind: "string", about: "a description of the rule" },
  active: { kind: "boolean", about: "true to run the rule (PingOne's default is false)" },
  populationExpression: {
    kind: "string",
    about: 'a SCIM filter on source user attributes (operators sw, ew, co, eq), such as population.id eq "<population id>"',
  },
  groups: { kind: "idList", about: "the ids of the PingOne groups whose members the rule provisions" },
  populations: {
    kind: "idList",
    about: "population ids (deprecated)",
    replacedBy: 'populationExpression (for example population.id eq "<population id>")',
  },
  deprovision: {
    kind: "boolean",
    about: "deprovision users when the rule's stores are deleted (deprecated)",
    replacedBy: "managed: true on the target store",
  },
  configuration: {
    kind: "object",
    about: "the LDAP settings of a rule from or to an LdapGateway store (BASE_DN and RDN_ATTRIBUTE to provision into LDAP)",
  },
  environmentId: ENVIRONMENT_FIELD,
};

const references = (ids: string[] | undefined) => ids?.map((id) => ({ id }));
const idsOf = (items: ApiReference[] | undefined) => items?.map((item) => item.id);

function bodyOf(inputs: RuleInputs): RuleCreateBody {
  const optional = {
    description: inputs.description,
    active: inputs.active,
    populationExpression: inputs.populationExpression,
    groups: references(inputs.groups),
    populations: references(inputs.populations),
    deprovision: inputs.deprovision,
    configuration: inputs.configuration,
  };
  return {
    plan: { id: inputs.plan },
    sourceStore: { id: inputs.sourceStore },
    targetStore: { id: inputs.targetStore },
    name: inputs.name,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

export const ruleKind: PipelineKind<RuleInputs, ApiRule> = {
  resource: "PropagationRule",
  idOutput: "ruleId",
  fields: RULE_FIELDS,
  validate: (inputs, result) => validateRuleConfiguration(inputs.configuration, result),
  noun: "propagation rule",
  title: (inputs) => inputs.name,
  fieldsOf: (rule) => ({
    plan: rule.plan?.id,
    sourceStore: rule.sourceStore?.id,
    targetStore: rule.targetStore?.id,
    name: rule.name,
    description: rule.description,
    active: rule.active,
    populationExpression: rule.populationExpression,
    groups: idsOf(rule.groups),
    populations: idsOf(rule.populations),
    deprovision: rule.deprovision,
    configuration: rule.configuration,
  }),
  get: (client, environmentId, id) => client.rules.get(environmentId, id),
  create: (client, environmentId, inputs) => client.createRule(environmentId, bodyOf(inputs)),
  update: (client, environmentId, id, inputs) => client.rules.update(environmentId, id, updateBodyOf(bodyOf(inputs))),
  remove: (client, environmentId, id) => client.rules.remove(environmentId, id),
};

export type PropagationRuleProvider = PipelineProvider<RuleInputs, RuleOutputs>;

export function createPropagationRuleProvider(options: ProviderOptions = {}): PropagationRuleProvider {
  return createPipelineProvider<RuleInputs, RuleOutputs, ApiRule>(ruleKind, options);
}
