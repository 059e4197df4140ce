/**
 * PropagationRule: which users of a source store PingOne provisions into a target store. The lifecycle
 * runs in the provider process (`../lifecycle/rule`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { PipelineResource, type OutputsOf } from "./pipeline-resource";
import { ruleProvider } from "./serializable-pipeline-providers";

export interface PropagationRuleArgs {
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

export class PropagationRule extends PipelineResource {
  /** The rule's id in PingOne (the resource's `id`): pass it as a mapping's `rule`. */
  declare readonly ruleId: pulumi.Output<string>;

  constructor(name: string, args: PropagationRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(ruleProvider, "PropagationRule", "ruleId", name, args, RULE_ARGUMENTS, opts);
  }
}
