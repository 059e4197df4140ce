import { startLocalApi, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_ENVIRONMENT_ID, type LocalApi } from "../../local-api";
import { request, tempDir } from "./helpers";

const form = { "Content-Type": "application/x-www-form-urlencoded" };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

describe("token endpoint", () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startLocalApi({ dataDir: tempDir(), tokenLifetimeSeconds: 1 });
  });
  afterAll(() => api.close());

  const tokenUrl = () => `${api.url}/${DEFAULT_ENVIRONMENT_ID}/as/token`;
  const storesUrl = () => `${api.url}/v1/environments/${DEFAULT_ENVIRONMENT_ID}/propagation/stores`;

  test("defaults are the exported constants", () => {
    expect(api.clientId).toBe(DEFAULT_CLIENT_ID);
    expect(api.clientSecret).toBe(DEFAULT_CLIENT_SECRET);
    expect(api.environmentIds).toEqual([DEFAULT_ENVIRONMENT_ID]);
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("client_credentials with HTTP Basic", async () => {
    const res = await request(tokenUrl(), "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(api.clientId, api.clientSecret),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 1 });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  test("client_credentials with form fields", async () => {
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: api.clientId,
      client_secret: api.clientSecret,
    }).toString();
    const res = await request(tokenUrl(), "POST", body, form);
    expect(res.status).toBe(200);
    expect(res.json.token_type).toBe("Bearer");
    const list = await request(storesUrl(), "GET", undefined, { Authorization: `Bearer ${res.json.access_token}` });
    expect(list.status).toBe(200);
  });

  test("a wrong secret or unknown client is 401 invalid_client", async () => {
    const wrong = await request(tokenUrl(), "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(api.clientId, "nope"),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe("invalid_client");
    expect(typeof wrong.json.error_description).toBe("string");
    const none = await request(tokenUrl(), "POST", "grant_type=client_credentials", form);
    expect(none.status).toBe(401);
    expect(none.json.error).toBe("invalid_client");
  });

  test("an unsupported grant is 400 unsupported_grant_type", async () => {
    const res = await request(tokenUrl(), "POST", "grant_type=password&username=a&password=b", {
      ...form,
      Authorization: basic(api.clientId, api.clientSecret),
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("unsupported_grant_type");
  });

  test("an unknown environment is 404 NOT_FOUND", async () => {
    const res = await request(`${api.url}/11111111-2222-3333-4444-555555555555/as/token`, "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(api.clientId, api.clientSecret),
    });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe("NOT_FOUND");
  });

  test("missing, invalid and expired tokens are 401 ACCESS_FAILED / INVALID_TOKEN with WWW-Authenticate", async () => {
    const missing = await request(storesUrl(), "GET");
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ code: "ACCESS_FAILED", details: [{ code: "INVALID_TOKEN" }] });
    expect(missing.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);

    const invalid = await request(storesUrl(), "GET", undefined, { Authorization: "Bearer not-a-token" });
    expect(invalid.status).toBe(401);
    expect(invalid.json.details[0].code).toBe("INVALID_TOKEN");

    const t = await request(tokenUrl(), "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(api.clientId, api.clientSecret),
    });
    const auth = { Authorization: `Bearer ${t.json.access_token}` };
    expect((await request(storesUrl(), "GET", undefined, auth)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await request(storesUrl(), "GET", undefined, auth);
    expect(expired.status).toBe(401);
    expect(expired.json.details[0]).toMatchObject({ code: "INVALID_TOKEN", message: expect.stringMatching(/expired/) });
  });

  test("POST /__admin/revoke-tokens revokes every issued token", async () => {
    const t = await request(tokenUrl(), "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(api.clientId, api.clientSecret),
    });
    const auth = { Authorization: `Bearer ${t.json.access_token}` };
    expect((await request(storesUrl(), "GET", undefined, auth)).status).toBe(200);
    const revoke = await request(`${api.url}/__admin/revoke-tokens`, "POST");
    expect(revoke.status).toBe(200);
    expect(revoke.json.revoked).toBeGreaterThanOrEqual(1);
    expect((await request(storesUrl(), "GET", undefined, auth)).status).toBe(401);
  });
});

describe("token endpoint with custom client and environments", () => {
  test("custom credentials; the worker token works in every configured environment", async () => {
    const envs = ["aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"];
    const api = await startLocalApi({ dataDir: tempDir(), clientId: "my-client", clientSecret: "my-secret", environmentIds: envs });
    try {
      const t = await request(`${api.url}/${envs[0]}/as/token`, "POST", "grant_type=client_credentials", {
        ...form,
        Authorization: basic("my-client", "my-secret"),
      });
      expect(t.status).toBe(200);
      for (const env of envs) {
        const res = await request(`${api.url}/v1/environments/${env}/propagation/stores`, "GET", undefined, {
          Authorization: `Bearer ${t.json.access_token}`,
        });
        expect(res.status).toBe(200);
      }
      const other = await request(`${api.url}/v1/environments/${DEFAULT_ENVIRONMENT_ID}/propagation/stores`, "GET", undefined, {
        Authorization: `Bearer ${t.json.access_token}`,
      });
      expect(other.status).toBe(404);
      expect(other.json.code).toBe("NOT_FOUND");
    } finally {
      await api.close();
    }
  });
});

describe("a worker application without the propagation role (rolelessClient)", () => {
  const roleless = { clientId: "roleless-client", clientSecret: "roleless-S3CRET-local" };
  let api: LocalApi;
  beforeAll(async () => {
    api = await startLocalApi({ dataDir: tempDir(), rolelessClient: roleless });
  });
  afterAll(() => api.close());

  test("gets a token, and every /v1 call with it is PingOne's 403 ACCESS_FAILED / INSUFFICIENT_PERMISSIONS", async () => {
    expect(api.rolelessClient).toEqual(roleless);
    const token = await request(`${api.url}/${DEFAULT_ENVIRONMENT_ID}/as/token`, "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(roleless.clientId, roleless.clientSecret),
    });
    expect(token.status).toBe(200);
    const storesUrl = `${api.url}/v1/environments/${DEFAULT_ENVIRONMENT_ID}/propagation/stores`;
    const bearer = { Authorization: `Bearer ${token.json.access_token}` };
    for (const [method, url, body] of [
      ["GET", storesUrl, undefined],
      ["POST", storesUrl, { type: "directory", name: "never" }],
      ["GET", `${api.url}/v1/environments/${DEFAULT_ENVIRONMENT_ID}/propagation/rules`, undefined],
    ] as const) {
      const res = await request(url, method, body, bearer);
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ id: expect.any(String), code: "ACCESS_FAILED", details: [{ code: "INSUFFICIENT_PERMISSIONS" }] });
    }
    // The worker application with the role still works, and nothing was written by the other.
    const worker = await request(`${api.url}/${DEFAULT_ENVIRONMENT_ID}/as/token`, "POST", "grant_type=client_credentials", {
      ...form,
      Authorization: basic(api.clientId, api.clientSecret),
    });
    const list = await request(storesUrl, "GET", undefined, { Authorization: `Bearer ${worker.json.access_token}` });
    expect(list.status).toBe(200);
    expect(list.json._embedded.stores).toEqual([]);
  });

  test("a roleless client must be a client of its own", async () => {
    await expect(startLocalApi({ dataDir: tempDir(), rolelessClient: { clientId: DEFAULT_CLIENT_ID, clientSecret: "x" } })).rejects.toThrow(
      /clientId other than/,
    );
  });
});
