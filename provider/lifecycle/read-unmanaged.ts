/**
 * The provider side of `Resource.get(name, id)`, shared by every resource of this package.
 *
 * A `get` registers a read (pulumi-engine-facts.md §2): the engine calls the provider's `read(id, props)`
 * with the properties the program passed, at preview as well as at up, and afterwards on every refresh
 * with the state the first read produced. The engine marks the resource external: it never calls update
 * or delete for it, and `pulumi destroy` only drops it from the state.
 */

export interface UnmanagedRead<T, Outputs> {
  /** The class whose `get` the program called, as the error names it: `PropagationStore`. */
  className: string;
  /** The resource's Pulumi name (`../resource/logical-name.ts`), when the program passed it. */
  logicalName?: string;
  /** What the object is, in an error: `propagation store`. */
  kind: string;
  id: string;
  environmentId: string;
  /** True for the read `get` registers; false for a refresh of the resource it produced. */
  firstRead: boolean;
  /** One GET; undefined when PingOne has no such object. */
  fetch(): Promise<T | undefined>;
  /** Why the object found is not the one asked for (another store type, say), or undefined. */
  mismatch?(object: T): string | undefined;
  /** The outputs: plain data, never a secret value. */
  outputs(object: T): Outputs;
}

export async function readUnmanaged<T, Outputs>(read: UnmanagedRead<T, Outputs>): Promise<{ id: string; props: Outputs }> {
  const caller = `${read.className}.get${read.logicalName === undefined ? "" : `("${read.logicalName}")`}`;
  const object = await read.fetch();
  if (object === undefined) {
    // A refresh of an object deleted elsewhere drops it from the stack; the program's `get` then fails
    // at the next preview with the error below, which says what to fix.
    if (!read.firstRead) return { id: "", props: {} as Outputs };
    throw new Error(
      `${caller}: no ${read.kind} has id "${read.id}" in environment ${read.environmentId}. ` +
        `Check the id (and environmentId), or look the ${read.kind} up by name instead.`,
    );
  }
  const mismatch = read.firstRead ? read.mismatch?.(object) : undefined;
  if (mismatch) throw new Error(`${caller}: ${mismatch}`);
  // No `inputs`: for an external resource the engine keeps the ones the program passed.
  return { id: read.id, props: read.outputs(object) };
}
