/**
 * The store lookups over real HTTP against the local API, as a program calls them: settings from the
 * `PINGONE_*` environment variables (no stack config outside a Pulumi program), plain data back, one API
 * request per lookup, and errors that say what was searched.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  getPropagationStore,
  getPropagationStoreOutput,
  getPropagationStores,
  getPropagationStoresOutput,
  LookupError,
} from "../../provider/lookups";
import { secretKeysOf } from "../../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { harness, type Harness } from "../local-api/helpers";
import { apiRequests, promiseOf, secretValuesOf, settingsFor, type LookupEnv } from "./helpers";

describe.each(["plaintext", "masked"] as const)("store lookups (secrets on read: %s)", (secretsOnRead) => {
  let h: Harness;
  let env: LookupEnv;
  const ids: Record<string, string> = {};

  async function createStore(key: string, body: Record<string, unknown>) {
    const created = await h.call("POST", h.storesUrl, body);
    expect(created.status).toBe(201);
    ids[key] = created.json.id;
  }

  beforeAll(async () => {
    h = await harness({ secretsOnRead });
    env = settingsFor(h.api);
    await createStore("scim", { type: "scim", name: "HR SCIM", configuration: fullConfigurations.scim });
    await createStore("salesforce", {
      type: "Salesforce",
      name: "Shared",
      configuration: fullConfigurations.Salesforce ?? minimalConfigurations.Salesforce,
    });
    await createStore("directory", { type: "directory", name: "Shared" });
    await createStore("twinA", { type: "Slack", name: "Twin", configuration: minimalConfigurations.Slack });
    await createStore("twinB", { type: "Slack", name: "Twin", configuration: minimalConfigurations.Slack });
  });
  afterAll(async () => {
    env?.restore();
    await h?.close();
  });

  test("by id: the live store as plain data, without one secret value", async () => {
    const store = await getPropagationStore({ storeId: ids.scim });
    expect(store).toMatchObject({ storeId: ids.scim, environmentId: h.env, type: "scim", name: "HR SCIM", status: "ACTIVE" });
    expect(store.configuration).toMatchObject({
      SCIM_URL: fullConfigurations.scim!.SCIM_URL,
      BASIC_AUTH_USER: fullConfigurations.scim!.BASIC_AUTH_USER,
    });
    for (const key of secretKeysOf("scim")) expect(store.configuration).not.toHaveProperty(key);
    const text = JSON.stringify(store);
    expect(secretValuesOf("scim", fullConfigurations.scim!).filter((secret) => text.includes(secret))).toEqual([]);
  });

  test("by name and type, and by a name only one store has", async () => {
    expect((await getPropagationStore({ name: "Shared", type: "Salesforce" })).storeId).toBe(ids.salesforce);
    expect((await getPropagationStore({ name: "Shared", type: "directory" })).storeId).toBe(ids.directory);
    const salesforce = await getPropagationStore({ name: "Shared", type: "Salesforce" });
    for (const key of secretKeysOf("Salesforce")) expect(salesforce.configuration).not.toHaveProperty(key);
    expect((await getPropagationStore({ name: "HR SCIM" })).storeId).toBe(ids.scim);
  });

  test("several stores with the name: one error that lists their ids and says to use storeId", async () => {
    // One lookup, one request: each assertion below awaits the same rejected promise.
    const twins = getPropagationStore({ name: "Twin", type: "Slack" });
    await expect(twins).rejects.toThrow(LookupError);
    await expect(twins).rejects.toThrow(`getPropagationStore: 2 stores match a store named "Twin" of type Slack in environment ${h.env}`);
    await expect(twins).rejects.toThrow(ids.twinA);
    await expect(twins).rejects.toThrow(ids.twinB);
    await expect(twins).rejects.toThrow(/Pass storeId with one of these ids instead of name\./);
    // Without a type, the two types that share a name are several matches too; the error offers type.
    await expect(getPropagationStore({ name: "Shared" })).rejects.toThrow(
      /2 stores match a store named "Shared" in environment .*\(or add type\)/,
    );
  });

  test("no match: one error that says what was searched", async () => {
    await expect(getPropagationStore({ name: "Nobody" })).rejects.toThrow(
      `getPropagationStore: searched 5 stores for a store named "Nobody" in environment ${h.env}: none matches.`,
    );
    await expect(getPropagationStore({ name: "HR SCIM", type: "Workday" })).rejects.toThrow(
      /a store named "HR SCIM" of type Workday in environment .*: none matches\. Stores of that name have type "scim"\./,
    );
    await expect(getPropagationStore({ storeId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      `getPropagationStore: no propagation store has id "00000000-0000-4000-8000-000000000000" in environment ${h.env}.`,
    );
    await expect(getPropagationStore({ storeId: ids.scim, type: "Zoom" })).rejects.toThrow(/is a scim store, not Zoom/);
  });

  test("storeId and name together, or neither, is refused before any request", async () => {
    const before = (await apiRequests(h.api)).length;
    await expect(getPropagationStore({ storeId: ids.scim, name: "HR SCIM" } as never)).rejects.toThrow(
      /pass either storeId or name .*not both/,
    );
    await expect(getPropagationStore({} as never)).rejects.toThrow(/not neither/);
    expect((await apiRequests(h.api)).length).toBe(before);
  });

  test("getPropagationStores: every store, or every store of one type; an empty list is an answer", async () => {
    expect((await getPropagationStores()).stores.map((store) => store.storeId).sort()).toEqual(Object.values(ids).sort());
    const slack = await getPropagationStores({ type: "Slack" });
    expect(slack).toEqual({
      environmentId: h.env,
      stores: [expect.objectContaining({ storeId: ids.twinA }), expect.objectContaining({ storeId: ids.twinB })],
    });
    for (const store of slack.stores) for (const key of secretKeysOf("Slack")) expect(store.configuration).not.toHaveProperty(key);
    expect(await getPropagationStores({ type: "Zoom" })).toEqual({ environmentId: h.env, stores: [] });
  });

  test("each lookup costs one API request, plus one token for the whole program", async () => {
    // A new session (and token) when the settings change: this test's own, so its count starts from zero.
    env.restore();
    env = settingsFor(h.api, { PINGONE_RETRY_TIMEOUT_SECONDS: "7" });
    await h.call("DELETE", `${h.api.url}/__admin/requests`);
    await getPropagationStore({ storeId: ids.scim });
    await getPropagationStore({ name: "HR SCIM", type: "scim" });
    await getPropagationStores({ type: "Slack" });
    const requests = await apiRequests(h.api);
    expect(requests.filter((entry) => entry.path.endsWith("/as/token"))).toHaveLength(1);
    expect(requests.filter((entry) => entry.path.startsWith("/v1/")).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `GET /v1/environments/${h.env}/propagation/stores/${ids.scim}`,
      `GET /v1/environments/${h.env}/propagation/stores`,
      `GET /v1/environments/${h.env}/propagation/stores`,
    ]);
  });

  test("the Output forms take inputs and give the same plain data", async () => {
    const name = pulumi.output(Promise.resolve("HR SCIM"));
    const byName = getPropagationStoreOutput({ name, type: "scim" });
    expect(await promiseOf(byName)).toMatchObject({ storeId: ids.scim, type: "scim" });
    expect((await promiseOf(getPropagationStoresOutput({ type: pulumi.output("Slack" as const) }))).stores).toHaveLength(2);
    // A failing Output form is tested under the engine (test/e2e/lookups.test.ts): outside a program, the
    // SDK's inner promises of a rejected Output surface as unhandled rejections.
  });

  test("the result carries no credential", async () => {
    const text = JSON.stringify([await getPropagationStores(), await getPropagationStore({ storeId: ids.scim })]);
    expect(text).not.toContain(h.api.clientSecret);
    expect(text).not.toContain(h.token);
  });
});

describe("lookup settings", () => {
  test("missing settings: one LookupError (a RunError, shown without a stack) listing what to set", async () => {
    const env = settingsFor(undefined);
    try {
      const lookup = getPropagationStore({ name: "x" });
      await expect(lookup).rejects.toThrow(LookupError);
      // An instance of RunError carries the flag RunError.isInstance reads, which is how the engine decides to show it without a stack.
      await expect(lookup).rejects.toThrow(pulumi.RunError);
      await expect(lookup).rejects.toThrow(/^getPropagationStore: PingOne provider settings are incomplete or contradictory/);
      await expect(lookup).rejects.toThrow("pingone:clientId (or PINGONE_CLIENT_ID)");
    } finally {
      env.restore();
    }
  });
});

describe("a large environment", () => {
  test("a lookup by name is still one request: the list asks for no limit, so PingOne sends its largest page", async () => {
    const h = await harness();
    const env = settingsFor(h.api);
    try {
      // More stores than any page size a client would pick (the provider's own listings ask for 100).
      for (let index = 0; index < 120; index++) {
        expect((await h.call("POST", h.storesUrl, { type: "directory", name: `store ${index}` })).status).toBe(201);
      }
      await h.call("DELETE", `${h.api.url}/__admin/requests`);
      expect((await getPropagationStore({ name: "store 119" })).name).toBe("store 119");
      expect((await apiRequests(h.api)).filter((entry) => entry.path.startsWith("/v1/"))).toHaveLength(1);
    } finally {
      env.restore();
      await h.close();
    }
  });
});
