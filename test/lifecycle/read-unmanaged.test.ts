/**
 * The provider's `read` for a store read with `PropagationStore.get`, over real HTTP: the first read (what
 * the program passed: `type`, `environmentId`, never a storeId), then refreshes of the state it produced.
 */
import type { PropagationStoreProvider, StoreOutputs } from "../../provider/lifecycle";
import { plainStoreOf } from "../../provider/lifecycle/store-state";
import { LOGICAL_NAME_KEY } from "../../provider/resource/logical-name";
import { secretKeysOf } from "../../provider/store-types";
import { fullConfigurations } from "../fixtures/store-examples";
import { harness, type Harness } from "../local-api/helpers";
import { providerFor } from "./helpers";

/** What `PropagationStore.get(name, id, state)` hands the provider: the state, and nothing it assigns. */
const getProps = (state: Record<string, unknown> = {}) => state as unknown as StoreOutputs;

describe.each(["plaintext", "masked", "omitted"] as const)("read of a store managed elsewhere (secrets on read: %s)", (secretsOnRead) => {
  let h: Harness;
  let provider: PropagationStoreProvider;
  let storeId: string;

  beforeAll(async () => {
    h = await harness({ secretsOnRead });
    provider = providerFor(h.api);
    const created = await h.call("POST", h.storesUrl, { type: "scim", name: "Shared SCIM", configuration: fullConfigurations.scim });
    expect(created.status).toBe(201);
    storeId = created.json.id;
  });
  afterAll(async () => h?.close());

  test("the first read returns the live store as plain data, with no secret value and no declared properties", async () => {
    const read = await provider.read(storeId, getProps({ type: "scim" }));
    expect(read.id).toBe(storeId);
    expect(read.props).toMatchObject({ storeId, environmentId: h.env, type: "scim", name: "Shared SCIM", status: "ACTIVE" });
    // Every key PingOne holds except the secret ones, those PingOne added included.
    const onServer = (await h.call("GET", `${h.storesUrl}/${storeId}`)).json.configuration as Record<string, unknown>;
    const secrets = new Set(secretKeysOf("scim"));
    expect(read.props!.configuration).toEqual(Object.fromEntries(Object.entries(onServer).filter(([key]) => !secrets.has(key))));
    expect(read.props!.configuration).toMatchObject({ SCIM_URL: fullConfigurations.scim!.SCIM_URL });
    for (const key of secretKeysOf("scim")) expect(read.props!.configuration).not.toHaveProperty(key);
    const text = JSON.stringify(read);
    for (const key of secretKeysOf("scim")) expect(text).not.toContain(String(fullConfigurations.scim![key]));
    expect(read.props!.declaredProperties).toBeUndefined();
    // No inputs: the engine keeps the ones the program passed for an external resource.
    expect(read.inputs).toBeUndefined();
  });

  test("without a type, any store type is read", async () => {
    expect((await provider.read(storeId, getProps())).props!.type).toBe("scim");
  });

  test("a refresh picks up a change made elsewhere", async () => {
    const first = await provider.read(storeId, getProps({ type: "scim" }));
    const changed = await h.call("PUT", `${h.storesUrl}/${storeId}`, {
      type: "scim",
      name: "Shared SCIM",
      description: "changed elsewhere",
      configuration: { ...fullConfigurations.scim, SCIM_URL: "https://elsewhere.example.com/scim/v2" },
    });
    expect(changed.status).toBe(200);
    const refreshed = await provider.read(storeId, first.props!);
    expect(refreshed.props).toMatchObject({
      description: "changed elsewhere",
      configuration: { SCIM_URL: "https://elsewhere.example.com/scim/v2" },
    });
    expect(refreshed.props!.declaredProperties).toBeUndefined();
  });

  test("an id PingOne does not know fails on the first read, naming the id and the environment", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(provider.read(missing, getProps({ type: "scim" }))).rejects.toThrow(
      `PropagationStore.get: no propagation store has id "${missing}" in environment ${h.env}.`,
    );
  });

  test("the error names the resource when the program passed its name", async () => {
    await expect(provider.read("00000000-0000-4000-8000-000000000000", getProps({ [LOGICAL_NAME_KEY]: "shared" }))).rejects.toThrow(
      /^PropagationStore\.get\("shared"\): no propagation store has id/,
    );
  });

  test("a store of another type than asked fails on the first read, naming both types", async () => {
    await expect(provider.read(storeId, getProps({ type: "Salesforce" }))).rejects.toThrow(
      /PropagationStore\.get: store "[^"]+" \("Shared SCIM"\) is a scim store, not the Salesforce store asked for/,
    );
  });

  test("a refresh of a store deleted elsewhere drops it from the stack instead of failing", async () => {
    const created = await h.call("POST", h.storesUrl, { type: "directory", name: "short-lived" });
    const first = await provider.read(created.json.id, getProps({ type: "directory" }));
    expect((await h.call("DELETE", `${h.storesUrl}/${created.json.id}`)).status).toBe(204);
    expect(await provider.read(created.json.id, first.props!)).toEqual({ id: "", props: {} });
  });
});

describe("plainStoreOf", () => {
  test("a type this release has no schema for keeps no configuration: nothing says which keys are secret", () => {
    const plain = plainStoreOf(
      { id: "s1", type: "NewerStoreType", name: "new", configuration: { API_TOKEN: "tok-S3CRET-1234", URL: "https://x" } },
      "env",
    );
    expect(plain).toEqual({ storeId: "s1", environmentId: "env", type: "NewerStoreType", name: "new" });
  });
});
