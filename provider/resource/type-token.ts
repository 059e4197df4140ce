/**
 * The type token of each resource of this package: `pulumi-nodejs:dynamic/<kind>`, where the kind is
 * `pingone:<Class>` (`pingone:PropagationStore`). It is what `pulumi.dynamic.Resource` gave a resource of
 * module "pingone", so every state holds it: a changed token would replace every resource. The classes register
 * under it (lifecycle-resource.ts), and what looks resources up in a state (the adoption ledger, `orphans`)
 * matches it. No `@pulumi` import here: the provider process and the CLI read it too.
 */
export function typeTokenOf(kind: string): string {
  return `pulumi-nodejs:dynamic/${kind}`;
}
