/**
 * The resource's Pulumi name, carried to the provider process as a hidden input.
 *
 * The dynamic provider host of `@pulumi/pulumi` 3.255 (`cmd/dynamic-provider`) calls `create(inputs)`,
 * `read(id, props)`, `update(id, olds, news)` and `delete(id, props)` without the URN, although the engine's
 * requests carry it: nothing in the provider process knows which resource it is working on. So each resource
 * class puts its name among the inputs under {@link LOGICAL_NAME_KEY}, and the provider echoes it into the
 * outputs, so that `read` (whose props are the outputs) has it too.
 *
 * Not `__name`: `pulumi.Resource` has a field of that name, and the SDK sets every input on the resource
 * object ("Property '__name' is already initialized").
 *
 * Why it costs nothing: the key starts with `__`, which the engine treats as internal (never displayed in a
 * preview or a diff) and `check` ignores; no diff compares it, so a stack created before it existed shows no
 * change; and it lives in the inputs, not in the `__provider` text, which stays the same. No `@pulumi`
 * import here: the provider process reads the key too.
 */
export const LOGICAL_NAME_KEY = "__logicalName";

/** `props` plus the Pulumi name, for a resource class's `super(provider, name, withLogicalName(name, props))`. */
export function withLogicalName<T extends object>(name: string, props: T): T & { [LOGICAL_NAME_KEY]: string } {
  return { ...props, [LOGICAL_NAME_KEY]: name };
}

/** Copies the Pulumi name, when `from` has one, into `into`: inputs to outputs, outputs to refreshed inputs. */
export function carryLogicalName(from: unknown, into: { [LOGICAL_NAME_KEY]?: string }): void {
  const logicalName = logicalNameIn(from);
  if (logicalName) into[LOGICAL_NAME_KEY] = logicalName;
}

/** The Pulumi name in a resource's inputs or outputs; undefined in the state of a resource created before it was kept. */
export function logicalNameIn(properties: unknown): string | undefined {
  const value = (properties as Record<string, unknown> | undefined)?.[LOGICAL_NAME_KEY];
  return typeof value === "string" && value !== "" ? value : undefined;
}
