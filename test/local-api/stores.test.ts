import { CONNECTION_CHECK_MEDIA_TYPE, MASKED_SECRET, startLocalApi } from "../../local-api";
import {
  harness,
  tempDir,
  request,
  getToken,
  seedPingOneCreate,
  SEED_SALESFORCE_CREATE,
  SEED_SCIM_BEARER,
  SEED_SCIM_CREATE,
  SEED_SCIM_UPDATE,
  type Harness,
} from "./helpers";

/** A valid LdapGateway configuration (every key its Create page requires). */
const LDAP_GATEWAY = {
  CLIENT_ID: "c",
  CLIENT_SECRET: "s",
  ENVIRONMENT_ID: "e",
  GATEWAY_BASE_URL: "https://api.pingone.com/v1",
  GATEWAY_ID: "g",
  OAUTH_URL: "https://auth.pingone.com/e/as/token",
  LDAP_TYPE: "PingDirectory",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("propagation stores", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  test("the seed's scim create example is accepted, with server-assigned fields and server-added keys", async () => {
    const res = await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
    expect(res.status).toBe(201);
    const s = res.json;
    expect(s.id).toMatch(UUID);
    expect(s.environment).toEqual({ id: h.env });
    expect(s.createdAt).toMatch(ISO);
    expect(s.updatedAt).toBe(s.createdAt);
    expect(s.status).toBe("ACTIVE");
    expect(s.type).toBe("scim");
    expect(s.name).toBe("scim");
    expect(s.description).toBe("create a scim connection");
    // image.id: the UUID of the image file, as in the documented responses
    expect(s.image).toEqual({ id: "cb933bfe-8282-405a-a780-0a19b97edc02", href: SEED_SCIM_CREATE.image.href });
    expect(s.configuration).toEqual({ freezeAccountOnDeprovisioning: "false", ...SEED_SCIM_CREATE.configuration });
    const href = `${h.storesUrl}/${s.id}`;
    expect(s._links).toEqual({ self: { href }, update: { href }, delete: { href } });
    expect(res.headers.get("location")).toBe(href);

    const got = await h.call("GET", href);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(s);
  });

  test("the overview's bearer-token scim store and the Salesforce example are accepted", async () => {
    const bearer = await h.call("POST", h.storesUrl, SEED_SCIM_BEARER);
    expect(bearer.status).toBe(201);
    expect(bearer.json.configuration).toEqual({ freezeAccountOnDeprovisioning: "false", ...SEED_SCIM_BEARER.configuration });
    expect(bearer.json.image.id).toBe("0e3954ed-bdda-41e3-95de-a2da324a449e");

    const sf = await h.call("POST", h.storesUrl, SEED_SALESFORCE_CREATE);
    expect(sf.status).toBe(201);
    expect(sf.json.status).toBe("ACTIVE");
    expect(sf.json.configuration).toEqual({ freezeAccountOnDeprovisioning: "false", ...SEED_SALESFORCE_CREATE.configuration });
    expect(sf.json.configuration.FREEZE_USER_FLAG).toBe(false);
    expect(sf.json.image).toBeUndefined();
  });

  test("the PingOne create example comes back 201 INACTIVE, like the documented response", async () => {
    const body = seedPingOneCreate(h.env);
    const res = await h.call("POST", h.storesUrl, body);
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("INACTIVE");
    expect(res.json.configuration).toEqual({ freezeAccountOnDeprovisioning: "false", ...body.configuration });
    expect(res.json.image.id).toMatch(UUID);
    // an explicit status wins
    const active = await h.call("POST", h.storesUrl, { ...body, name: "active one", status: "ACTIVE" });
    expect(active.json.status).toBe("ACTIVE");
  });

  test("directory stores have no configuration; a client-sent server key keeps the client's value and spelling", async () => {
    const dir = await h.call("POST", h.storesUrl, { type: "directory", name: "directory" });
    expect(dir.status).toBe(201);
    expect(dir.json.configuration).toBeUndefined();
    const bad = await h.call("POST", h.storesUrl, { type: "directory", name: "d", configuration: { X: "y" } });
    expect(bad.status).toBe(400);
    expect(bad.json.details[0]).toMatchObject({ code: "INVALID_VALUE", target: "configuration" });

    const workday = await h.call("POST", h.storesUrl, {
      type: "Workday",
      name: "wd",
      configuration: { username: "u", password: "p", tenantId: "t", freezeAccountOnDeprovisioning: "true", someNewKey: 42 },
    });
    expect(workday.status).toBe(201);
    expect(workday.json.configuration).toEqual({
      freezeAccountOnDeprovisioning: "true",
      username: "u",
      password: "p",
      tenantId: "t",
      someNewKey: 42,
    });
  });

  test("PUT with the seed's update example replaces the mutable fields", async () => {
    const created = await h.call("POST", h.storesUrl, { ...SEED_SCIM_CREATE, name: "to update", status: "INACTIVE", managed: true });
    const href = `${h.storesUrl}/${created.json.id}`;
    await new Promise((r) => setTimeout(r, 5));
    const res = await h.call("PUT", href, SEED_SCIM_UPDATE);
    expect(res.status).toBe(200);
    expect(res.json.description).toBe("Update a scim connection");
    expect(res.json.name).toBe("scim");
    expect(res.json.managed).toBeUndefined(); // full replacement
    expect(res.json.status).toBe("INACTIVE"); // status not sent: kept
    expect(res.json.createdAt).toBe(created.json.createdAt);
    expect(Date.parse(res.json.updatedAt)).toBeGreaterThan(Date.parse(created.json.updatedAt));
    expect(res.json.configuration.freezeAccountOnDeprovisioning).toBe("false");
    expect((await h.call("GET", href)).json).toEqual(res.json);
  });

  test("PUT cannot change the type: 400 INVALID_DATA with target type", async () => {
    const created = await h.call("POST", h.storesUrl, { ...SEED_SCIM_CREATE, name: "typed" });
    const res = await h.call("PUT", `${h.storesUrl}/${created.json.id}`, SEED_SALESFORCE_CREATE);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "INVALID_DATA", details: [{ code: "INVALID_VALUE", target: "type" }] });
    expect(res.json.id).toMatch(UUID);
  });

  test("DELETE is 204, then GET/PUT/DELETE are 404 NOT_FOUND", async () => {
    const created = await h.call("POST", h.storesUrl, { type: "directory", name: "gone" });
    const href = `${h.storesUrl}/${created.json.id}`;
    expect((await h.call("DELETE", href)).status).toBe(204);
    for (const [m, b] of [["GET"], ["PUT", { type: "directory", name: "x" }], ["DELETE"]] as const) {
      const res = await h.call(m, href, b);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe("NOT_FOUND");
    }
  });

  test("unknown environment is 404", async () => {
    const res = await h.call("GET", `${h.api.url}/v1/environments/99999999-9999-4999-8999-999999999999/propagation/stores`);
    expect(res.status).toBe(404);
    expect(res.json.code).toBe("NOT_FOUND");
  });

  test.each([
    ["missing name", { type: "directory" }, "REQUIRED_VALUE", "name"],
    ["missing type", { name: "x" }, "REQUIRED_VALUE", "type"],
    ["wrongly cased type", { name: "x", type: "SCIM", configuration: {} }, "INVALID_VALUE", "type"],
    ["unknown type", { name: "x", type: "Okta" }, "INVALID_VALUE", "type"],
    [
      "missing SCIM_URL",
      { name: "x", type: "scim", configuration: { AUTHENTICATION_METHOD: "None", SCIM_VERSION: "2.0" } },
      "REQUIRED_VALUE",
      "configuration.SCIM_URL",
    ],
    [
      "Basic Authentication without password",
      {
        name: "x",
        type: "scim",
        configuration: { AUTHENTICATION_METHOD: "Basic Authentication", SCIM_URL: "https://s", SCIM_VERSION: "2.0", BASIC_AUTH_USER: "u" },
      },
      "REQUIRED_VALUE",
      "configuration.BASIC_AUTH_PASSWORD",
    ],
    [
      "bearer without token",
      {
        name: "x",
        type: "scim",
        configuration: { AUTHENTICATION_METHOD: "OAuth 2 Bearer Token", SCIM_URL: "https://s", SCIM_VERSION: "2.0" },
      },
      "REQUIRED_VALUE",
      "configuration.OAUTH_ACCESS_TOKEN",
    ],
    [
      "boolean key sent as a string",
      { ...SEED_SALESFORCE_CREATE, configuration: { ...SEED_SALESFORCE_CREATE.configuration, FREEZE_USER_FLAG: "false" } },
      "INVALID_VALUE",
      "configuration.FREEZE_USER_FLAG",
    ],
    [
      "string key sent as a number",
      { name: "x", type: "scim", configuration: { AUTHENTICATION_METHOD: "None", SCIM_URL: "https://s", SCIM_VERSION: 2 } },
      "INVALID_VALUE",
      "configuration.SCIM_VERSION",
    ],
    [
      "LDAP_TYPE outside the two values the Create page allows",
      { name: "x", type: "LdapGateway", configuration: { ...LDAP_GATEWAY, LDAP_TYPE: "OpenLDAP" } },
      "INVALID_VALUE",
      "configuration.LDAP_TYPE",
    ],
    [
      "Aquera without BASIC_AUTH_PASSWORD, even with OAuth Bearer Token (every page requires it)",
      {
        name: "x",
        type: "Aquera",
        configuration: { AUTHENTICATION_METHOD: "OAuth Bearer Token", SCIM_URL: "https://a", BASIC_AUTH_USER: "u", ACCESS_TOKEN: "t" },
      },
      "REQUIRED_VALUE",
      "configuration.BASIC_AUTH_PASSWORD",
    ],
    [
      "Zoom OAuth Bearer Token without the OAuth keys",
      {
        name: "x",
        type: "Zoom",
        configuration: { SCIM_URL: "https://z", AUTHENTICATION_METHOD: "OAuth Bearer Token", OAUTH_CLIENT_ID: "c" },
      },
      "REQUIRED_VALUE",
      "configuration.OAUTH_ACCOUNT_ID",
    ],
    [
      "Zoom JWT Bearer Token without API_SECRET",
      { name: "x", type: "Zoom", configuration: { SCIM_URL: "https://z", AUTHENTICATION_METHOD: "JWT Bearer Token", API_KEY: "k" } },
      "REQUIRED_VALUE",
      "configuration.API_SECRET",
    ],
    [
      'freezeAccountOnDeprovisioning neither a boolean nor "true"/"false"',
      { ...SEED_SCIM_CREATE, configuration: { ...SEED_SCIM_CREATE.configuration, freezeAccountOnDeprovisioning: "no" } },
      "INVALID_VALUE",
      "configuration.freezeAccountOnDeprovisioning",
    ],
    [
      "missing PingOne REGION",
      { name: "x", type: "PingOne", configuration: { ENVIRONMENT_ID: "e" } },
      "REQUIRED_VALUE",
      "configuration.REGION",
    ],
    ["managed not a boolean", { name: "x", type: "directory", managed: "yes" }, "INVALID_VALUE", "managed"],
    ["bad status", { name: "x", type: "directory", status: "ENABLED" }, "INVALID_VALUE", "status"],
  ])("400 INVALID_DATA: %s", async (_label, body, code, target) => {
    const res = await h.call("POST", h.storesUrl, body);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("INVALID_DATA");
    expect(res.json.id).toMatch(UUID);
    expect(res.json.details).toEqual(expect.arrayContaining([expect.objectContaining({ code, target, message: expect.any(String) })]));
  });

  test.each([
    [
      "a scim AUTHENTICATION_METHOD, SCIM_VERSION and REMOVE_ACTION outside the examples' values (typed only String)",
      {
        name: "x",
        type: "scim",
        configuration: {
          AUTHENTICATION_METHOD: "Some Future Method",
          SCIM_URL: "https://s",
          SCIM_VERSION: "3.0",
          REMOVE_ACTION: "Archive",
        },
      },
    ],
    [
      "Azure DEPROVISION_USERS (Create Store page)",
      {
        name: "x",
        type: "AzureActiveDirectorySAML2",
        configuration: {
          ClientId: "c",
          ClientSecret: "s",
          TenantDomain: "t",
          RemoveLicensesWhenSkuIdEmpty: false,
          DEPROVISION_USERS: true,
        },
      },
    ],
    [
      "Zoom with AUTHENTICATION_METHOD and the OAuth keys (Create Store page)",
      {
        name: "x",
        type: "Zoom",
        configuration: {
          SCIM_URL: "https://z",
          AUTHENTICATION_METHOD: "OAuth Bearer Token",
          OAUTH_ACCOUNT_ID: "a",
          OAUTH_CLIENT_ID: "c",
          OAUTH_CLIENT_SECRET: "s",
          OAUTH_TOKEN_URL: "https://zoom.us/oauth/token",
        },
      },
    ],
    ["Zoom with only SCIM_URL", { name: "x", type: "Zoom", configuration: { SCIM_URL: "https://z" } }],
    [
      'freezeAccountOnDeprovisioning as a boolean (data model) and as "false" (reads)',
      { ...SEED_SCIM_CREATE, configuration: { ...SEED_SCIM_CREATE.configuration, freezeAccountOnDeprovisioning: true } },
    ],
    [
      "freezeAccountOnDeprovisioning as the string reads return",
      { ...SEED_SCIM_CREATE, configuration: { ...SEED_SCIM_CREATE.configuration, freezeAccountOnDeprovisioning: "false" } },
    ],
  ])("201: %s", async (_label, body) => {
    const res = await h.call("POST", h.storesUrl, body);
    expect({ status: res.status, details: res.json.details }).toEqual({ status: 201, details: undefined });
  });

  test("unknown configuration keys are stored as sent by default (what the documents imply)", async () => {
    const res = await h.call("POST", h.storesUrl, {
      ...SEED_SCIM_CREATE,
      configuration: { ...SEED_SCIM_CREATE.configuration, SCIM_URLL: "https://typo" },
    });
    expect(res.status).toBe(201);
    expect(res.json.configuration.SCIM_URLL).toBe("https://typo");
  });

  test("every missing required key is reported", async () => {
    const res = await h.call("POST", h.storesUrl, { name: "x", type: "Workday", configuration: {} });
    expect(res.status).toBe(400);
    expect(res.json.details.map((d: { target: string }) => d.target).sort()).toEqual([
      "configuration.password",
      "configuration.tenantId",
      "configuration.username",
    ]);
  });

  test("415 for a non-JSON content type, 400 INVALID_REQUEST for malformed JSON", async () => {
    const text = await h.call("POST", h.storesUrl, "name=x", { "Content-Type": "text/plain" });
    expect(text.status).toBe(415);
    expect(text.json).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", message: expect.any(String) });
    expect(text.json.id).toMatch(UUID);
    const created = await h.call("POST", h.storesUrl, { type: "directory", name: "media" });
    const put = await h.call("PUT", `${h.storesUrl}/${created.json.id}`, "{}", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(put.status).toBe(415);
    const bad = await h.call("POST", h.storesUrl, '{"name": ', { "Content-Type": "application/json" });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("INVALID_REQUEST");
    const charset = await h.call(
      "POST",
      h.storesUrl,
      { type: "directory", name: "cs" },
      { "Content-Type": "application/json; charset=utf-8" },
    );
    expect(charset.status).toBe(201);
  });

  test("deleting a store referenced by a rule is 409 naming the rule; after the rule is gone it deletes", async () => {
    const src = (await h.call("POST", h.storesUrl, { type: "directory", name: "src" })).json;
    const tgt = (await h.call("POST", h.storesUrl, { ...SEED_SCIM_CREATE, name: "tgt" })).json;
    const rulesUrl = h.envUrl("propagation/rules");
    const plan = (await h.call("POST", h.envUrl("propagation/plans"), { name: "plan" })).json;
    const missing = await h.call("POST", rulesUrl, {
      name: "r",
      plan: { id: plan.id },
      sourceStore: { id: src.id },
      targetStore: { id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.details[0]).toMatchObject({ code: "INVALID_VALUE", target: "targetStore.id" });

    const rule = await h.call("POST", rulesUrl, {
      name: "r",
      plan: { id: plan.id },
      sourceStore: { id: src.id },
      targetStore: { id: tgt.id },
    });
    expect(rule.status).toBe(201);
    expect(rule.json).toMatchObject({
      id: expect.stringMatching(UUID),
      name: "r",
      sourceStore: { id: src.id },
      targetStore: { id: tgt.id },
    });
    expect((await h.call("GET", `${rulesUrl}/${rule.json.id}`)).json.id).toBe(rule.json.id);
    const list = await h.call("GET", rulesUrl);
    expect(list.json._embedded.rules.map((r: { id: string }) => r.id)).toContain(rule.json.id);

    const refused = await h.call("DELETE", `${h.storesUrl}/${tgt.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: "INVALID_REQUEST", details: [{ code: "CONSTRAINT_VIOLATION", target: "id" }] });
    expect(refused.json.message).toContain(rule.json.id);
    expect((await h.call("GET", `${h.storesUrl}/${tgt.id}`)).status).toBe(200);

    expect((await h.call("DELETE", `${rulesUrl}/${rule.json.id}`)).status).toBe(204);
    expect((await h.call("GET", `${rulesUrl}/${rule.json.id}`)).status).toBe(404);
    expect((await h.call("DELETE", `${h.storesUrl}/${tgt.id}`)).status).toBe(204);
    expect((await h.call("DELETE", h.envUrl(`propagation/plans/${plan.id}`))).status).toBe(204);
  });
});

describe("list paging", () => {
  test("limit and _links.next walk every store exactly once", async () => {
    const h = await harness();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await h.call("POST", h.storesUrl, { type: "directory", name: `d${i}` })).json.id);
      const all = await h.call("GET", h.storesUrl);
      expect(all.status).toBe(200);
      expect(all.json._embedded.stores.map((s: { id: string }) => s.id)).toEqual(ids);
      expect(all.json._links.self.href).toBe(h.storesUrl);
      expect(all.json._links.next).toBeUndefined();
      expect(all.json._embedded.stores[0]._links.self.href).toBe(`${h.storesUrl}/${ids[0]}`);

      const seen: string[] = [];
      let url: string | undefined = `${h.storesUrl}?limit=3`;
      let pages = 0;
      while (url) {
        const page = await h.call("GET", url);
        expect(page.status).toBe(200);
        expect(page.json._embedded.stores.length).toBeLessThanOrEqual(3);
        seen.push(...page.json._embedded.stores.map((s: { id: string }) => s.id));
        url = page.json._links.next?.href;
        if (url) expect(new URL(url).searchParams.get("cursor")).toBeTruthy();
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);

      const badLimit = await h.call("GET", `${h.storesUrl}?limit=0`);
      expect(badLimit.status).toBe(400);
      expect(badLimit.json.details[0].target).toBe("limit");
      const badCursor = await h.call("GET", `${h.storesUrl}?cursor=garbage`);
      expect(badCursor.status).toBe(400);
      expect(badCursor.json.details[0].target).toBe("cursor");
    } finally {
      await h.close();
    }
  });
});

describe("secrets on read", () => {
  const secretsOf = (c: Record<string, unknown>) => ({ pw: c.BASIC_AUTH_PASSWORD, user: c.BASIC_AUTH_USER });

  test.each([
    ["plaintext", "BasicPassword"],
    ["masked", MASKED_SECRET],
    ["omitted", undefined],
  ] as const)("%s", async (mode, expected) => {
    const h = await harness({ secretsOnRead: mode });
    try {
      const created = await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
      expect(secretsOf(created.json.configuration)).toEqual({ pw: expected, user: "basicUserName" });
      expect("BASIC_AUTH_PASSWORD" in created.json.configuration).toBe(mode !== "omitted");
      const got = await h.call("GET", `${h.storesUrl}/${created.json.id}`);
      expect(secretsOf(got.json.configuration)).toEqual({ pw: expected, user: "basicUserName" });
      const listed = await h.call("GET", h.storesUrl);
      expect(secretsOf(listed.json._embedded.stores[0].configuration)).toEqual({ pw: expected, user: "basicUserName" });
      const put = await h.call("PUT", `${h.storesUrl}/${created.json.id}`, SEED_SCIM_UPDATE);
      expect(secretsOf(put.json.configuration)).toEqual({ pw: expected, user: "basicUserName" });

      const sf = await h.call("POST", h.storesUrl, SEED_SALESFORCE_CREATE);
      for (const key of ["CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"]) {
        const plain = (SEED_SALESFORCE_CREATE.configuration as Record<string, unknown>)[key];
        expect(sf.json.configuration[key]).toBe(mode === "plaintext" ? plain : expected);
      }
      expect(sf.json.configuration.CLIENT_ID).toBe(SEED_SALESFORCE_CREATE.configuration.CLIENT_ID);
    } finally {
      await h.close();
    }
  });
});

describe("persistence", () => {
  test("stores and rules survive a restart on the same data directory", async () => {
    const h = await harness();
    const store = (await h.call("POST", h.storesUrl, SEED_SCIM_CREATE)).json;
    const other = (await h.call("POST", h.storesUrl, { type: "directory", name: "dir" })).json;
    const plan = (await h.call("POST", h.envUrl("propagation/plans"), { name: "plan" })).json;
    const rule = (
      await h.call("POST", h.envUrl(`propagation/plans/${plan.id}/rules`), {
        name: "r",
        sourceStore: { id: other.id },
        targetStore: { id: store.id },
      })
    ).json;
    await h.close();

    const api = await startLocalApi({ dataDir: h.dataDir });
    try {
      const token = await getToken(api);
      const auth = { Authorization: `Bearer ${token}` };
      const base = `${api.url}/v1/environments/${h.env}/propagation`;
      const got = await request(`${base}/stores/${store.id}`, "GET", undefined, auth);
      expect(got.status).toBe(200);
      expect({ ...got.json, _links: undefined }).toEqual({ ...store, _links: undefined });
      expect((await request(`${base}/rules/${rule.id}`, "GET", undefined, auth)).status).toBe(200);
      expect((await request(`${base}/stores/${store.id}`, "DELETE", undefined, auth)).status).toBe(409);
      // the old server's token is not valid on the new one (tokens live in memory)
      expect((await request(`${base}/stores`, "GET", undefined, { Authorization: `Bearer ${h.token}` })).status).toBe(401);
    } finally {
      await api.close();
    }
  });
});

describe("unknownKeys: reject", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ unknownKeys: "reject" });
  });
  afterAll(() => h.close());

  test("a misspelled configuration key is a 400 naming it, on create, update and connection check alike", async () => {
    const misspelled = { ...SEED_SCIM_CREATE, configuration: { ...SEED_SCIM_CREATE.configuration, USERS_RESORUCE: "/Users" } };
    const detail = {
      code: "INVALID_VALUE",
      target: "configuration.USERS_RESORUCE",
      message: "USERS_RESORUCE is not a configuration key of type scim",
    };
    const create = await h.call("POST", h.storesUrl, misspelled);
    expect(create.status).toBe(400);
    expect(create.json.details).toEqual([detail]);

    const created = await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
    expect(created.status).toBe(201);
    const update = await h.call("PUT", `${h.storesUrl}/${created.json.id}`, misspelled);
    expect(update.status).toBe(400);
    expect(update.json.details).toEqual([detail]);

    const check = await h.call("POST", `${h.storesUrl}/connection/status`, misspelled, { "Content-Type": CONNECTION_CHECK_MEDIA_TYPE });
    expect(check.status).toBe(400);
    expect(check.json.details).toEqual([detail]);
  });

  test("every documented key is still accepted, and so is the key the server itself adds", async () => {
    const read = await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
    expect(read.status).toBe(201);
    // A client that writes back what it read (freezeAccountOnDeprovisioning: "false" included) is not refused.
    const writeBack = await h.call("PUT", `${h.storesUrl}/${read.json.id}`, {
      type: "scim",
      name: read.json.name,
      configuration: read.json.configuration,
    });
    expect(writeBack.status).toBe(200);
    const workday = await h.call("POST", h.storesUrl, {
      type: "Workday",
      name: "WorkdayTest",
      configuration: {
        username: "u",
        password: "p",
        tenantId: "t",
        subdomain: "subdomain",
        host: "example.workday.com",
        integrationSystemIds: "INT1",
      },
    });
    expect(workday.status).toBe(201);
  });

  test("startLocalApi refuses a mode it does not know", async () => {
    await expect(startLocalApi({ dataDir: tempDir(), unknownKeys: "ignore" as never })).rejects.toThrow(
      "unknownKeys must be accept, reject",
    );
  });
});
