/**
 * PropagationPlan: the environment's one propagation plan, the container of its rules. The lifecycle
 * runs in the provider process (`../lifecycle/plan`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { getExisting } from "./get-existing";
import { PipelineResource, type OutputsOf, type PipelineArgs } from "./pipeline-resource";

export interface PropagationPlanArgs extends PipelineArgs {
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

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above declares the outputs the arguments imply; the engine sets them, the class never initialises them.
export class PropagationPlan extends PipelineResource {
  /** The plan's id in PingOne (the resource's `id`): pass it as a rule's `plan`. */
  declare readonly planId: pulumi.Output<string>;

  /**
   * A plan that exists in PingOne, read without managing it: its outputs are the live object's, `pulumi refresh`
   * updates them, and Pulumi never updates or deletes it (destroy leaves it on the server).
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: { environmentId?: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ): PropagationPlan {
    return getExisting(PropagationPlan, name, id, state, opts);
  }

  constructor(name: string, args: PropagationPlanArgs, opts?: pulumi.CustomResourceOptions) {
    super("PropagationPlan", "planId", name, args, PLAN_ARGUMENTS, opts);
  }
}
