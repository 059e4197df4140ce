/**
 * `getPropagationPlan`: the environment's propagation plan, which several teams' stacks share. PingOne
 * allows one plan per environment for now, so by default the lookup returns that one; `name` or `planId`
 * pick a plan should PingOne ever allow more.
 *
 * Cost: one API request (plus the program's one token): a GET by id, else one list of the plans.
 */
import type { ApiPlan } from "../lifecycle/pingone-client";
import { LookupError, lookupOutput, runLookup, type LookupInputs } from "./lookup";

export interface GetPropagationPlanArgs {
  /** The plan's id: one GET instead of a list. */
  planId?: string;
  /** The plan's name, exactly. */
  name?: string;
  /** The environment to search. Defaults to `pingone:environmentId` (or `PINGONE_ENVIRONMENT_ID`). */
  environmentId?: string;
}

export interface GetPropagationPlanResult {
  planId: string;
  environmentId: string;
  name: string;
  /** `ACTIVE` or `INACTIVE`: PingOne only provisions through an active plan. */
  status?: string;
}

const LOOKUP = "getPropagationPlan";

function plainPlanOf(plan: ApiPlan, environmentId: string): GetPropagationPlanResult {
  return {
    planId: plan.id,
    environmentId: plan.environment?.id ?? environmentId,
    name: plan.name,
    ...(plan.status !== undefined && { status: plan.status }),
  };
}

/** The environment's plan (the only one, or the one with `name` or `planId`). No match, or several, fails. */
export function getPropagationPlan(args: GetPropagationPlanArgs = {}): Promise<GetPropagationPlanResult> {
  return runLookup(LOOKUP, async ({ client, environmentOf }) => {
    const environmentId = environmentOf(args.environmentId);
    const plansPath = client.environmentPath(environmentId, "propagation/plans");
    if (args.planId !== undefined && args.planId !== "") {
      const plan = await client.getOne<ApiPlan>(`${plansPath}/${encodeURIComponent(args.planId)}`);
      if (!plan) throw new LookupError(`${LOOKUP}: no propagation plan has id "${args.planId}" in environment ${environmentId}.`);
      if (args.name !== undefined && plan.name !== args.name) {
        throw new LookupError(
          `${LOOKUP}: plan "${args.planId}" is named "${plan.name}", not "${args.name}". Pass planId or name, not both.`,
        );
      }
      return plainPlanOf(plan, environmentId);
    }
    const plans = await client.listAll<ApiPlan>(plansPath, "plans");
    const matches = args.name === undefined ? plans : plans.filter((plan) => plan.name === args.name);
    const searched = `environment ${environmentId} for ${args.name === undefined ? "a propagation plan" : `a propagation plan named "${args.name}"`}`;
    if (matches.length === 0) {
      const others =
        plans.length > 0 ? ` It holds ${plans.map((plan) => `"${plan.name}" (${plan.id})`).join(", ")}.` : " It has no plan yet.";
      throw new LookupError(`${LOOKUP}: searched ${searched}: none found.${others}`);
    }
    if (matches.length > 1) {
      throw new LookupError(
        `${LOOKUP}: ${matches.length} plans match the search of ${searched}: ${matches.map((plan) => `${plan.id} ("${plan.name}")`).join(", ")}. ` +
          `Pass planId with one of these ids.`,
      );
    }
    return plainPlanOf(matches[0], environmentId);
  });
}

/** {@link getPropagationPlan}, taking inputs. */
export function getPropagationPlanOutput(args?: LookupInputs<GetPropagationPlanArgs>) {
  return lookupOutput(getPropagationPlan, args);
}
