/**
 * The lifecycle against the local PingOne-compatible API over real HTTP: the provider object exactly as
 * the engine calls it (check, then create/read/diff/update/delete), for every store type.
 */
import { createPropagationStoreProvider, ResourceGoneError, type StoreOutputs } from "../../provider/lifecycle";
import { environmentRequest, environmentRequestOk } from "../support/api";
import { rejectionOf } from "../support/rejection";
import { secretKeysOf, storeTypes } from "../../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { create, providerFor, startApi, storeOf, storeOnServer, useApiAndProvider } from "./helpers";
import type { LocalApi } from "../../local-api";
import type { PropagationStoreProvider } from "../../provider/lifecycle";

describe("lifecycle over real HTTP", () => {
  const fixture = useApiAndProvider();
  let api: LocalApi;
  let provider: PropagationStoreProvider;
  beforeAll(() => ({ api, provider } = fixture));

  describe.each(storeTypes)("%s", (type) => {
    test.each([
      ["minimal", minimalConfigurations[type]],
      ["full", fullConfigurations[type]],
    ])("%s configuration: create, read, no-op diff, update in place, delete", async (_label, configuration) => {
      const { inputs, id, outs } = await create(provider, storeOf(type, configuration));
      expect(outs.storeId).toBe(id);
      expect(outs.environmentId).toBe(api.environmentIds[0]);
      expect(outs.type).toBe(type);
      expect(outs.createdAt).toEqual(expect.any(String));
      for (const key of secretKeysOf(type)) {
        if (configuration?.[key] !== undefined) expect(outs.configuration?.[key]).toBe(configuration[key]);
      }

      const read = await provider.read(id, outs);
      expect(read.id).toBe(id);
      expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);
      // No drift: read leaves the state's inputs as they are (the engine keeps them when given none).
      expect(read.inputs).toBeUndefined();

      const changed = { ...inputs, name: `${inputs.name} renamed`, description: "updated in place" };
      const diff = await provider.diff(id, read.props!, changed);
      expect(diff).toMatchObject({ changes: true, replaces: [] });
      const updated = await provider.update(id, read.props!, changed);
      expect(updated.outs).toMatchObject({ name: changed.name, description: "updated in place", storeId: id });
      expect((await storeOnServer(api, id)).body).toMatchObject({ name: changed.name, description: "updated in place" });

      await provider.delete(id, updated.outs!);
      expect((await storeOnServer(api, id)).status).toBe(404);
      expect((await provider.read(id, updated.outs!)).id).toBe("");
    });
  });

  test("keys the server added are kept in state and are not drift", async () => {
    const { inputs, id, outs } = await create(provider, storeOf("scim", minimalConfigurations.scim));
    expect(outs.configuration?.freezeAccountOnDeprovisioning).toBe("false");
    const read = await provider.read(id, outs);
    expect(read.props!.configuration?.freezeAccountOnDeprovisioning).toBe("false");
    expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);
    await provider.delete(id, outs);
  });

  test("a store deleted out of band reads as gone, and deleting it again succeeds", async () => {
    const { id, outs } = await create(provider, storeOf("Slack", minimalConfigurations.Slack));
    await provider.delete(id, outs);
    expect(await provider.read(id, outs)).toEqual({ id: "", props: {} });
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  test("an update of a store deleted out of band fails with one message: the store, its id, what happened, the repair", async () => {
    // The resource class passes its Pulumi name as the hidden input __logicalName; the provider keeps it in the outputs.
    const { inputs, id, outs } = await create(provider, {
      ...storeOf("Slack", minimalConfigurations.Slack, "hr slack"),
      __logicalName: "hrSlack",
    });
    expect(outs.__logicalName).toBe("hrSlack");
    expect((await provider.diff(id, outs, inputs)).changes).toBe(false); // it is never a change
    await provider.delete(id, outs);
    const updating = provider.update(id, outs, { ...inputs, description: "changed" });
    await expect(updating).rejects.toThrow(ResourceGoneError);
    const message = (await rejectionOf(updating)).message;
    expect(message).toContain(
      `PropagationStore "hrSlack" (Slack store "hr slack", PingOne id ${id}) no longer exists in PingOne: it was deleted outside Pulumi`,
    );
    expect(message).toContain("`pulumi refresh`");
    expect(message).toContain("`pulumi up --refresh`");
    expect(message).toMatch(/404 NOT_FOUND/); // what PingOne said, last
    // State written before the name was kept: the store and its id are still named.
    const { __logicalName: _dropped, ...older } = outs;
    void _dropped;
    await expect(
      provider.update(id, older as StoreOutputs, { ...storeOf("Slack", minimalConfigurations.Slack, "hr slack"), description: "x" }),
    ).rejects.toThrow(`A PropagationStore (Slack store "hr slack", PingOne id ${id}) no longer exists in PingOne`);
  });

  test("a store a propagation rule uses is not deleted, with a clear error, and stays on the server", async () => {
    const source = await create(provider, storeOf("directory", undefined, "source directory"));
    const target = await create(provider, storeOf("scim", minimalConfigurations.scim, "rule target"));
    const plan = await environmentRequestOk(api, "POST", "propagation/plans", { name: "hr plan" });
    const rule = await environmentRequest(api, "POST", `propagation/plans/${plan.id}/rules`, {
      name: "hr rule",
      sourceStore: { id: source.id },
      targetStore: { id: target.id },
    });
    expect(rule.status).toBe(201);
    const deleting = provider.delete(target.id, target.outs);
    await expect(deleting).rejects.toThrow(/still uses it/);
    await expect(deleting).rejects.toThrow(/rule target/);
    expect((await storeOnServer(api, target.id)).status).toBe(200);
    // Deleting the plan deletes its rule, so later tests find an environment without a plan.
    expect((await environmentRequest(api, "DELETE", `propagation/plans/${plan.id}`)).status).toBe(204);
  });

  test("missing settings give one message listing what to set", async () => {
    const unset = createPropagationStoreProvider({ settings: { environmentId: api.environmentIds[0] }, warn: () => undefined });
    const creating = unset.create(storeOf("Workday", minimalConfigurations.Workday));
    await expect(creating).rejects.toThrow(/pingone:regionCode \(or PINGONE_REGION_CODE\)/);
    await expect(creating).rejects.toThrow(/pingone:clientId \(or PINGONE_CLIENT_ID\)/);
    await expect(creating).rejects.toThrow(/pingone:clientSecret/);
  });
});

