/** Contract tests for propagation rules, over real HTTP against the local API. */
import * as path from "node:path";
import { DB_FILE_NAME, loadSqlite } from "../../local-api/db";
import { startLocalApi } from "../../local-api";
import {
  createPipeline,
  DOC_MAPPING_CREATE,
  getToken,
  harness,
  postRule,
  problems,
  request,
  seedGroup,
  tempDir,
  type Harness,
  type Pipeline,
} from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

/** An LdapGateway store with the keys every documented example carries. */
const LDAP_GATEWAY_STORE = {
  type: "LdapGateway",
  name: "Corporate LDAP",
  configuration: {
    CLIENT_ID: "gateway-client",
    CLIENT_SECRET: "gateway-secret",
    ENVIRONMENT_ID: "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90",
    GATEWAY_BASE_URL: "https://gateway.example.com",
    GATEWAY_ID: "5d0b8c2e-7f3a-4c1d-9e6b-2a4f8d1c3e70",
    LDAP_TYPE: "PingDirectory", // one of the two values the Create Store (LdapGateway) page allows
    OAUTH_URL: "https://auth.example.com/as/token",
  },
};

describe("propagation rules", () => {
  let h: Harness;
  let pipeline: Pipeline;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await request(`${h.api.url}/__admin/reset`, "POST");
    pipeline = await createPipeline(h);
  });

  const rulesUrl = () => h.envUrl("propagation/rules");
  const ruleCount = async () => (await h.call("GET", rulesUrl())).json._embedded.rules.length;

  test("the Workday step 7 example, on the plan-scoped path: 201 with every documented field", async () => {
    // WD step 7's body, with this pipeline's ids in its placeholders.
    const body = {
      plan: { id: pipeline.plan.id },
      environment: { id: h.env },
      sourceStore: { id: pipeline.source.id },
      targetStore: { id: pipeline.target.id },
      deprovision: true,
      name: "Workday Use Case Rule",
      description: "Workday use case rule description",
      populationExpression: 'population.id eq "5e5cf2d4-2e11-4efc-89f1-73110c277ded"',
    };
    const res = await h.call("POST", h.envUrl(`propagation/plans/${pipeline.plan.id}/rules`), body);
    expect(res.status).toBe(201);
    const self = `${rulesUrl()}/${res.json.id}`;
    expect(res.json).toEqual({
      id: expect.stringMatching(UUID),
      environment: { id: h.env },
      createdAt: expect.stringMatching(ISO),
      updatedAt: res.json.createdAt,
      plan: { id: pipeline.plan.id },
      sourceStore: { id: pipeline.source.id },
      targetStore: { id: pipeline.target.id },
      name: "Workday Use Case Rule",
      description: "Workday use case rule description",
      active: false,
      deprovision: true,
      populationExpression: body.populationExpression,
      _links: { self: { href: self }, create: { href: h.envUrl(`propagation/plans/${pipeline.plan.id}/rules`) } },
    });
    expect(res.headers.get("location")).toBe(self);
    expect((await h.call("GET", self)).json).toEqual(res.json);
    expect((await h.call("GET", rulesUrl())).json._embedded.rules).toEqual([res.json]);
  });

  test("both create paths: flat with plan.id, plan-scoped with or without it", async () => {
    const stores = { sourceStore: { id: pipeline.source.id }, targetStore: { id: pipeline.target.id } };
    const flat = await h.call("POST", rulesUrl(), { name: "flat", plan: { id: pipeline.plan.id }, ...stores });
    expect(flat.status).toBe(201);
    expect(flat.json.plan).toEqual({ id: pipeline.plan.id });
    const scoped = await h.call("POST", h.envUrl(`propagation/plans/${pipeline.plan.id}/rules`), { name: "scoped", ...stores });
    expect(scoped.status).toBe(201);
    expect(scoped.json.plan).toEqual({ id: pipeline.plan.id });

    const flatWithoutPlan = await h.call("POST", rulesUrl(), { name: "flat", ...stores });
    expect(flatWithoutPlan.status).toBe(400);
    expect(flatWithoutPlan.json.details).toEqual([expect.objectContaining({ code: "REQUIRED_VALUE", target: "plan.id" })]);
    const disagreeing = await h.call("POST", h.envUrl(`propagation/plans/${pipeline.plan.id}/rules`), {
      name: "x",
      plan: { id: NO_SUCH_ID },
      ...stores,
    });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.json.details).toEqual([expect.objectContaining({ code: "INVALID_VALUE", target: "plan.id" })]);
    expect(await ruleCount()).toBe(2);
  });

  test("an unknown plan, store, group or parent rule is refused, each detail naming its target, and nothing is written", async () => {
    const group = await seedGroup(h, "Sales");
    const unknownEverything = await h.call("POST", rulesUrl(), {
      name: "r",
      plan: { id: NO_SUCH_ID },
      sourceStore: { id: NO_SUCH_ID },
      targetStore: { id: NO_SUCH_ID },
      groups: [{ id: group.id }, { id: NO_SUCH_ID }],
      parentRule: { id: NO_SUCH_ID },
    });
    expect(unknownEverything.status).toBe(400);
    expect(unknownEverything.json).toMatchObject({ code: "INVALID_DATA", id: expect.stringMatching(UUID) });
    expect(problems(unknownEverything.json)).toEqual(
      [
        "INVALID_VALUE plan.id",
        "INVALID_VALUE sourceStore.id",
        "INVALID_VALUE targetStore.id",
        "INVALID_VALUE groups[1].id",
        "INVALID_VALUE parentRule.id",
      ].sort(),
    );
    for (const detail of unknownEverything.json.details) expect(detail.message).toContain(NO_SUCH_ID);

    const unknownPathPlan = await h.call("POST", h.envUrl(`propagation/plans/${NO_SUCH_ID}/rules`), {
      name: "r",
      sourceStore: { id: pipeline.source.id },
      targetStore: { id: pipeline.target.id },
    });
    expect(unknownPathPlan.status).toBe(400);
    expect(unknownPathPlan.json.details).toEqual([expect.objectContaining({ code: "INVALID_VALUE", target: "plan.id" })]);
    expect(await ruleCount()).toBe(0);
  });

  test("missing and mistyped fields are refused with their paths", async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [
        { name: undefined, sourceStore: undefined, targetStore: undefined },
        ["REQUIRED_VALUE name", "REQUIRED_VALUE sourceStore.id", "REQUIRED_VALUE targetStore.id"],
      ],
      [{ name: "" }, ["REQUIRED_VALUE name"]],
      [{ sourceStore: "not an object" }, ["INVALID_VALUE sourceStore"]],
      [{ targetStore: { id: 7 } }, ["INVALID_VALUE targetStore.id"]],
      [{ active: "yes" }, ["INVALID_VALUE active"]],
      [{ deprovision: 1 }, ["INVALID_VALUE deprovision"]],
      [{ description: false }, ["INVALID_VALUE description"]],
      [{ populationExpression: ["x"] }, ["INVALID_VALUE populationExpression"]],
      [{ groups: { id: "x" } }, ["INVALID_VALUE groups"]],
      [{ groups: ["x"] }, ["INVALID_VALUE groups[0].id"]],
      [{ populations: [{}] }, ["INVALID_VALUE populations[0].id"]],
      [{ configuration: "BASE_DN=x" }, ["INVALID_VALUE configuration"]],
      [{ environment: { id: NO_SUCH_ID } }, ["INVALID_VALUE environment.id"]],
    ];
    for (const [extra, expected] of cases) {
      const res = await postRule(h, pipeline, extra);
      expect(res.status).toBe(400);
      expect({ extra, got: problems(res.json) }).toEqual({ extra, got: [...expected].sort() });
    }
    expect((await h.call("POST", rulesUrl(), [])).status).toBe(400);
    expect((await h.call("POST", rulesUrl(), "{}", { "Content-Type": "text/plain" })).status).toBe(415);
    expect(await ruleCount()).toBe(0);
  });

  test("groups that exist, deprecated populations and a non-LDAP configuration are stored and echoed", async () => {
    const sales = await seedGroup(h, "Sales");
    const hr = await seedGroup(h, "HR");
    const res = await postRule(h, pipeline, {
      active: true,
      groups: [{ id: sales.id }, { id: hr.id }],
      populations: [{ id: "5e5cf2d4-2e11-4efc-89f1-73110c277ded" }],
      configuration: { ANY_KEY: "accepted as sent" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      active: true,
      groups: [{ id: sales.id }, { id: hr.id }],
      populations: [{ id: "5e5cf2d4-2e11-4efc-89f1-73110c277ded" }],
      configuration: { ANY_KEY: "accepted as sent" },
    });
  });

  test("a rule whose target is an LdapGateway store needs configuration.BASE_DN and RDN_ATTRIBUTE", async () => {
    const ldap = (await h.call("POST", h.storesUrl, LDAP_GATEWAY_STORE)).json;
    const toLdap = { targetStore: { id: ldap.id } };
    const without = await postRule(h, pipeline, toLdap);
    expect(without.status).toBe(400);
    expect(problems(without.json)).toEqual(["REQUIRED_VALUE configuration.BASE_DN", "REQUIRED_VALUE configuration.RDN_ATTRIBUTE"]);
    expect(without.json.details[0].message).toMatch(/LdapGateway/);
    const mistyped = await postRule(h, pipeline, { ...toLdap, configuration: { BASE_DN: 5, RDN_ATTRIBUTE: "" } });
    expect(problems(mistyped.json)).toEqual(["INVALID_VALUE configuration.BASE_DN", "REQUIRED_VALUE configuration.RDN_ATTRIBUTE"]);
    expect(await ruleCount()).toBe(0);

    const configuration = { BASE_DN: "ou=people,dc=example,dc=com", RDN_ATTRIBUTE: "uid" };
    const created = await postRule(h, pipeline, { ...toLdap, configuration });
    expect(created.status).toBe(201);
    expect(created.json.configuration).toEqual(configuration);
    // an update must keep the requirement too
    const dropped = await h.call("PUT", `${rulesUrl()}/${created.json.id}`, { name: "HR to LDAP" });
    expect(dropped.status).toBe(400);
    expect(problems(dropped.json)).toEqual(["REQUIRED_VALUE configuration.BASE_DN", "REQUIRED_VALUE configuration.RDN_ATTRIBUTE"]);
  });

  test("a writeback rule names an existing parent rule", async () => {
    const parent = (await postRule(h, pipeline, { name: "inbound" })).json;
    const writeback = await postRule(h, pipeline, { name: "Workday Writeback Rule", parentRule: { id: parent.id } });
    expect(writeback.status).toBe(201);
    expect(writeback.json.parentRule).toEqual({ id: parent.id });
  });

  test("PUT replaces the mutable fields, keeps active when not sent, and cannot change the plan, stores or parent", async () => {
    const group = await seedGroup(h, "Sales");
    const rule = (await postRule(h, pipeline, { description: "first", active: true, populationExpression: 'department eq "HR"' })).json;
    const href = `${rulesUrl()}/${rule.id}`;
    await new Promise((resolve) => setTimeout(resolve, 5)); // so updatedAt can differ from createdAt

    const updated = await h.call("PUT", href, {
      name: "renamed",
      populationExpression: 'department eq "Sales"',
      groups: [{ id: group.id }],
    });
    expect(updated.status).toBe(200);
    const { description: _dropped, ...kept } = rule;
    expect(updated.json).toEqual({
      ...kept,
      name: "renamed",
      active: true,
      populationExpression: 'department eq "Sales"',
      groups: [{ id: group.id }],
      updatedAt: expect.stringMatching(ISO),
    });
    expect(updated.json.updatedAt).not.toBe(rule.createdAt);
    expect((await h.call("PUT", href, { name: "renamed", active: false })).json.active).toBe(false);

    // The same ids as the rule's are accepted and ignored.
    const same = await h.call("PUT", href, {
      name: "same refs",
      plan: { id: pipeline.plan.id },
      sourceStore: { id: pipeline.source.id },
      targetStore: { id: pipeline.target.id },
    });
    expect(same.status).toBe(200);
    const before = (await h.call("GET", href)).json;
    const otherStore = (await h.call("POST", h.storesUrl, { type: "directory", name: "other" })).json;
    for (const key of ["plan", "sourceStore", "targetStore", "parentRule"]) {
      const res = await h.call("PUT", href, { name: "moved", [key]: { id: key === "plan" ? NO_SUCH_ID : otherStore.id } });
      expect(res.status).toBe(400);
      expect(res.json.details).toEqual([
        expect.objectContaining({ code: "INVALID_VALUE", target: `${key}.id`, message: expect.stringMatching(/cannot be changed/) }),
      ]);
    }
    const unknownGroup = await h.call("PUT", href, { name: "g", groups: [{ id: NO_SUCH_ID }] });
    expect(unknownGroup.json.details).toEqual([expect.objectContaining({ code: "INVALID_VALUE", target: "groups[0].id" })]);
    expect((await h.call("GET", href)).json).toEqual(before);
    expect((await h.call("PUT", `${rulesUrl()}/${NO_SUCH_ID}`, { name: "x" })).status).toBe(404);
  });

  test("DELETE is 204 and takes the rule's mappings; ?deprovision=true is accepted", async () => {
    const rule = (await postRule(h, pipeline)).json;
    const mapping = (await h.call("POST", h.envUrl(`propagation/rules/${rule.id}/mappings`), DOC_MAPPING_CREATE)).json;
    const kept = (await postRule(h, pipeline, { name: "kept" })).json;
    const keptMapping = (await h.call("POST", h.envUrl(`propagation/rules/${kept.id}/mappings`), DOC_MAPPING_CREATE)).json;

    expect((await h.call("DELETE", `${rulesUrl()}/${rule.id}?deprovision=maybe`)).status).toBe(400);
    const deleted = await h.call("DELETE", `${rulesUrl()}/${rule.id}?deprovision=true`);
    expect(deleted.status).toBe(204);
    expect((await h.call("GET", `${rulesUrl()}/${rule.id}`)).status).toBe(404);
    expect((await h.call("GET", h.envUrl(`propagation/mappings/${mapping.id}`))).status).toBe(404);
    expect((await h.call("GET", h.envUrl(`propagation/mappings/${keptMapping.id}`))).status).toBe(200);
    expect((await h.call("DELETE", `${rulesUrl()}/${rule.id}`)).status).toBe(404);
    expect((await h.call("DELETE", `${rulesUrl()}/${kept.id}`)).status).toBe(204);
    // with no rule left, the stores can go
    expect((await h.call("DELETE", `${h.storesUrl}/${pipeline.target.id}`)).status).toBe(204);
  });
});

