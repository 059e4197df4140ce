/**
 * The PropagationStore resource: the part that runs in the user's Pulumi program.
 *
 * It marks every secret key of the chosen type as a Pulumi secret (the schema's `writeOnly` marks decide
 * which), and registers it with the one-line `__provider` of `lifecycle-resource.ts`. Everything else happens
 * in the provider process (`../lifecycle`).
 */
import * as pulumi from "@pulumi/pulumi";
import { secretKeysOf, type storeTypeSchemas, type ConfigurationOf, type StoreTypeName } from "../store-types";
import { STORE_ARGUMENTS, STORE_COMPUTED_OUTPUTS, type StoreStatus, type StoreSyncStatus } from "../store-types/store-fields";
import { getExisting } from "./get-existing";
import { withLogicalName } from "./logical-name";
import { shallowStacks, withTrace } from "./registration-cost";

export type { StoreSyncStatus } from "../store-types/store-fields";
import { LifecycleResource } from "./lifecycle-resource";
import { adoptInput, type AdoptArgs } from "./adopt";
import { noteStore } from "./rule-mapping-check";

export type { AdoptArgs } from "./adopt";

interface CommonStoreArgs {
  /** The store's display name. Changing it updates the store in place. */
  name: pulumi.Input<string>;
  /** The environment that owns the store. Defaults to `pingone:environmentId`. Changing it replaces the store. */
  environmentId?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** The store's image; `image.id` is assigned by PingOne. `{}` (as PingOne's list shows it) means no image. */
  image?: pulumi.Input<{ href?: pulumi.Input<string> }>;
  /** When true, PingOne deprovisions the store's users when the store is deleted. */
  managed?: pulumi.Input<boolean>;
  status?: pulumi.Input<StoreStatus>;
  /**
   * Escape hatch: configuration keys PingOne accepts that this provider's schemas do not know yet. Sent as
   * they are, without validation; a key the schema knows must go in `configuration`.
   */
  additionalConfiguration?: pulumi.Input<Record<string, pulumi.Input<string | boolean>>>;
  /**
   * Test the connection (`…/stores/connection/status`) before each create and update; a failed test stops
   * the operation before anything is written. Defaults to `pingone:verifyConnections` (off). Not sent to
   * PingOne; changing it is not a change to the store.
   */
  verifyConnection?: pulumi.Input<boolean>;
  /**
   * Bring an existing store under this resource on the first `pulumi up`, instead of creating one: the
   * store is read (not created), checked against `type` and `environmentId`, and updated only where this
   * declaration differs. Ignored once the resource is in the stack: changing or removing it changes nothing.
   */
  adopt?: AdoptArgs;
}

type SchemaOf<T extends StoreTypeName> = (typeof storeTypeSchemas)[T];

/** The arguments of one store type: `type` picks the shape of `configuration`. */
export type StoreArgsOf<T extends StoreTypeName> = CommonStoreArgs & { type: T } & (T extends "directory"
    ? { configuration?: undefined }
    : { configuration: ConfigurationOf<SchemaOf<T>> });

/** A discriminated union on `type`: a misspelled or missing configuration key is a compile error. */
export type PropagationStoreArgs = { [T in StoreTypeName]: StoreArgsOf<T> }[StoreTypeName];

/** What `PropagationStore.get` may say about the store it reads; both are optional. */
export interface PropagationStoreGetState {
  /** The type the store must have: a store of another type fails at preview. Decides which outputs are secret. */
  type?: StoreTypeName;
  /** The environment that owns the store. Defaults to `pingone:environmentId`. */
  environmentId?: pulumi.Input<string>;
}

/**
 * `configuration` is secret when the type has secret keys, and for a `get` that names no type (the type
 * is not known before the read, and 13 of the 14 types have secrets).
 */
function secretOutputsOf(type: StoreTypeName | undefined): string[] {
  return type === undefined || secretKeysOf(type).length > 0 ? ["configuration"] : [];
}

