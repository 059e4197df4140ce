import { spawn } from "node:child_process";
import { harness, request, SEED_SCIM_CREATE, type Harness } from "./helpers";

/** A request that may be dropped: resolves to the status, or "dropped" when the connection dies unanswered. */
async function attempt(h: Harness, method: string, url: string, body?: unknown): Promise<number | "dropped"> {
  try {
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${h.token}`, ...(body ? { "Content-Type": "application/json" } : {}), Connection: "close" },
      body: body ? JSON.stringify(body) : undefined,
    });
    await res.text();
    return res.status;
  } catch {
    return "dropped";
  }
}

const setFaults = (h: Harness, faults: Record<string, number>) => request(`${h.api.url}/__admin/faults`, "PUT", faults);

describe("fault injection", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secretsOnRead: "plaintext" });
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await setFaults(h, {});
  });

  test("429 REQUEST_LIMITED with Retry-After", async () => {
    await setFaults(h, { rate429: 1, retryAfterSeconds: 7 });
    const res = await h.call("GET", h.storesUrl);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.json).toMatchObject({ code: "REQUEST_LIMITED", id: expect.any(String), details: [{ code: "LIMIT_EXCEEDED" }] });
  });

  test.each([
    [500, "rate500", "UNEXPECTED_ERROR"],
    [502, "rate502", "BAD_GATEWAY"],
    [503, "rate503", "SERVICE_UNAVAILABLE"],
  ])("%i with a PingOne-shaped body", async (status, key, code) => {
    await setFaults(h, { [key]: 1 });
    const res = await h.call("GET", h.storesUrl);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ id: expect.any(String), code, message: expect.any(String) });
    if (status === 503) expect(res.headers.get("retry-after")).toBe("1");
  });

  test("faults never touch token, SCIM or admin routes", async () => {
    await setFaults(h, { rate500: 1 });
    const token = await request(`${h.api.url}/${h.env}/as/token`, "POST", "grant_type=client_credentials", {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${h.api.clientId}:${h.api.clientSecret}`).toString("base64")}`,
    });
    expect(token.status).toBe(200);
    expect((await request(`${h.api.url}/scim/v2/Users`, "GET")).status).toBe(401); // auth, not a fault
    expect((await request(`${h.api.url}/__admin/health`, "GET")).status).toBe(200);
  });

  test("latency is added to API requests", async () => {
    await setFaults(h, { latencyMs: 150 });
    const started = Date.now();
    expect((await h.call("GET", h.storesUrl)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const counters = await request(`${h.api.url}/__admin/faults`, "GET");
    expect(counters.json.injected.latency).toBe(1);
  });

  test("a dropped connection gets no response and writes nothing", async () => {
    await setFaults(h, { dropRate: 1 });
    expect(await attempt(h, "POST", h.storesUrl, { type: "directory", name: "never" })).toBe("dropped");
    await setFaults(h, {});
    const list = await h.call("GET", h.storesUrl);
    expect(list.json._embedded.stores.map((s: { name: string }) => s.name)).not.toContain("never");
  });

  test("drop-write-before drops POST, PUT and DELETE unanswered before performing them; GET is unaffected", async () => {
    const created = await h.call("POST", h.storesUrl, { type: "directory", name: "kept" });
    await setFaults(h, { dropWriteBeforeRate: 1 });
    expect(await attempt(h, "POST", h.storesUrl, { type: "directory", name: "never written" })).toBe("dropped");
    expect(await attempt(h, "PUT", `${h.storesUrl}/${created.json.id}`, { type: "directory", name: "never renamed" })).toBe("dropped");
    expect(await attempt(h, "DELETE", `${h.storesUrl}/${created.json.id}`)).toBe("dropped");
    const list = await h.call("GET", h.storesUrl);
    expect(list.status).toBe(200);
    expect(list.json._embedded.stores.map((s: { name: string }) => s.name)).toContain("kept");
    expect(list.json._embedded.stores.map((s: { name: string }) => s.name)).not.toContain("never written");
    const snapshot = await request(`${h.api.url}/__admin/faults`, "GET");
    expect(snapshot.json.injected).toMatchObject({ dropWriteBefore: 3, drop: 0, commitThenDrop: 0 });
    const log = (await request(`${h.api.url}/__admin/requests`, "GET")).json as Array<{
      method: string;
      fault?: string;
      status: number | null;
    }>;
    expect(log.filter((e) => e.fault === "dropWriteBefore").map((e) => [e.method, e.status])).toEqual([
      ["POST", null],
      ["PUT", null],
      ["DELETE", null],
    ]);
    await setFaults(h, {});
    expect((await h.call("GET", `${h.storesUrl}/${created.json.id}`)).json.name).toBe("kept");
  });

  test("commit-then-drop performs the POST and PUT but drops their responses; GET is unaffected", async () => {
    await setFaults(h, { commitThenDropRate: 1 });
    expect(await attempt(h, "POST", h.storesUrl, { type: "directory", name: "committed" })).toBe("dropped");
    // GET is never a commit-then-drop candidate
    const list = await h.call("GET", h.storesUrl);
    expect(list.status).toBe(200);
    const stored = list.json._embedded.stores.find((s: { name: string }) => s.name === "committed");
    expect(stored).toBeDefined();
    expect(await attempt(h, "PUT", `${h.storesUrl}/${stored.id}`, { type: "directory", name: "committed again" })).toBe("dropped");
    const snapshot = await request(`${h.api.url}/__admin/faults`, "GET");
    expect(snapshot.json.injected.commitThenDrop).toBe(2);
    await setFaults(h, {});
    expect((await h.call("GET", `${h.storesUrl}/${stored.id}`)).json.name).toBe("committed again");
  });

  test("a held write response: the write commits at once, the answer comes later, reads are not held", async () => {
    await setFaults(h, { holdWriteResponseMs: 1500 });
    let answered = false;
    const create = h.call("POST", h.storesUrl, { type: "directory", name: "held" }).finally(() => (answered = true));
    // The store is there while its creator still waits for the answer (the GETs are not held).
    let names: string[] = [];
    while (!names.includes("held")) names = (await h.call("GET", h.storesUrl)).json._embedded.stores.map((s: { name: string }) => s.name);
    expect(answered).toBe(false);
    const created = await create;
    expect(created.status).toBe(201);
    expect(created.json.name).toBe("held");
    expect((await request(`${h.api.url}/__admin/faults`, "GET")).json.injected.heldResponse).toBe(1);
  });

  test("a client killed while its write is held: committed, logged as heldResponse, the hold ends", async () => {
    await setFaults(h, { holdWriteResponseMs: 600_000 });
    await request(`${h.api.url}/__admin/requests`, "DELETE");
    // A separate process, killed outright, as the engine's provider is by SIGKILL: its kernel half-closes the socket.
    const script = `fetch(process.argv[1], { method: "POST", headers: { authorization: "Bearer " + process.argv[2], "content-type": "application/json" }, body: JSON.stringify({ type: "directory", name: "abandoned" }) })`;
    const client = spawn(process.execPath, ["-e", script, h.storesUrl, h.token], { stdio: "ignore" });
    const exited = new Promise((resolve) => client.once("exit", (_code, signal) => resolve(signal)));
    let names: string[] = [];
    while (!names.includes("abandoned"))
      names = (await h.call("GET", h.storesUrl)).json._embedded.stores.map((s: { name: string }) => s.name);
    client.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    let log: Array<{ method: string; status: number | null; fault?: string }> = [];
    while (!log.some((e) => e.method === "POST")) log = (await request(`${h.api.url}/__admin/requests`, "GET")).json;
    expect(log.find((e) => e.method === "POST")).toMatchObject({ status: 201, fault: "heldResponse" });
  });

  test("GET /__admin/faults returns the options and per-kind counters; bad options are 400", async () => {
    await setFaults(h, { rate503: 1, retryAfterSeconds: 2 });
    await h.call("GET", h.storesUrl);
    await h.call("GET", h.storesUrl);
    const res = await request(`${h.api.url}/__admin/faults`, "GET");
    expect(res.json.faults).toEqual({ rate503: 1, retryAfterSeconds: 2 });
    expect(res.json.injected).toMatchObject({ "503": 2, "429": 0, "500": 0, "502": 0, drop: 0, commitThenDrop: 0 });
    expect((await setFaults(h, { rate500: 2 })).status).toBe(400);
    expect((await setFaults(h, { nonsense: 1 })).status).toBe(400);
  });

  test("a seeded mixed run is reproducible", async () => {
    const run = async () => {
      await setFaults(h, { seed: 42, rate429: 0.2, rate500: 0.15, rate502: 0.1, rate503: 0.1 } as Record<string, number>);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await h.call("GET", h.storesUrl)).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(new Set(first).size).toBeGreaterThanOrEqual(3); // a real mix
    expect(first).toContain(200);
  });

  test("faults configured at start with a seed reproduce across servers", async () => {
    const statuses = async () => {
      const s = await harness({ seed: 7, faults: { rate500: 0.5 } });
      try {
        const out: number[] = [];
        for (let i = 0; i < 12; i++) out.push((await s.call("GET", s.storesUrl)).status);
        return out;
      } finally {
        await s.close();
      }
    };
    const a = await statuses();
    expect(await statuses()).toEqual(a);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });
});

describe("request log", () => {
  test("records method, path, status, time, duration and faults, never secrets or Authorization", async () => {
    const h = await harness();
    try {
      await request(`${h.api.url}/__admin/requests`, "DELETE");
      const created = await h.call("POST", `${h.storesUrl}?token=${"q-secret-value"}`, SEED_SCIM_CREATE);
      expect(created.status).toBe(201);
      await h.call("PUT", `${h.storesUrl}/${created.json.id}`, SEED_SCIM_CREATE);
      await setFaults(h, { dropRate: 1 });
      expect(await attempt(h, "GET", h.storesUrl)).toBe("dropped");
      await setFaults(h, {});

      const res = await request(`${h.api.url}/__admin/requests`, "GET");
      expect(res.status).toBe(200);
      const log = res.json as Array<Record<string, unknown>>;
      expect(log[0]).toEqual({
        method: "POST",
        path: `/v1/environments/${h.env}/propagation/stores`,
        status: 201,
        time: expect.any(String),
        durationMs: expect.any(Number),
      });
      expect(log[1]).toMatchObject({ method: "PUT", status: 200 });
      expect(log[2]).toMatchObject({ method: "GET", status: null, fault: "drop" });
      expect(log.every((e) => !String(e.path).startsWith("/__admin"))).toBe(true);

      const text = JSON.stringify(log);
      for (const secret of ["BasicPassword", "basicUserName", h.token, h.api.clientSecret, "q-secret-value", "Bearer", "Authorization"]) {
        expect(text).not.toContain(secret);
      }

      expect((await request(`${h.api.url}/__admin/requests`, "DELETE")).status).toBe(204);
      expect((await request(`${h.api.url}/__admin/requests`, "GET")).json).toEqual([]);
    } finally {
      await h.close();
    }
  });

  test("the log option gets one line per request, without secrets", async () => {
    const lines: string[] = [];
    const h = await harness({ log: (l) => lines.push(l) });
    try {
      await h.call("POST", h.storesUrl, SEED_SCIM_CREATE);
      const joined = lines.join("\n");
      expect(joined).toMatch(/POST \/v1\/environments\/[^ ]+\/propagation\/stores 201/);
      expect(joined).not.toContain("BasicPassword");
      expect(joined).not.toContain(h.token);
    } finally {
      await h.close();
    }
  });
});
