/**
 * `Resource.get(name, id, state?, opts?)` for every resource class of this package: the program side of
 * reading an object that exists in PingOne without managing it.
 *
 * Constructing a dynamic resource with `opts.id` registers a read (pulumi-engine-facts.md §2): the engine
 * calls the provider's `read(id, props)`, at preview too, and records the resource as external, so Pulumi
 * never updates or deletes it and `pulumi destroy` leaves the object where it is. The provider tells that
 * first read from a refresh, and a read resource from a managed one, by what the props hold
 * (`../lifecycle/read-unmanaged.ts`).
 *
 * The class's own constructor builds the instance, with the `get` state in place of its arguments: every
 * class here names each output (the engine only surfaces named properties) and spreads what it is given,
 * so the state's few fields (`environmentId`, a store's `type`) become the read's props and nothing else
 * is sent. A class whose constructor needs more of its arguments must not use this.
 */
import * as pulumi from "@pulumi/pulumi";

export function getExisting<T extends pulumi.CustomResource, Args, State extends object>(
  resourceClass: new (name: string, args: Args, opts?: pulumi.CustomResourceOptions) => T,
  name: string,
  id: pulumi.Input<pulumi.ID>,
  state: State | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): T {
  if (id === undefined || id === null || (typeof id === "string" && id.trim() === "")) {
    throw new pulumi.RunError(`${resourceClass.name}.get("${name}"): the id is empty; pass the id PingOne gave the object.`);
  }
  return new resourceClass(name, { ...state } as unknown as Args, { ...opts, id });
}
