/**
 * Verify the connection before writing, and the store's sync health, against the local API over real HTTP.
 * The local API really calls its own SCIM target for a scim store's connection check, so a wrong password
 * really fails, with the target's answer as the reason.
 */
import { DEFAULT_SCIM_BASIC_PASSWORD, DEFAULT_SCIM_BASIC_USER, type LocalApi, type RequestLogEntry } from "../../local-api";
import type { PropagationStoreProvider, StoreInputs } from "../../provider/lifecycle";
import { clearRequests, create, providerFor, requests, startApi, storeOf, storeOnServer, storeWrites, useApiAndProvider } from "./helpers";

const WRONG_PASSWORD = "wrong-S3CRET-scim-password-5d1e";

function scimAtLocalTarget(api: LocalApi, password = DEFAULT_SCIM_BASIC_PASSWORD, extra: Partial<StoreInputs> = {}): StoreInputs {
  return {
    ...storeOf(
      "scim",
      {
        AUTHENTICATION_METHOD: "Basic Authentication",
        AUTHORIZATION_TYPE: "Basic",
        SCIM_URL: `${api.url}/scim/v2`,
        SCIM_VERSION: "2.0",
        USERS_RESOURCE: "/Users",
        BASIC_AUTH_USER: DEFAULT_SCIM_BASIC_USER,
        BASIC_AUTH_PASSWORD: password,
      },
      "HR SCIM",
    ),
    ...extra,
  };
}

const isCheck = (entry: RequestLogEntry) => entry.path.endsWith("/propagation/stores/connection/status");

describe("verifyConnection", () => {
  const fixture = useApiAndProvider();
  let api: LocalApi;
  let provider: PropagationStoreProvider;
  beforeAll(() => ({ api, provider } = fixture));
  beforeEach(async () => clearRequests(api));

  test("a wrong password fails the create before any write, with the target's reason and without the secret", async () => {
    const inputs = scimAtLocalTarget(api, WRONG_PASSWORD, { verifyConnection: true });
    const checked = await provider.check({} as StoreInputs, inputs);
    expect(checked.failures).toEqual([]);
    const error = (await provider.create(checked.inputs!).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/Connection check failed for scim store "HR SCIM": HTTP 401 from target/);
    expect(error.message).toMatch(/Nothing was written: the store was not created/);
    expect(error.message).toMatch(/verifyConnection: false/);
    expect(error.message).not.toContain(WRONG_PASSWORD);
    const log = await requests(api);
    expect(log.filter(isCheck)).toHaveLength(1);
    expect(storeWrites(log)).toEqual([]);
  });

  test("the right password passes: one check, then the POST", async () => {
    const { id, outs } = await create(provider, scimAtLocalTarget(api, DEFAULT_SCIM_BASIC_PASSWORD, { verifyConnection: true }));
    const log = await requests(api);
    const checkAt = log.findIndex(isCheck);
    const postAt = log.findIndex((entry) => entry.method === "POST" && !isCheck(entry) && entry.path.endsWith("/propagation/stores"));
    expect(checkAt).toBeGreaterThanOrEqual(0);
    expect(postAt).toBeGreaterThan(checkAt);
    // verifyConnection is the provider's, not PingOne's: not in the state's configuration, not on the server.
    expect((await storeOnServer(api, id)).body).not.toHaveProperty("verifyConnection");
    await provider.delete(id, outs);
  });

  test("an update to a wrong password fails before the PUT and leaves the store as it was", async () => {
    const { inputs, id, outs } = await create(provider, scimAtLocalTarget(api, DEFAULT_SCIM_BASIC_PASSWORD, { verifyConnection: true }));
    await clearRequests(api);
    const changed = scimAtLocalTarget(api, WRONG_PASSWORD, { verifyConnection: true, description: "new description" });
    expect((await provider.diff(id, outs, changed)).changes).toBe(true);
    const error = (await provider.update(id, outs, changed).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/Connection check failed .*HTTP 401/);
    expect(error.message).toMatch(/the store was not changed/);
    expect(error.message).not.toContain(WRONG_PASSWORD);
    expect(storeWrites(await requests(api))).toEqual([]);
    const onServer = (await storeOnServer(api, id)).body;
    expect(onServer.description).toBeUndefined();
    expect(onServer.configuration.BASIC_AUTH_PASSWORD).toBe(DEFAULT_SCIM_BASIC_PASSWORD);
    // A later run with the fix goes through.
    const fixed = { ...inputs, description: "new description" };
    const updated = await provider.update(id, outs, fixed);
    expect(updated.outs!.description).toBe("new description");
    await provider.delete(id, updated.outs!);
  });

  test("an unreachable SCIM_URL fails with the reason", async () => {
    // A port nothing listens on: the local API's own port, closed once that API is gone.
    const gone = await startApi();
    const url = gone.url;
    await gone.close();
    const inputs = scimAtLocalTarget(api, DEFAULT_SCIM_BASIC_PASSWORD, { verifyConnection: true });
    inputs.configuration!.SCIM_URL = `${url}/scim/v2`;
    const error = (await provider.create(inputs).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/Connection check failed .*connection refused by/);
    expect(storeWrites(await requests(api))).toEqual([]);
  });

  test("changing verifyConnection is not a change", async () => {
    const { inputs, id, outs } = await create(provider, scimAtLocalTarget(api));
    expect((await provider.diff(id, outs, { ...inputs, verifyConnection: true })).changes).toBe(false);
    expect((await provider.diff(id, outs, { ...inputs, verifyConnection: false })).changes).toBe(false);
    await provider.delete(id, outs);
  });

  test("pingone:verifyConnections turns it on for stores that do not say, and a store's own false wins", async () => {
    const stackWide = providerFor(api, { verifyConnections: "true" });
    const wrong = scimAtLocalTarget(api, WRONG_PASSWORD);
    await expect(stackWide.create(wrong)).rejects.toThrow(/Connection check failed/);
    expect(storeWrites(await requests(api))).toEqual([]);
    const optedOut = await create(stackWide, { ...wrong, verifyConnection: false });
    expect(optedOut.id).toEqual(expect.any(String));
    expect((await requests(api)).filter(isCheck)).toHaveLength(1);
    await stackWide.delete(optedOut.id, optedOut.outs);
    // directory stores have no connection to test.
    const directory = await create(stackWide, storeOf("directory", undefined));
    expect((await requests(api)).filter(isCheck)).toHaveLength(1);
    await stackWide.delete(directory.id, directory.outs);
  });

  test("off by default: no check is made", async () => {
    const { id, outs } = await create(provider, scimAtLocalTarget(api, WRONG_PASSWORD));
    expect((await requests(api)).filter(isCheck)).toEqual([]);
    await provider.delete(id, outs);
  });

  test("verifyConnection must be a boolean; the stack setting must be true or false", async () => {
    const checked = await provider.check({} as StoreInputs, { ...scimAtLocalTarget(api), verifyConnection: "yes" as unknown as boolean });
    expect(checked.failures).toEqual([{ property: "verifyConnection", reason: "verifyConnection must be true or false, not a string." }]);
    const badSetting = providerFor(api, { verifyConnections: "sometimes" });
    await expect(badSetting.create(scimAtLocalTarget(api))).rejects.toThrow(
      /pingone:verifyConnections \(or PINGONE_VERIFY_CONNECTIONS\) must be true or false/,
    );
  });
});

