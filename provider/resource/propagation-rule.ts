/**
 * PropagationRule: which users of a source store PingOne provisions into a target store. The lifecycle
 * runs in the provider process (`../lifecycle/rule`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { getExisting } from "./get-existing";
import { PipelineResource, type OutputsOf, type PipelineArgs } from "./pipeline-resource";
import { noteRule } from "./rule-mapping-check";

export interface PropagationRuleArgs extends PipelineArgs {
  /** The plan's id, normally `plan.planId`. Changing it replaces the rule. */
  plan: pulumi.Input<string>;
  /** The id of the store users come from (a `directory` store to provision out of PingOne), normally `store.storeId`. Changing it replaces the rule. */
  sourceStore: pulumi.Input<string>;
  /** The id of the store users go to, normally `store.storeId`. Changing it replaces the rule. */
  targetStore: pulumi.Input<string>;
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Whether the rule runs. PingOne's default is false. */
  active?: pulumi.Input<boolean>;
  /** A SCIM filter on source user attributes (`sw`, `ew`, `co`, `eq`), e.g. `population.id eq "<id>"`. */
  populationExpression?: pulumi.Input<string>;
  /** Ids of the PingOne groups whose members the rule provisions. */
  groups?: pulumi.Input<pulumi.Input<string>[]>;
  /** @deprecated Use `populationExpression`, e.g. `population.id eq "<population id>"`. */
  populations?: pulumi.Input<pulumi.Input<string>[]>;
  /** @deprecated Use `managed: true` on the target store. */
  deprovision?: pulumi.Input<boolean>;
  /** LDAP settings, for rules from or to an LdapGateway store: `BASE_DN` and `RDN_ATTRIBUTE` to provision into LDAP. */
  configuration?: pulumi.Input<Record<string, pulumi.Input<string | boolean>>>;
  /** Defaults to `pingone:environmentId`. Changing it replaces the rule. */
  environmentId?: pulumi.Input<string>;
}

export const RULE_ARGUMENTS = [
  "plan",
  "sourceStore",
  "targetStore",
  "name",
  "description",
  "active",
  "populationExpression",
  "groups",
  "populations",
  "deprovision",
  "configuration",
] as const;

/** Every argument is also an output, as PingOne holds it. */
export interface PropagationRule extends OutputsOf<PropagationRuleArgs> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above declares the outputs the arguments imply; the engine sets them, the class never initialises them.
export class PropagationRule extends PipelineResource {
  /** The rule's id in PingOne (the resource's `id`): pass it as a mapping's `rule`. */
  declare readonly ruleId: pulumi.Output<string>;

  /**
   * A rule that exists in PingOne, read without managing it: its outputs are the live object's, `pulumi refresh`
   * updates them, and Pulumi never updates or deletes it (destroy leaves it on the server).
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: { environmentId?: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ): PropagationRule {
    return getExisting(PropagationRule, name, id, state, opts);
  }

  constructor(name: string, args: PropagationRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super("PropagationRule", "ruleId", name, args, RULE_ARGUMENTS, opts);
    // A rule read with `get` has its mappings elsewhere: it is not judged by the mapping warning.
    if (!opts?.id) noteRule(name, this, args.targetStore, this.id);
  }
}