describe.each(["masked", "omitted"] as const)("secrets %s on read", (secretsOnRead) => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startApi({ secretsOnRead });
  });
  afterAll(async () => api.close());

  test("state keeps the declared secret and a refresh shows no drift", async () => {
    const provider = providerFor(api);
    const configuration = fullConfigurations.scim!;
    const { inputs, id, outs } = await create(provider, storeOf("scim", configuration));
    const read = await provider.read(id, outs);
    for (const key of secretKeysOf("scim")) expect(read.props!.configuration?.[key]).toBe(configuration[key]);
    expect(read.inputs).toBeUndefined();
    expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);
    await provider.delete(id, outs);
  });

  test("inputs refreshed after drift keep the declared secret, and show no diff against the refreshed state", async () => {
    const provider = providerFor(api);
    const configuration = fullConfigurations.scim!;
    const { inputs, id, outs } = await create(provider, storeOf("scim", configuration));
    const put = await environmentRequest(api, "PUT", `propagation/stores/${id}`, {
      type: "scim",
      name: `${inputs.name} renamed elsewhere`,
      configuration,
    });
    expect(put.status).toBe(200);
    const read = await provider.read(id, outs);
    expect(read.inputs!.name).toBe(`${inputs.name} renamed elsewhere`);
    for (const key of secretKeysOf("scim")) {
      expect(read.props!.configuration?.[key]).toBe(configuration[key]);
      expect(read.inputs!.configuration?.[key]).toBe(configuration[key]);
    }
    expect((await provider.diff(id, read.props!, read.inputs!)).changes).toBe(false);
    expect((await provider.diff(id, read.props!, inputs)).changes).toBe(true);
    await provider.delete(id, read.props!);
  });
});

describe("drift", () => {
  test("a value changed out of band shows in the refreshed inputs and in the next diff", async () => {
    const api = await startApi();
    try {
      const provider = providerFor(api);
      const { inputs, id, outs } = await create(provider, storeOf("scim", minimalConfigurations.scim));
      const current = (await storeOnServer(api, id)).body;
      const put = await environmentRequest(api, "PUT", `propagation/stores/${id}`, {
        type: "scim",
        name: current.name,
        configuration: { ...current.configuration, SCIM_URL: "https://drifted.example.com" },
      });
      expect(put.status).toBe(200);
      const read = await provider.read(id, outs);
      expect(read.inputs!.configuration?.SCIM_URL).toBe("https://drifted.example.com");
      const diff = await provider.diff(id, read.props!, inputs);
      expect(diff).toMatchObject({ changes: true, replaces: [] });
    } finally {
      await api.close();
    }
  });
});