describe("rules persistence", () => {
  test("a data directory from before plans (rules without plan_id) opens, and its rules still hold their stores", async () => {
    const dataDir = tempDir();
    // node:sqlite directly, to write the old schema the way the earlier local API did.
    const { DatabaseSync } = loadSqlite();
    const old = new DatabaseSync(path.join(dataDir, DB_FILE_NAME));
    const env = "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90";
    old.exec(`
      CREATE TABLE stores (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, env_id TEXT NOT NULL, json TEXT NOT NULL);
      CREATE TABLE rules (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, env_id TEXT NOT NULL,
        source_store_id TEXT NOT NULL, target_store_id TEXT NOT NULL, json TEXT NOT NULL);
    `);
    const store = { id: "11111111-0000-4000-8000-000000000001", environment: { id: env }, type: "directory", name: "d", status: "ACTIVE" };
    old.prepare("INSERT INTO stores (id, env_id, json) VALUES (?, ?, ?)").run(store.id, env, JSON.stringify(store));
    const rule = {
      id: "22222222-0000-4000-8000-000000000002",
      environment: { id: env },
      name: "old",
      sourceStore: { id: store.id },
      targetStore: { id: store.id },
    };
    old
      .prepare("INSERT INTO rules (id, env_id, source_store_id, target_store_id, json) VALUES (?, ?, ?, ?, ?)")
      .run(rule.id, env, store.id, store.id, JSON.stringify(rule));
    old.close();

    const api = await startLocalApi({ dataDir });
    try {
      const auth = { Authorization: `Bearer ${await getToken(api)}` };
      const base = `${api.url}/v1/environments/${env}/propagation`;
      const read = await request(`${base}/rules/${rule.id}`, "GET", undefined, auth);
      expect(read.status).toBe(200);
      expect(read.json.name).toBe("old");
      expect((await request(`${base}/stores/${store.id}`, "DELETE", undefined, auth)).status).toBe(409);
      // and the new tables work in it
      expect((await request(`${base}/plans`, "POST", { name: "p" }, auth)).status).toBe(201);
    } finally {
      await api.close();
    }
  });

  test("plans, rules and mappings survive a restart", async () => {
    const h = await harness();
    const pipeline = await createPipeline(h);
    const rule = (await postRule(h, pipeline)).json;
    const mapping = (await h.call("POST", h.envUrl(`propagation/rules/${rule.id}/mappings`), DOC_MAPPING_CREATE)).json;
    await h.close();
    const api = await startLocalApi({ dataDir: h.dataDir });
    try {
      const auth = { Authorization: `Bearer ${await getToken(api)}` };
      const base = `${api.url}/v1/environments/${h.env}/propagation`;
      const strip = (json: Record<string, unknown>) => ({ ...json, _links: undefined });
      expect(strip((await request(`${base}/plans/${pipeline.plan.id}`, "GET", undefined, auth)).json)).toEqual(strip(pipeline.plan));
      expect(strip((await request(`${base}/rules/${rule.id}`, "GET", undefined, auth)).json)).toEqual(strip(rule));
      expect(strip((await request(`${base}/mappings/${mapping.id}`, "GET", undefined, auth)).json)).toEqual(strip(mapping));
      expect((await request(`${base}/plans`, "POST", { name: "second" }, auth)).status).toBe(400);
    } finally {
      await api.close();
    }
  });
});
