/**
 * What the pipeline resources (plan, rule, mapping) share in the user's program: every output they
 * register, and an `<kind>Id` output that is the resource's own `id`.
 *
 * Why the id, and not an output the provider returns: during a preview, the engine knows a resource's
 * `id` unless it is being created or replaced, but every provider-returned output of a resource that is
 * being updated is unknown. A rule that took `plan.planId` as a provider output would then preview as
 * replaced whenever its plan is merely updated. With `planId` = `id`, it previews as replaced exactly when
 * its plan is.
 */
import type * as pulumi from "@pulumi/pulumi";
import { adoptInput, type AdoptArgs } from "./adopt";
import { LifecycleResource } from "./lifecycle-resource";
import { withLogicalName } from "./logical-name";

/**
 * A resource's outputs for its arguments `Args`: each argument, as PingOne holds it. A class declares them by
 * merging with an interface: `interface PropagationRule extends OutputsOf<PropagationRuleArgs> {}`
 * (`environmentId` is declared here, for all).
 */
export type OutputsOf<Args> = { readonly [K in Exclude<keyof Args, "environmentId" | "adopt">]-?: pulumi.Output<pulumi.Unwrap<Args[K]>> };

/** What every pipeline resource's arguments have besides their own fields. */
export interface PipelineArgs {
  /**
   * Bring an existing object under this resource on the first `pulumi up`, instead of creating one: it is
   * read (not created), checked against the declaration's environment and create-only fields, and updated only
   * where this declaration differs. Ignored once the resource is in the stack: changing or removing it changes nothing.
   */
  adopt?: AdoptArgs;
}

/** Outputs every pipeline resource has besides its arguments. */
const COMPUTED_OUTPUTS = ["environmentId", "createdAt", "updatedAt", "declaredProperties"];

export abstract class PipelineResource extends LifecycleResource {
  declare readonly environmentId: pulumi.Output<string>;
  /** When PingOne created it, and last changed it (rules and mappings; PingOne shows none for plans). */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  protected constructor(
    type: "PropagationPlan" | "PropagationRule" | "PropagationMapping",
    idOutput: "planId" | "ruleId" | "mappingId",
    name: string,
    args: object,
    /** Every argument, so that each becomes an output even when the user leaves it out. */
    argumentNames: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    // Every output must be named here, even when undefined: the engine only surfaces declared properties.
    const outputs = Object.fromEntries([...argumentNames, ...COMPUTED_OUTPUTS].map((output) => [output, undefined]));
    const adopt = adoptInput(`pingone:${type}`, name, (args as PipelineArgs).adopt);
    super(type, name, withLogicalName(name, { ...outputs, ...args, adopt }), opts);
    Object.defineProperty(this, idOutput, { value: this.id, enumerable: true });
  }
}
