/**
 * PropagationPlan's lifecycle: the environment's one propagation plan, the container of its rules.
 *
 * PingOne allows one plan per environment. A create that PingOne refuses because the environment already
 * has one fails with that plan's id and the two ways forward: adopt it (`adopt: { id }`, or recovery mode,
 * which treats the environment's plan as this declaration's) or delete it.
 */
import type { ProviderOptions } from "../context";
import { PingOneApiError } from "../api-error";
import { ENVIRONMENT_FIELD, type FieldSpecs } from "../fields";
import type { ApiPlan, PingOneClient, PlanRequestBody } from "../pingone-client";
import { createPipelineProvider, type PipelineKind, type PipelineOutputs, type PipelineProvider } from "../pipeline-provider";
import { SETTING_SOURCES } from "../settings";

/** `INACTIVE` is the documented default; `ACTIVE` is our reading of "active status" (the docs never spell it). */
export const PLAN_STATUSES = ["ACTIVE", "INACTIVE"] as const;

export interface PlanInputs {
  name: string;
  status?: string;
  environmentId?: string;
  [field: string]: unknown;
}

export type PlanOutputs = PlanInputs & PipelineOutputs & { planId: string };

export const PLAN_FIELDS: FieldSpecs = {
  name: { kind: "string", required: true, about: "the plan's name, unique in the environment" },
  status: {
    kind: "string",
    values: PLAN_STATUSES,
    about: "ACTIVE to let PingOne run the plan (it runs only an active plan with at least one rule), INACTIVE (the default) to hold it",
  },
  environmentId: ENVIRONMENT_FIELD,
};

function bodyOf(inputs: PlanInputs): PlanRequestBody {
  return { name: inputs.name, ...(inputs.status !== undefined && { status: inputs.status }) };
}

/**
 * The error when the environment already has a plan. PingOne's refusal (400, one UNIQUENESS_VIOLATION
 * detail) is not relied upon: any 4xx refusal of the create is checked against the environment's plans.
 */
async function alreadyHasPlan(client: PingOneClient, environmentId: string, refusal: PingOneApiError): Promise<Error | undefined> {
  const [existing] = await client.listPlans(environmentId).catch(() => [] as ApiPlan[]);
  if (!existing) return undefined;
  const { config, env } = SETTING_SOURCES.adoptExistingStores;
  return new Error(
    `Environment ${environmentId} already has a propagation plan, "${existing.name}" (${existing.id}), and PingOne allows one plan per environment. ` +
      `To manage that plan with Pulumi, add adopt: { id: "${existing.id}" } to this declaration and run pulumi up again. In automation, one pulumi up ` +
      `with ${env}=true (or ${config}: true) adopts it too; turn the setting off afterwards. Or, if that plan is not needed, delete it (that deletes ` +
      `its rules and their mappings) and run pulumi up again.\n${refusal.message}`,
  );
}

export const planKind: PipelineKind<PlanInputs, ApiPlan> = {
  resource: "PropagationPlan",
  idOutput: "planId",
  fields: PLAN_FIELDS,
  noun: "propagation plan",
  title: (inputs) => inputs.name,
  fieldsOf: (plan) => ({ name: plan.name, status: plan.status }),
  get: (client, environmentId, id) => client.plans.get(environmentId, id),
  async create(client, environmentId, inputs) {
    try {
      return await client.createPlan(environmentId, bodyOf(inputs));
    } catch (error) {
      const refused = error instanceof PingOneApiError && error.status !== undefined && error.status >= 400 && error.status < 500;
      throw (refused && (await alreadyHasPlan(client, environmentId, error))) || error;
    }
  },
  update: (client, environmentId, id, inputs) => client.plans.update(environmentId, id, bodyOf(inputs)),
  remove: (client, environmentId, id) => client.plans.remove(environmentId, id),
};

export type PropagationPlanProvider = PipelineProvider<PlanInputs, PlanOutputs>;

export function createPropagationPlanProvider(options: ProviderOptions = {}): PropagationPlanProvider {
  return createPipelineProvider<PlanInputs, PlanOutputs, ApiPlan>(planKind, options);
}
