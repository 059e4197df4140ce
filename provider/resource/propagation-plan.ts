/**
 * PropagationPlan: the environment's one propagation plan, the container of its rules. The lifecycle
 * runs in the provider process (`../lifecycle/plan`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { PipelineResource, type OutputsOf } from "./pipeline-resource";
import { planProvider } from "./serializable-pipeline-providers";

export interface PropagationPlanArgs {
  /** The plan's name. Updates in place. */
  name: pulumi.Input<string>;
  /** PingOne runs only an ACTIVE plan that has at least one rule; the default is INACTIVE. */
  status?: pulumi.Input<"ACTIVE" | "INACTIVE">;
  /** Defaults to `pingone:environmentId`. Changing it replaces the plan. */
  environmentId?: pulumi.Input<string>;
}

export const PLAN_ARGUMENTS = ["name", "status"] as const;

/** Every argument is also an output, as PingOne holds it. */
export interface PropagationPlan extends OutputsOf<PropagationPlanArgs> {}

export class PropagationPlan extends PipelineResource {
  /** The plan's id in PingOne (the resource's `id`): pass it as a rule's `plan`. */
  declare readonly planId: pulumi.Output<string>;

  constructor(name: string, args: PropagationPlanArgs, opts?: pulumi.CustomResourceOptions) {
    super(planProvider, "PropagationPlan", "planId", name, args, PLAN_ARGUMENTS, opts);
  }
}
