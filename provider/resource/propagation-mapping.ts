/**
 * PropagationMapping: one target attribute of one rule, fed by a source attribute or by a PingOne
 * expression. A resource of its own, so that changing one mapping touches only it. The lifecycle runs in
 * the provider process (`../lifecycle/mapping`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { getExisting } from "./get-existing";
import { PipelineResource, type OutputsOf, type PipelineArgs } from "./pipeline-resource";
import { noteMapping } from "./rule-mapping-check";

interface MappingCommonArgs extends PipelineArgs {
  /** The rule's id, normally `rule.ruleId`. Changing it replaces the mapping. */
  rule: pulumi.Input<string>;
  /** The target store's attribute, such as `userName`. */
  targetAttribute: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** Whether it maps a user or a group attribute, e.g. `"userAttributeMapping"` (documented as a boolean too). */
  attributeMappingType?: pulumi.Input<string | boolean>;
  /** Defaults to `pingone:environmentId`. Changing it replaces the mapping. */
  environmentId?: pulumi.Input<string>;
}

/** Exactly one source: a source attribute, or a PingOne Expression Language expression. */
export type PropagationMappingArgs = MappingCommonArgs &
  ({ sourceAttribute: pulumi.Input<string>; expression?: undefined } | { expression: pulumi.Input<string>; sourceAttribute?: undefined });

/** Every field a mapping has, either source included. */
type MappingFields = MappingCommonArgs & { sourceAttribute?: pulumi.Input<string>; expression?: pulumi.Input<string> };

export const MAPPING_ARGUMENTS = ["rule", "targetAttribute", "sourceAttribute", "expression", "name", "attributeMappingType"] as const;

/** Every argument is also an output, as PingOne holds it. */
export interface PropagationMapping extends OutputsOf<MappingFields> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above declares the outputs the arguments imply; the engine sets them, the class never initialises them.
export class PropagationMapping extends PipelineResource {
  /** The mapping's id in PingOne (the resource's `id`). */
  declare readonly mappingId: pulumi.Output<string>;

  /**
   * A mapping that exists in PingOne, read without managing it: its outputs are the live object's, `pulumi refresh`
   * updates them, and Pulumi never updates or deletes it (destroy leaves it on the server).
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: { environmentId?: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ): PropagationMapping {
    return getExisting(PropagationMapping, name, id, state, opts);
  }

  constructor(name: string, args: PropagationMappingArgs, opts?: pulumi.CustomResourceOptions) {
    super("PropagationMapping", "mappingId", name, args, MAPPING_ARGUMENTS, opts);
    if (!opts?.id) noteMapping(args.rule, args.targetAttribute, args.expression);
  }
}
