/**
 * The base of every resource class of this package, and the `__provider` text each resource's state holds.
 *
 * A Pulumi dynamic resource is a custom resource of the `pulumi-nodejs` package with one extra input,
 * `__provider`: the text of a CommonJS module whose `handler()` returns the provider. The engine's dynamic
 * provider host (`@pulumi/pulumi/cmd/dynamic-provider`) loads that text, once per distinct text in a process,
 * from the inputs for check, diff, create and update, and from the outputs for read and delete.
 *
 * `pulumi.dynamic.Resource` writes the text with Pulumi's closure serializer, which wraps every method in a frame
 * of its own: 2.3 KB for a provider that only forwards seven methods, held twice in each resource's state (inputs
 * and outputs) and written again with every checkpoint. So the classes here register the dynamic resource
 * themselves, with the same type token, and a text written by hand: one line that `require`s the lifecycle
 * module by package name, inside the provider process, and returns one of its providers. It captures nothing, so
 * it cannot hold a credential, client or compiled validator, and it is the same in every run and install layout.
 *
 * State outlives releases. A resource keeps the text it was created with in its outputs until its next update,
 * and its refreshes and its delete run that text: the lifecycle module must keep every export a text of any
 * release names (`test/fixtures/earlier-provider-texts.json` holds the ones before this one). A changed text is
 * never a change to the resource: the host does not compare texts, and the providers' diffs ignore `__provider`.
 */
import * as pulumi from "@pulumi/pulumi";
import { typeTokenOf } from "./type-token";

/** Each resource class, and the provider the lifecycle module (`../lifecycle`) exports for it. */
export const LIFECYCLE_PROVIDERS = {
  PropagationStore: "propagationStoreProvider",
  PropagationPlan: "propagationPlanProvider",
  PropagationRule: "propagationRuleProvider",
  PropagationMapping: "propagationMappingProvider",
} as const;

export type ResourceClassName = keyof typeof LIFECYCLE_PROVIDERS;

/** The `__provider` of a resource of `className`: the whole module the provider process loads for it. */
export function providerTextOf(className: ResourceClassName): string {
  return `exports.handler = () => require("pulumi-pingone-propagation/lifecycle").${LIFECYCLE_PROVIDERS[className]};\n`;
}

export abstract class LifecycleResource extends pulumi.CustomResource {
  protected constructor(className: ResourceClassName, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(typeTokenOf(`pingone:${className}`), name, { ...props, __provider: providerTextOf(className) }, opts);
  }
}
