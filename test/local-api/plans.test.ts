/** Contract tests for propagation plans, over real HTTP against the local API. */
import { DEFAULT_ENVIRONMENT_ID } from "../../local-api";
import { createPipeline, DOC_MAPPING_CREATE, harness, postRule, request, seedGroup, type Harness } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECOND_ENV = "bbbbbbbb-0000-4000-8000-00000000000b";

describe("propagation plans", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ environmentIds: [DEFAULT_ENVIRONMENT_ID, SECOND_ENV] });
  });
  afterAll(() => h.close());
  beforeEach(() => request(`${h.api.url}/__admin/reset`, "POST"));

  const plansUrl = () => h.envUrl("propagation/plans");

  test("the documented create body gives a 201 INACTIVE plan; read and list return it", async () => {
    const res = await h.call("POST", plansUrl(), { name: "Default Plan" });
    expect(res.status).toBe(201);
    const href = `${plansUrl()}/${res.json.id}`;
    expect(res.json).toEqual({
      id: expect.stringMatching(UUID),
      environment: { id: h.env },
      name: "Default Plan",
      status: "INACTIVE",
      _links: { self: { href } },
    });
    expect(res.headers.get("location")).toBe(href);
    expect((await h.call("GET", href)).json).toEqual(res.json);
    const list = await h.call("GET", plansUrl());
    expect(list.status).toBe(200);
    expect(list.json._embedded.plans).toEqual([res.json]);
  });

  test("one plan per environment: a second create is 400 naming the existing plan; another environment has its own", async () => {
    const first = (await h.call("POST", plansUrl(), { name: "Default Plan", status: "ACTIVE" })).json;
    expect(first.status).toBe("ACTIVE");
    const second = await h.call("POST", plansUrl(), { name: "Another Plan" });
    expect(second.status).toBe(400);
    expect(second.json).toEqual({
      id: expect.stringMatching(UUID),
      code: "INVALID_DATA",
      message: expect.any(String),
      details: [
        {
          code: "UNIQUENESS_VIOLATION",
          message: `Environment ${h.env} already has a propagation plan (${first.id}); only one plan per environment is allowed.`,
        },
      ],
    });
    expect((await h.call("GET", plansUrl())).json._embedded.plans.map((plan: { id: string }) => plan.id)).toEqual([first.id]);

    const other = await h.call("POST", h.envUrl("propagation/plans", SECOND_ENV), { name: "Default Plan" });
    expect(other.status).toBe(201);
    expect(other.json.environment).toEqual({ id: SECOND_ENV });
    // each environment lists only its own plan, and reads are scoped to it
    expect((await h.call("GET", h.envUrl("propagation/plans", SECOND_ENV))).json._embedded.plans).toEqual([other.json]);
    expect((await h.call("GET", `${plansUrl()}/${other.json.id}`)).status).toBe(404);
  });

  test("bad bodies are refused with PingOne's error shape, naming the property, and nothing is written", async () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, "REQUIRED_VALUE", "name"],
      [{ name: "" }, "REQUIRED_VALUE", "name"],
      [{ name: 42 }, "INVALID_VALUE", "name"],
      [{ name: "p", status: "RUNNING" }, "INVALID_VALUE", "status"],
      [{ name: "p", status: true }, "INVALID_VALUE", "status"],
    ];
    for (const [body, code, target] of cases) {
      const res = await h.call("POST", plansUrl(), body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: "INVALID_DATA", details: [{ code, target, message: expect.stringContaining(target) }] });
      expect(res.json.id).toMatch(UUID);
    }
    expect((await h.call("POST", plansUrl(), [{ name: "p" }])).json).toMatchObject({ code: "INVALID_DATA" });
    const notJson = await h.call("POST", plansUrl(), "{name:", { "Content-Type": "application/json" });
    expect(notJson.status).toBe(400);
    expect(notJson.json.code).toBe("INVALID_REQUEST");
    expect((await h.call("POST", plansUrl(), JSON.stringify({ name: "p" }), { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await h.call("GET", plansUrl())).json._embedded.plans).toEqual([]);
  });

  test("PUT replaces the name; a status not sent is kept; bad updates change nothing", async () => {
    const plan = (await h.call("POST", plansUrl(), { name: "Default Plan" })).json;
    const href = `${plansUrl()}/${plan.id}`;
    const activated = await h.call("PUT", href, { name: "Renamed", status: "ACTIVE" });
    expect(activated.status).toBe(200);
    expect(activated.json).toEqual({ ...plan, name: "Renamed", status: "ACTIVE" });
    const renamed = await h.call("PUT", href, { name: "Renamed again" });
    expect(renamed.json.status).toBe("ACTIVE");
    const refused = await h.call("PUT", href, { status: "INACTIVE" });
    expect(refused.status).toBe(400);
    expect(refused.json.details).toEqual([expect.objectContaining({ code: "REQUIRED_VALUE", target: "name" })]);
    expect((await h.call("GET", href)).json).toEqual(renamed.json);
  });

  test("an unknown plan is 404 for every method; methods the API lacks are 405", async () => {
    const missing = `${plansUrl()}/00000000-0000-4000-8000-000000000000`;
    for (const method of ["GET", "PUT", "DELETE"]) {
      const res = await h.call(method, missing, method === "PUT" ? { name: "x" } : undefined);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: "NOT_FOUND", id: expect.stringMatching(UUID) });
    }
    expect((await h.call("GET", `${missing}/rules`)).status).toBe(404);
    expect((await h.call("DELETE", plansUrl())).status).toBe(405);
    const plan = (await h.call("POST", plansUrl(), { name: "p" })).json;
    expect((await h.call("PATCH", `${plansUrl()}/${plan.id}`, { name: "x" })).json.code).toBe("METHOD_NOT_ALLOWED");
  });

  test("plans/{id}/rules lists the plan's rules", async () => {
    const pipeline = await createPipeline(h);
    const first = (await postRule(h, pipeline, { name: "first" })).json;
    const second = (await postRule(h, pipeline, { name: "second" })).json;
    const list = await h.call("GET", `${plansUrl()}/${pipeline.plan.id}/rules`);
    expect(list.status).toBe(200);
    expect(list.json._embedded.rules).toEqual([first, second]);
    expect(list.json._links.self.href).toBe(`${plansUrl()}/${pipeline.plan.id}/rules`);
  });

  test("deleting a plan deletes its rules and their mappings; the stores remain and are no longer held", async () => {
    const pipeline = await createPipeline(h);
    const rules = [(await postRule(h, pipeline, { name: "one" })).json, (await postRule(h, pipeline, { name: "two" })).json];
    const mappings = [];
    for (const rule of rules) {
      const res = await h.call("POST", h.envUrl(`propagation/rules/${rule.id}/mappings`), DOC_MAPPING_CREATE);
      expect(res.status).toBe(201);
      mappings.push(res.json);
    }
    // while a rule uses it, the target store cannot be deleted
    expect((await h.call("DELETE", `${h.storesUrl}/${pipeline.target.id}`)).status).toBe(409);

    const deleted = await h.call("DELETE", `${plansUrl()}/${pipeline.plan.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBeUndefined();
    expect((await h.call("GET", `${plansUrl()}/${pipeline.plan.id}`)).status).toBe(404);
    for (const rule of rules) expect((await h.call("GET", h.envUrl(`propagation/rules/${rule.id}`))).status).toBe(404);
    for (const mapping of mappings) expect((await h.call("GET", h.envUrl(`propagation/mappings/${mapping.id}`))).status).toBe(404);
    expect((await h.call("GET", h.envUrl("propagation/rules"))).json._embedded.rules).toEqual([]);
    expect((await h.call("GET", `${h.storesUrl}/${pipeline.source.id}`)).status).toBe(200);
    expect((await h.call("GET", `${h.storesUrl}/${pipeline.target.id}`)).status).toBe(200);
    // a new plan may now be created, and the stores deleted
    expect((await h.call("POST", plansUrl(), { name: "Next Plan" })).status).toBe(201);
    expect((await h.call("DELETE", `${h.storesUrl}/${pipeline.target.id}`)).status).toBe(204);
  });

  test("/__admin/reset clears plans, rules, mappings, revisions and groups", async () => {
    const pipeline = await createPipeline(h);
    const rule = (await postRule(h, pipeline)).json;
    expect((await h.call("POST", h.envUrl(`propagation/rules/${rule.id}/mappings`), DOC_MAPPING_CREATE)).status).toBe(201);
    expect((await h.call("POST", h.envUrl("propagation/revisions"))).status).toBe(201);
    await seedGroup(h, "Sales");

    expect((await request(`${h.api.url}/__admin/reset`, "POST")).status).toBe(204);
    expect((await h.call("GET", plansUrl())).json._embedded.plans).toEqual([]);
    expect((await h.call("GET", h.envUrl("propagation/rules"))).json._embedded.rules).toEqual([]);
    expect((await h.call("GET", h.envUrl(`propagation/rules/${rule.id}/mappings`))).status).toBe(404);
    expect((await h.call("GET", h.envUrl("propagation/revisions/id:latest"))).status).toBe(404);
    expect((await request(`${h.api.url}/__admin/revisions`, "GET")).json).toEqual([]);
    expect((await h.call("GET", h.envUrl("groups"))).json._embedded.groups).toEqual([]);
    expect((await h.call("GET", h.storesUrl)).json._embedded.stores).toEqual([]);
  });
});
