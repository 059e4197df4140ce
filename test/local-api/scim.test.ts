import * as net from "node:net";
import { DEFAULT_SCIM_BASIC_PASSWORD, DEFAULT_SCIM_BASIC_USER, DEFAULT_SCIM_BEARER_TOKEN, startLocalApi } from "../../local-api";
import { harness, request, SEED_SCIM_CONNECTION_CHECK, SEED_SCIM_USER_PUT, seedPingOneCreate, type Harness } from "./helpers";

const CHECK = "application/vnd.pingidentity.connection.check+json";
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

describe("SCIM 2.0 target", () => {
  let h: Harness;
  let users: string;
  const auth = { Authorization: basic(DEFAULT_SCIM_BASIC_USER, DEFAULT_SCIM_BASIC_PASSWORD) };
  beforeAll(async () => {
    h = await harness();
    users = `${h.api.url}/scim/v2/Users`;
  });
  afterAll(() => h.close());

  test("requires Basic or Bearer credentials, with SCIM-shaped errors", async () => {
    const none = await request(users, "GET");
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    expect((await request(users, "GET", undefined, { Authorization: basic(DEFAULT_SCIM_BASIC_USER, "wrong") })).status).toBe(401);
    expect((await request(users, "GET", undefined, { Authorization: `Bearer ${DEFAULT_SCIM_BEARER_TOKEN}` })).status).toBe(200);
  });

  test("create, filter, get, PUT with the seed 002 example, delete", async () => {
    const created = await request(users, "POST", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "isabella" }, auth);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.any(String), userName: "isabella", active: true, meta: { resourceType: "User" } });
    const id = created.json.id as string;
    expect(created.json.meta.location).toBe(`${users}/${id}`);

    const dup = await request(users, "POST", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ISABELLA" }, auth);
    expect(dup.status).toBe(409);
    expect(dup.json.scimType).toBe("uniqueness");
    const noName = await request(users, "POST", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] }, auth);
    expect(noName.status).toBe(400);
    const noSchemas = await request(users, "POST", { userName: "x" }, auth);
    expect(noSchemas.status).toBe(400);

    await request(users, "POST", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "someone-else" }, auth);
    const filtered = await request(`${users}?filter=${encodeURIComponent('userName eq "isabella"')}`, "GET", undefined, auth);
    expect(filtered.json).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
      Resources: [{ id }],
    });
    const counted = await request(`${users}?count=1`, "GET", undefined, auth);
    expect(counted.json.totalResults).toBe(2);
    expect(counted.json.Resources).toHaveLength(1);

    const put = await request(`${users}/${id}`, "PUT", SEED_SCIM_USER_PUT, auth);
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      schemas: SEED_SCIM_USER_PUT.schemas,
      id,
      userName: "tmp-Isabella-Updated",
      active: true,
      emails: SEED_SCIM_USER_PUT.emails,
      meta: { resourceType: "User", created: created.json.meta.created, lastModified: expect.any(String), location: `${users}/${id}` },
    });
    expect(put.json["urn:pingidentity:schemas:extension:2.0:PingOneUser"]).toEqual({ population: { id: expect.any(String) } });
    expect((await request(`${users}/${id}`, "GET", undefined, auth)).json).toEqual(put.json);

    expect((await request(`${users}/${id}`, "DELETE", undefined, auth)).status).toBe(204);
    const gone = await request(`${users}/${id}`, "GET", undefined, auth);
    expect(gone.status).toBe(404);
    expect(gone.json.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  test("custom target credentials", async () => {
    const api = await startLocalApi({
      dataDir: `${h.dataDir}-custom`,
      scimTarget: { basicUser: "u", basicPassword: "p", bearerToken: "t" },
    });
    try {
      expect((await request(`${api.url}/scim/v2/Users`, "GET", undefined, { Authorization: basic("u", "p") })).status).toBe(200);
      expect((await request(`${api.url}/scim/v2/Users`, "GET", undefined, { Authorization: "Bearer t" })).status).toBe(200);
      expect((await request(`${api.url}/scim/v2/Users`, "GET", undefined, auth)).status).toBe(401);
    } finally {
      await api.close();
    }
  });
});

describe("connection/status", () => {
  let h: Harness;
  let checkUrl: string;
  beforeAll(async () => {
    h = await harness();
    checkUrl = `${h.storesUrl}/connection/status`;
  });
  afterAll(() => h.close());

  const check = (body: unknown, contentType = CHECK) => h.call("POST", checkUrl, body, { "Content-Type": contentType });
  const scimStore = (configuration: Record<string, string>) => ({
    type: "scim",
    name: "check",
    configuration: { SCIM_VERSION: "2.0", ...configuration },
  });

  test("requires the connection-check media type (415 otherwise)", async () => {
    const res = await check(SEED_SCIM_CONNECTION_CHECK, "application/json");
    expect(res.status).toBe(415);
    expect(res.json.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  test("validates like create and does not save", async () => {
    const bad = await check({
      type: "scim",
      name: "x",
      configuration: { AUTHENTICATION_METHOD: "Basic Authentication", SCIM_VERSION: "2.0" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details.map((d: { target: string }) => d.target)).toContain("configuration.SCIM_URL");
    const ok = await check(seedPingOneCreate(h.env));
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: "SUCCESS" });
    expect((await h.call("GET", h.storesUrl)).json._embedded.stores).toHaveLength(0);
  });

  test("SUCCESS against the local SCIM target with Basic and with a Bearer token", async () => {
    const viaBasic = await check(
      scimStore({
        AUTHENTICATION_METHOD: "Basic Authentication",
        SCIM_URL: `${h.api.url}/scim/v2`,
        BASIC_AUTH_USER: DEFAULT_SCIM_BASIC_USER,
        BASIC_AUTH_PASSWORD: DEFAULT_SCIM_BASIC_PASSWORD,
      }),
    );
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.json).toEqual({ status: "SUCCESS" });
    const viaBearer = await check(
      scimStore({
        AUTHENTICATION_METHOD: "OAuth 2 Bearer Token",
        SCIM_URL: `${h.api.url}/scim/v2/`,
        USERS_RESOURCE: "/users",
        OAUTH_ACCESS_TOKEN: DEFAULT_SCIM_BEARER_TOKEN,
      }),
    );
    expect(viaBearer.json).toEqual({ status: "SUCCESS" });
  });

  test("FAILURE with wrong credentials, naming the HTTP status and not the secret", async () => {
    const res = await check(
      scimStore({
        AUTHENTICATION_METHOD: "Basic Authentication",
        SCIM_URL: `${h.api.url}/scim/v2`,
        BASIC_AUTH_USER: DEFAULT_SCIM_BASIC_USER,
        BASIC_AUTH_PASSWORD: "not-the-password",
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("FAILURE");
    expect(res.json.message).toMatch(/HTTP 401/);
    expect(res.json.message).not.toContain("not-the-password");
  });

  test("FAILURE for an unreachable URL", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const res = await check(
      scimStore({ AUTHENTICATION_METHOD: "OAuth 2 Bearer Token", SCIM_URL: `http://127.0.0.1:${port}/scim`, OAUTH_ACCESS_TOKEN: "x" }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "FAILURE", message: expect.stringMatching(/connection refused/) });
  });

  test("the seed's connection-check example is accepted (its target is unreachable offline: a FAILURE, not an error)", async () => {
    const res = await check(SEED_SCIM_CONNECTION_CHECK);
    expect(res.status).toBe(200);
    expect(["SUCCESS", "FAILURE"]).toContain(res.json.status);
    if (res.json.status === "FAILURE") expect(typeof res.json.message).toBe("string");
  }, 10_000);
});