describe("syncStatus", () => {
  const fixture = useApiAndProvider();
  let api: LocalApi;
  let provider: PropagationStoreProvider;
  beforeAll(() => ({ api, provider } = fixture));

  test("is an output, refreshed by read, and never a change", async () => {
    const { inputs, id, outs } = await create(provider, scimAtLocalTarget(api));
    expect(outs.syncStatus).toEqual({
      syncState: "SYNCING",
      lastSyncAt: expect.any(String),
      successCount: 0,
      failedCount: 0,
      failedDeprovisionCount: 0,
      userTotal: 0,
    });
    const override = await fetch(`${api.url}/__admin/stores/${id}/sync-status`, {
      method: "PUT",
      body: JSON.stringify({ syncState: "FAILED", failedCount: 3, details: "3 users were refused by the target" }),
    });
    expect(override.status).toBe(200);
    const read = await provider.read(id, outs);
    expect(read.props!.syncStatus).toMatchObject({ syncState: "FAILED", failedCount: 3, details: "3 users were refused by the target" });
    // A status PingOne keeps is not drift in what was declared: the state's inputs stay as they are.
    expect(read.inputs).toBeUndefined();
    expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);
    await provider.delete(id, read.props!);
  });

  test("a scim store on the local SCIM target counts the target's users", async () => {
    const { id, outs } = await create(provider, scimAtLocalTarget(api));
    const basic = `Basic ${Buffer.from(`${DEFAULT_SCIM_BASIC_USER}:${DEFAULT_SCIM_BASIC_PASSWORD}`).toString("base64")}`;
    for (const userName of ["ada", "grace"]) {
      const created = await fetch(`${api.url}/scim/v2/Users`, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/scim+json" },
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName }),
      });
      expect(created.status).toBe(201);
    }
    const read = await provider.read(id, outs);
    expect(read.props!.syncStatus).toMatchObject({ syncState: "SYNCING", userTotal: 2, successCount: 2, failedCount: 0 });
    expect(Date.parse(read.props!.syncStatus!.lastSyncAt!)).toBeGreaterThanOrEqual(Date.parse(outs.syncStatus!.lastSyncAt!));
    await provider.delete(id, read.props!);
  });
});
