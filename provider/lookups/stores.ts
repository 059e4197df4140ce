/**
 * `getPropagationStore` and `getPropagationStores`: propagation stores this stack does not manage, as plain
 * data (ids, names, types, statuses and the non-secret configuration), read from the program at preview
 * as well as at up.
 *
 * Cost: one API request each (plus the program's one token). By id, one GET. By name, one list: PingOne
 * has no filter on the stores collection, so the list is asked for without `limit` and PingOne answers
 * with its largest page; a further request is made only for an environment with more stores than that.
 */
import type { ApiStore, PingOneClient } from "../lifecycle/pingone-client";
import type { PlainStore } from "../lifecycle/store-state";

/** Loaded with the first lookup, as the client is (session.ts). */
const plainStoreOf: typeof import("../lifecycle/store-state").plainStoreOf = (store, environmentId) =>
  require("../lifecycle/store-state").plainStoreOf(store, environmentId);
import type { StoreTypeName } from "../store-types";
import { LookupError, lookupOutput, quoted, runLookup, type LookupInputs } from "./lookup";

/** A store as a lookup returns it. Secret configuration keys are never present, whatever PingOne returned. */
export interface PropagationStoreInfo extends Omit<PlainStore, "type"> {
  /** The type as PingOne spells it; a type newer than this release comes back too (without configuration). */
  type: StoreTypeName | (string & {});
}

interface Scope {
  /** The environment to search. Defaults to `pingone:environmentId` (or `PINGONE_ENVIRONMENT_ID`). */
  environmentId?: string;
}

/** Look a store up by its id, or by its name (and type, when several types share the name). */
export type GetPropagationStoreArgs = Scope &
  ({ storeId: string; name?: undefined; type?: StoreTypeName } | { name: string; storeId?: undefined; type?: StoreTypeName });

export type GetPropagationStoreResult = PropagationStoreInfo;

export interface GetPropagationStoresArgs extends Scope {
  /** Only stores of this type. */
  type?: StoreTypeName;
}

export interface GetPropagationStoresResult {
  environmentId: string;
  /** The matching stores, in PingOne's order; empty when none matches. */
  stores: PropagationStoreInfo[];
}

const ONE = "getPropagationStore";
const MANY = "getPropagationStores";

/** No `limit`: PingOne then answers with its largest page (its paging reference), so one request. */
function listAll(client: PingOneClient, environmentId: string): Promise<ApiStore[]> {
  return client.listAll<ApiStore>(client.environmentPath(environmentId, "propagation/stores"), "stores");
}

const describeType = (type: string | undefined) => (type === undefined ? "" : ` of type ${type}`);

/**
 * One store, by `storeId` or by `name` (with `type` to tell stores of several types apart). No match, or
 * several stores with the name, fails with an error that says what was searched.
 */
export function getPropagationStore(args: GetPropagationStoreArgs): Promise<GetPropagationStoreResult> {
  return runLookup(ONE, async (session) => {
    const hasId = typeof args?.storeId === "string" && args.storeId !== "";
    const hasName = typeof args?.name === "string" && args.name !== "";
    if (hasId === hasName)
      throw new LookupError(`${ONE}: pass either storeId or name (with type, optionally), not ${hasId ? "both" : "neither"}.`);
    const environmentId = session.environmentOf(args.environmentId);

    if (hasId) {
      const store = await session.client.getStore(environmentId, args.storeId!);
      if (!store) throw new LookupError(`${ONE}: no propagation store has id "${args.storeId}" in environment ${environmentId}.`);
      if (args.type !== undefined && store.type !== args.type) {
        throw new LookupError(
          `${ONE}: store "${args.storeId}" ("${store.name}") is a ${store.type} store, not ${args.type}. Check the id, or the type.`,
        );
      }
      return plainStoreOf(store, environmentId);
    }

    const stores = await listAll(session.client, environmentId);
    const matches = stores.filter((store) => store.name === args.name && (args.type === undefined || store.type === args.type));
    const searched = `a store named "${args.name}"${describeType(args.type)} in environment ${environmentId}`;
    if (matches.length === 0) {
      const otherTypes = stores.filter((store) => store.name === args.name).map((store) => store.type);
      const hint = otherTypes.length > 0 ? ` Stores of that name have type ${quoted([...new Set(otherTypes)])}.` : "";
      throw new LookupError(`${ONE}: searched ${stores.length} stores for ${searched}: none matches.${hint}`);
    }
    if (matches.length > 1) {
      throw new LookupError(
        `${ONE}: ${matches.length} stores match ${searched}: ${matches.map((store) => `${store.id} (${store.type})`).join(", ")}. ` +
          `Pass storeId with one of these ids instead of name${args.type === undefined ? " (or add type)" : ""}.`,
      );
    }
    return plainStoreOf(matches[0], environmentId);
  });
}

/** {@link getPropagationStore}, taking inputs: its result is unknown at preview while an input is. */
export function getPropagationStoreOutput(args: LookupInputs<GetPropagationStoreArgs>) {
  return lookupOutput(getPropagationStore, args);
}

/** Every store of the environment, or every store of one type. An empty list is an answer, not an error. */
export function getPropagationStores(args: GetPropagationStoresArgs = {}): Promise<GetPropagationStoresResult> {
  return runLookup(MANY, async (session) => {
    const environmentId = session.environmentOf(args.environmentId);
    const stores = await listAll(session.client, environmentId);
    return {
      environmentId,
      stores: stores
        .filter((store) => args.type === undefined || store.type === args.type)
        .map((store) => plainStoreOf(store, environmentId)),
    };
  });
}

/** {@link getPropagationStores}, taking inputs. */
export function getPropagationStoresOutput(args?: LookupInputs<GetPropagationStoresArgs>) {
  return lookupOutput(getPropagationStores, args);
}
