/** The local API's read-only `syncStatus` on stores, and its admin override. */
import { DEFAULT_SCIM_BASIC_PASSWORD, DEFAULT_SCIM_BASIC_USER } from "../../local-api";
import { harness, request, SEED_SCIM_CREATE, type Harness } from "./helpers";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("syncStatus", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  const admin = (storeId: string, method: string, body?: unknown) =>
    request(`${h.api.url}/__admin/stores/${storeId}/sync-status`, method, body);

  test("every store read carries the documented fields; a store with no users of its own reports zero", async () => {
    const created = await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
    expect(created.json.syncStatus).toEqual({
      syncState: "SYNCING",
      lastSyncAt: created.json.updatedAt,
      successCount: 0,
      failedCount: 0,
      failedDeprovisionCount: 0,
      userTotal: 0,
    });
    const got = await h.call("GET", `${h.storesUrl}/${created.json.id}`);
    const listed = (await h.call("GET", h.storesUrl)).json._embedded.stores.find((store: { id: string }) => store.id === created.json.id);
    expect(got.json.syncStatus).toEqual(created.json.syncStatus);
    expect(listed.syncStatus).toEqual(created.json.syncStatus);
  });

  test("a scim store pointed at the local SCIM target reports the target's users", async () => {
    const store = await h.call("POST", h.storesUrl, {
      type: "scim",
      name: "local target",
      configuration: {
        AUTHENTICATION_METHOD: "Basic Authentication",
        SCIM_URL: `${h.api.url}/scim/v2/`,
        SCIM_VERSION: "2.0",
        BASIC_AUTH_USER: DEFAULT_SCIM_BASIC_USER,
        BASIC_AUTH_PASSWORD: DEFAULT_SCIM_BASIC_PASSWORD,
      },
    });
    expect(store.status).toBe(201);
    const basic = `Basic ${Buffer.from(`${DEFAULT_SCIM_BASIC_USER}:${DEFAULT_SCIM_BASIC_PASSWORD}`).toString("base64")}`;
    const user = await request(
      `${h.api.url}/scim/v2/Users`,
      "POST",
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "sync-user" },
      { Authorization: basic },
    );
    expect(user.status).toBe(201);
    const got = await h.call("GET", `${h.storesUrl}/${store.json.id}`);
    expect(got.json.syncStatus).toMatchObject({
      syncState: "SYNCING",
      userTotal: 1,
      successCount: 1,
      failedCount: 0,
      lastSyncAt: user.json.meta.lastModified,
    });
    expect(got.json.syncStatus.lastSyncAt).toMatch(ISO);
  });

  test("the admin override sets fields over the computed value until it is deleted", async () => {
    const store = (await h.call("POST", h.storesUrl, SEED_SCIM_CREATE)).json;
    const set = await admin(store.id, "PUT", {
      syncState: "FAILED",
      failedCount: 2,
      failedDeprovisionCount: 1,
      details: "target answered 503",
      lastSyncAt: "2024-05-01T10:00:00.000Z",
    });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({
      syncState: "FAILED",
      lastSyncAt: "2024-05-01T10:00:00.000Z",
      successCount: 0,
      failedCount: 2,
      failedDeprovisionCount: 1,
      userTotal: 0,
      details: "target answered 503",
    });
    expect((await h.call("GET", `${h.storesUrl}/${store.id}`)).json.syncStatus).toEqual(set.json);
    expect((await admin(store.id, "DELETE")).status).toBe(204);
    expect((await h.call("GET", `${h.storesUrl}/${store.id}`)).json.syncStatus).toEqual(store.syncStatus);
  });

  test("the override refuses what the documents do not allow, and unknown stores", async () => {
    const store = (await h.call("POST", h.storesUrl, SEED_SCIM_CREATE)).json;
    const bad = await admin(store.id, "PUT", { syncState: "PAUSED", failedCount: -1, lastSyncAt: "yesterday", colour: "red" });
    expect(bad.status).toBe(400);
    expect(bad.json.details.map((detail: { target: string }) => detail.target).sort()).toEqual([
      "colour",
      "failedCount",
      "lastSyncAt",
      "syncState",
    ]);
    expect((await admin("00000000-0000-4000-8000-000000000000", "PUT", { syncState: "FAILED" })).status).toBe(404);
    expect((await admin(store.id, "POST", {})).status).toBe(405);
  });

  test("a client cannot set syncStatus: it is read-only and ignored on create", async () => {
    const created = await h.call("POST", h.storesUrl, { ...SEED_SCIM_CREATE, syncStatus: { syncState: "FAILED", failedCount: 9 } });
    expect(created.status).toBe(201);
    expect(created.json.syncStatus).toMatchObject({ syncState: "SYNCING", failedCount: 0 });
  });
});
