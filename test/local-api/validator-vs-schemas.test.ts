/**
 * The local API's validator (local-api/schema.ts) and the provider's schemas are written separately, each
 * from the documents, so that each checks the other (issue 12 §2). This test compares them: type list,
 * configuration keys and their JSON types, required keys, secrets. Every difference must be listed below,
 * with the reason; any other difference is a bug on one side or the other.
 */
import { STORE_TYPES, SERVER_ADDED_KEYS, secretKeysFor } from "../../local-api/schema";
import { booleanKeysOf, schemaOf, secretKeysOf, storeTypes, type StoreTypeName } from "../../provider/store-types";

const local = (type: StoreTypeName) => STORE_TYPES[type];

/** The keys the local API knows for a type: its lists plus the key it adds to every store itself. */
function localKeys(type: StoreTypeName): string[] {
  const spec = local(type);
  if (!spec) return [];
  return [
    ...new Set([...spec.required, ...(spec.requiredBooleans ?? []), ...spec.strings, ...spec.booleans, ...Object.keys(SERVER_ADDED_KEYS)]),
  ];
}

function localRequired(type: StoreTypeName): string[] {
  const spec = local(type);
  return spec ? [...spec.required, ...(spec.requiredBooleans ?? [])] : [];
}

function localBooleans(type: StoreTypeName): string[] {
  const spec = local(type);
  return spec ? [...(spec.requiredBooleans ?? []), ...spec.booleans] : [];
}

/**
 * Intended differences, by type. Keep this list short and every entry explained.
 * - freezeAccountOnDeprovisioning: the local API adds it to every store with a configuration (as PingOne's
 *   reads show it) and so knows it for every such type; the provider's schemas accept it only where the
 *   documents show it on a store (scim). Neither side lists it as a boolean the same way: the local API
 *   also accepts "true"/"false", as reads return it.
 */
const ONLY_LOCAL_KEYS: Partial<Record<StoreTypeName, string[]>> = Object.fromEntries(
  storeTypes.filter((type) => local(type) && type !== "scim").map((type) => [type, Object.keys(SERVER_ADDED_KEYS)]),
);
const ONLY_PROVIDER_KEYS: Partial<Record<StoreTypeName, string[]>> = {};
/** Booleans the provider types as such and the local API treats as boolean-or-"true"/"false" (see above). */
const BOOLEAN_OUTSIDE_LOCAL_LISTS = Object.keys(SERVER_ADDED_KEYS);
/** Required keys: none differ since Aquera's BASIC_AUTH_* were reconciled with the documents (issue 10). */
const REQUIRED_DIFFERENCES: Partial<Record<StoreTypeName, { onlyLocal: string[]; onlyProvider: string[] }>> = {};

const sorted = (values: Iterable<string>) => [...values].sort();
const minus = (values: string[], removed: string[]) => values.filter((value) => !removed.includes(value));

describe("the local API's validator against the provider's schemas", () => {
  test("the same 14 type names, spelled the same", () => {
    expect(sorted(Object.keys(STORE_TYPES))).toEqual(sorted(storeTypes));
  });

  test("directory has no configuration on either side", () => {
    expect(STORE_TYPES.directory).toBeNull();
    expect(Object.keys(schemaOf("directory").properties)).toEqual([]);
  });

  test.each(storeTypes)("%s: the same configuration keys, but for the listed intended differences", (type) => {
    const provider = Object.keys(schemaOf(type).properties);
    const localOnly = minus(localKeys(type), provider);
    const providerOnly = minus(provider, localKeys(type));
    expect({ localOnly: sorted(localOnly), providerOnly: sorted(providerOnly) }).toEqual({
      localOnly: sorted(ONLY_LOCAL_KEYS[type] ?? []),
      providerOnly: sorted(ONLY_PROVIDER_KEYS[type] ?? []),
    });
  });

  test.each(storeTypes)("%s: the same keys are booleans", (type) => {
    expect(sorted(minus(booleanKeysOf(type), BOOLEAN_OUTSIDE_LOCAL_LISTS))).toEqual(sorted(localBooleans(type)));
  });

  test.each(storeTypes)("%s: the same required keys, but for the listed intended differences", (type) => {
    const provider = [...schemaOf(type).required];
    expect({ onlyLocal: sorted(minus(localRequired(type), provider)), onlyProvider: sorted(minus(provider, localRequired(type))) }).toEqual(
      {
        onlyLocal: sorted(REQUIRED_DIFFERENCES[type]?.onlyLocal ?? []),
        onlyProvider: sorted(REQUIRED_DIFFERENCES[type]?.onlyProvider ?? []),
      },
    );
  });

  test.each(storeTypes)("%s: the same secrets (writeOnly in the schema, secrets: in the local API)", (type) => {
    expect(sorted(secretKeysFor(type))).toEqual(sorted(secretKeysOf(type)));
  });
});
