/**
 * The `adopt` argument every resource of this package takes: bring an existing PingOne object under Pulumi
 * on the first `pulumi up` instead of creating a new one (the `import` resource option does not work for
 * dynamic resources). After that first `up` it is ignored: changing or removing it changes nothing.
 *
 * The program is the one place that sees every declaration of a run, so two resources of the same kind
 * that adopt the same id are caught here, before anything is registered: each gets `conflictsWith`, and
 * the provider's `check` refuses both, at preview already. The provider process catches what the program
 * cannot (ids the stack's state already holds, which it reads with the stack's name passed here; ids given
 * as Outputs; resources declared later inside callbacks): see `lifecycle/adoption.ts`.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AdoptArgs {
  /** The id of the existing object, as PingOne shows it (for a store: its id, the `storeId` output). */
  id: pulumi.Input<string>;
}

/** What reaches the provider: the id, and the other resources of this program that adopt the same one. */
export interface AdoptInput {
  id: string;
  /** This resource's name, so that the provider's messages can name it. */
  resource: string;
  /** The stack this program runs for: the provider checks that its state does not manage `id` already. */
  stack: string;
  conflictsWith?: string[];
}

/** Resource names by `<kind>/<id>`, for every plain-string adoption declared in this program. */
const declaredAdoptions = new Map<string, string[]>();

/**
 * The `adopt` input of resource `resourceName` of `kind` (its type token). The value is resolved once the
 * program's synchronous declarations have all run, so that each adopter knows of the others.
 */
export function adoptInput(kind: string, resourceName: string, adopt: AdoptArgs | undefined): pulumi.Input<AdoptInput> | undefined {
  // Anything but an object goes to the provider as declared: check judges it.
  const declared: unknown = adopt;
  if (typeof declared !== "object" || declared === null || pulumi.Output.isInstance(declared))
    return declared as pulumi.Input<AdoptInput> | undefined;
  const declaredId = (declared as AdoptArgs).id;
  // An id that is an Output or a Promise: only the provider can compare it with other adoptions.
  const stack = pulumi.getStack();
  if (typeof declaredId !== "string")
    return pulumi.output(declaredId).apply((id) => ({ ...(declared as object), id, resource: resourceName, stack }));
  const id = declaredId;
  const key = `${kind}/${id}`;
  const adopters = declaredAdoptions.get(key) ?? [];
  adopters.push(resourceName);
  declaredAdoptions.set(key, adopters);
  const declarationsDone = new Promise<string>((resolve) => setImmediate(() => resolve(id)));
  return pulumi.output(declarationsDone).apply(() => {
    const others = adopters.filter((name) => name !== resourceName);
    return { id, resource: resourceName, stack, ...(others.length > 0 && { conflictsWith: others }) };
  });
}
