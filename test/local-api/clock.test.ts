/**
 * The server's clock offset (`clockOffsetMs`, `--clock-offset-ms`, `PUT /__admin/clock`): every time the server
 * reports or reads follows it, so a client whose clock disagrees with the server's can be tested.
 */
import { getToken, harness, request, SEED_SCIM_CREATE, type Harness } from "./helpers";

const FIVE_MINUTES = 5 * 60_000;

/** True when `timestamp` is within `toleranceMs` of `expectedMs`: the machine's clock moves while the test runs. */
function near(timestamp: string | number, expectedMs: number, toleranceMs = 10_000): boolean {
  return Math.abs(new Date(timestamp).getTime() - expectedMs) <= toleranceMs;
}

describe.each([-FIVE_MINUTES, FIVE_MINUTES])("a server %i ms off the machine's clock", (offset) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ clockOffsetMs: offset });
  });
  afterAll(() => h.close());

  test("createdAt, updatedAt and the Date header follow the server's clock, not the machine's", async () => {
    const created = await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
    expect(created.status).toBe(201);
    // Five minutes is far beyond any test's duration: "near the offset clock" cannot be "near the machine's".
    expect(near(created.json.createdAt, Date.now() + offset)).toBe(true);
    expect(near(created.headers.get("date")!, Date.now() + offset)).toBe(true);
    const updated = await h.call("PUT", `${h.storesUrl}/${created.json.id}`, { ...SEED_SCIM_CREATE, description: "again" });
    expect(near(updated.json.updatedAt, Date.now() + offset)).toBe(true);
    expect(updated.json.createdAt).toBe(created.json.createdAt);
    // Every reply carries it, errors and the token endpoint included.
    const missing = await h.call("GET", `${h.storesUrl}/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(near(missing.headers.get("date")!, Date.now() + offset)).toBe(true);
    const log = (await request(`${h.api.url}/__admin/requests`, "GET")).json as Array<{ time: string }>;
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) expect(near(entry.time, Date.now() + offset)).toBe(true);
  });

  test("GET /__admin/clock reports the offset and the server's time", async () => {
    const clock = await request(`${h.api.url}/__admin/clock`, "GET");
    expect(clock.json.offsetMs).toBe(offset);
    expect(near(clock.json.now, Date.now() + offset)).toBe(true);
  });
});

describe("the clock moved while the server runs (PUT /__admin/clock)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ tokenLifetimeSeconds: 60 });
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await request(`${h.api.url}/__admin/clock`, "PUT", { offsetMs: 0 });
  });

  test("token expiry follows the server's clock: a jump past the lifetime expires the token", async () => {
    const token = await getToken(h.api);
    const call = () => request(h.storesUrl, "GET", undefined, { Authorization: `Bearer ${token}` });
    expect((await call()).status).toBe(200);
    expect((await request(`${h.api.url}/__admin/clock`, "PUT", { offsetMs: 61_000 })).status).toBe(200);
    const expired = await call();
    expect(expired.status).toBe(401);
    expect(expired.json.details[0].message).toMatch(/expired/);
    // A token issued on the moved clock lives its full lifetime on that clock.
    const fresh = await getToken(h.api);
    expect((await request(h.storesUrl, "GET", undefined, { Authorization: `Bearer ${fresh}` })).status).toBe(200);
  });

  test("a bad offset is a 400 naming offsetMs", async () => {
    const res = await request(`${h.api.url}/__admin/clock`, "PUT", { offsetMs: "soon" });
    expect(res.status).toBe(400);
    expect(res.json.details[0].target).toBe("offsetMs");
  });
});