export class PropagationStore extends LifecycleResource {
  /** The store's id in PingOne (the resource's `id`): pass it as a rule's `sourceStore` or `targetStore`. */
  declare readonly storeId: pulumi.Output<string>;
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<StoreTypeName>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly image: pulumi.Output<{ href: string; id?: string } | undefined>;
  declare readonly managed: pulumi.Output<boolean | undefined>;
  declare readonly status: pulumi.Output<string | undefined>;
  /**
   * The configuration as PingOne holds it, including keys PingOne added. Secret when the type has secrets.
   * A managed store's secret keys are your inputs; a store read with `get` has none (never taken from a read).
   */
  declare readonly configuration: pulumi.Output<Record<string, string | boolean> | undefined>;
  declare readonly additionalConfiguration: pulumi.Output<Record<string, string | boolean> | undefined>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /** Sync health from the last create, update or refresh; absent when PingOne does not report one. */
  declare readonly syncStatus: pulumi.Output<StoreSyncStatus | undefined>;

  /**
   * Reads an existing store without managing it: its outputs are the live store's, `pulumi refresh` updates
   * them, and Pulumi never updates or deletes it (`pulumi destroy` leaves it in PingOne). A missing id, or a
   * store of another type than `state.type`, fails at preview.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: PropagationStoreGetState,
    opts?: pulumi.CustomResourceOptions,
  ): PropagationStore {
    return getExisting(PropagationStore, name, id, state, opts);
  }

  /** With `opts.id`, `args` is the `get` state instead (see {@link PropagationStore.get}). */
  constructor(name: string, args: PropagationStoreArgs, opts?: pulumi.CustomResourceOptions) {
    const secretKeys = secretKeysOf(args.type);
    // Every output must be named here, even when undefined: the engine only surfaces declared properties.
    const props = {
      ...Object.fromEntries(
        [...STORE_ARGUMENTS, ...STORE_COMPUTED_OUTPUTS].filter((field) => field !== "storeId").map((field) => [field, undefined]),
      ),
      ...args,
      adopt: adoptInput("pingone:PropagationStore", name, args.adopt),
      configuration: markSecrets(args.configuration, secretKeys),
    };
    // Registration without the SDK's per-property debug traces: most of the program's time per store (registration-cost.ts).
    const restoreStacks = shallowStacks();
    try {
      super("PropagationStore", name, withLogicalName(name, props), {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputsOf(args.type)],
      });
    } catch (error) {
      restoreStacks();
      throw withTrace(error, new.target);
    } finally {
      restoreStacks();
    }
    // The provider's `storeId` output equals the id, but during a preview the engine leaves the outputs of a
    // resource being updated unknown, and a rule given an unknown store id previews as replaced. The `id` is
    // unknown only when the store is created or replaced, which is exactly when its rules must follow.
    Object.defineProperty(this, "storeId", { value: this.id, enumerable: true });
    noteStore(name, args.type, this.id);
  }
}

/**
 * Wraps each secret key in `pulumi.secret`, whether or not the user did. A configuration that is itself
 * an Output or a Promise cannot be inspected key by key, so all of it becomes secret.
 */
function markSecrets(configuration: unknown, secretKeys: string[]): unknown {
  if (configuration === undefined || secretKeys.length === 0) return configuration;
  if (pulumi.Output.isInstance(configuration) || configuration instanceof Promise) return pulumi.secret(configuration);
  // Anything else that is not a plain object goes to check as declared, which says what is wrong with it.
  if (typeof configuration !== "object" || configuration === null || Array.isArray(configuration)) return configuration;
  const marked: Record<string, unknown> = { ...(configuration as Record<string, unknown>) };
  for (const key of secretKeys) {
    if (marked[key] !== undefined) marked[key] = pulumi.secret(marked[key] as pulumi.Input<string>);
  }
  return marked;
}
