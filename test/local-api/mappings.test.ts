/** Contract tests for propagation mappings, over real HTTP against the local API. */
import { createPipeline, DOC_MAPPING_CREATE, harness, postRule, problems, request, type Harness } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

describe("propagation mappings", () => {
  let h: Harness;
  let rule: any;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await request(`${h.api.url}/__admin/reset`, "POST");
    rule = (await postRule(h, await createPipeline(h))).json;
  });

  const ruleMappingsUrl = (ruleId = rule.id) => h.envUrl(`propagation/rules/${ruleId}/mappings`);
  const mappingUrl = (id: string) => h.envUrl(`propagation/mappings/${id}`);
  const mappingCount = async () => (await h.call("GET", ruleMappingsUrl())).json._embedded.mappings.length;

  test("the documented create example: 201 with the documented fields; read and list return it", async () => {
    const res = await h.call("POST", ruleMappingsUrl(), DOC_MAPPING_CREATE);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(UUID),
      environment: { id: h.env },
      createdAt: expect.stringMatching(ISO),
      updatedAt: res.json.createdAt,
      rule: { id: rule.id },
      sourceAttribute: "accountId",
      targetAttribute: "userName",
      attributeMappingType: "userAttributeMapping",
      _links: { self: { href: mappingUrl(res.json.id) } },
    });
    expect(res.headers.get("location")).toBe(mappingUrl(res.json.id));
    expect(res.json).not.toHaveProperty("name");
    expect((await h.call("GET", mappingUrl(res.json.id))).json).toEqual(res.json);
    const list = await h.call("GET", ruleMappingsUrl());
    expect(list.status).toBe(200);
    expect(list.json._embedded.mappings).toEqual([res.json]);
  });

  test("an expression mapping, a name, and a boolean attributeMappingType (the data model's type) are echoed", async () => {
    const res = await h.call("POST", ruleMappingsUrl(), {
      name: "display name",
      expression: "${user.name.given} + ' ' + ${user.name.family}",
      targetAttribute: "displayName",
      attributeMappingType: true,
      rule: { id: rule.id },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: "display name",
      expression: "${user.name.given} + ' ' + ${user.name.family}",
      attributeMappingType: true,
    });
    expect(res.json).not.toHaveProperty("sourceAttribute");
  });

  test("exactly one of sourceAttribute and expression; bad fields are refused with their paths and nothing is written", async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ sourceAttribute: "a", expression: "b", targetAttribute: "t" }, ["INVALID_VALUE expression"]],
      [{ targetAttribute: "t" }, ["REQUIRED_VALUE sourceAttribute"]],
      [{ sourceAttribute: "", expression: "", targetAttribute: "t" }, ["REQUIRED_VALUE sourceAttribute"]],
      [{ sourceAttribute: "a" }, ["REQUIRED_VALUE targetAttribute"]],
      [{ sourceAttribute: 5, targetAttribute: "t" }, ["INVALID_VALUE sourceAttribute"]],
      [{ sourceAttribute: "a", targetAttribute: ["t"] }, ["INVALID_VALUE targetAttribute"]],
      [{ sourceAttribute: "a", targetAttribute: "t", name: 3 }, ["INVALID_VALUE name"]],
      [{ sourceAttribute: "a", targetAttribute: "t", attributeMappingType: 1 }, ["INVALID_VALUE attributeMappingType"]],
      [{ sourceAttribute: "a", targetAttribute: "t", rule: { id: NO_SUCH_ID } }, ["INVALID_VALUE rule.id"]],
    ];
    for (const [body, expected] of cases) {
      const res = await h.call("POST", ruleMappingsUrl(), body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: "INVALID_DATA", id: expect.stringMatching(UUID) });
      expect({ body, got: problems(res.json) }).toEqual({ body, got: expected });
    }
    expect((await h.call("POST", ruleMappingsUrl(), "[]")).status).toBe(400);
    expect(await mappingCount()).toBe(0);
  });

  test("mappings of an unknown rule are 404; a name is unique within its rule only", async () => {
    expect((await h.call("GET", ruleMappingsUrl(NO_SUCH_ID))).status).toBe(404);
    const unknownRule = await h.call("POST", ruleMappingsUrl(NO_SUCH_ID), DOC_MAPPING_CREATE);
    expect(unknownRule.status).toBe(404);
    expect(unknownRule.json.code).toBe("NOT_FOUND");

    const named = { ...DOC_MAPPING_CREATE, name: "user name" };
    const first = (await h.call("POST", ruleMappingsUrl(), named)).json;
    const clash = await h.call("POST", ruleMappingsUrl(), { ...named, targetAttribute: "externalId" });
    expect(clash.status).toBe(400);
    expect(clash.json.details).toEqual([
      expect.objectContaining({ code: "UNIQUENESS_VIOLATION", target: "name", message: expect.stringContaining(first.id) }),
    ]);
    const other = (
      await postRule(h, { source: { id: rule.sourceStore.id }, target: { id: rule.targetStore.id }, plan: rule.plan }, { name: "other" })
    ).json;
    expect((await h.call("POST", ruleMappingsUrl(other.id), named)).status).toBe(201);
    // an update that keeps its own name is not a clash
    expect((await h.call("PUT", mappingUrl(first.id), { ...named, rule: { id: rule.id } })).status).toBe(200);
  });

  test("PUT (the documented update example) replaces every field; rule.id is required and cannot change", async () => {
    const created = (await h.call("POST", ruleMappingsUrl(), { ...DOC_MAPPING_CREATE, name: "first" })).json;
    await new Promise((resolve) => setTimeout(resolve, 5)); // so updatedAt can differ from createdAt
    const update = { rule: { id: rule.id }, sourceAttribute: "username", targetAttribute: "accountId" };
    const res = await h.call("PUT", mappingUrl(created.id), update);
    expect(res.status).toBe(200);
    const { name: _name, attributeMappingType: _type, ...kept } = created;
    expect(res.json).toEqual({ ...kept, sourceAttribute: "username", targetAttribute: "accountId", updatedAt: expect.stringMatching(ISO) });
    expect(res.json.updatedAt).not.toBe(created.createdAt);
    const toExpression = await h.call("PUT", mappingUrl(created.id), {
      rule: { id: rule.id },
      expression: "'constant'",
      targetAttribute: "accountId",
    });
    expect(toExpression.json).toMatchObject({ expression: "'constant'" });
    expect(toExpression.json).not.toHaveProperty("sourceAttribute");

    const refusals: Array<[Record<string, unknown>, string[]]> = [
      [{ sourceAttribute: "a", targetAttribute: "t" }, ["REQUIRED_VALUE rule.id"]],
      [{ rule: { id: NO_SUCH_ID }, sourceAttribute: "a", targetAttribute: "t" }, ["INVALID_VALUE rule.id"]],
      [{ rule: { id: rule.id }, sourceAttribute: "a", expression: "b", targetAttribute: "t" }, ["INVALID_VALUE expression"]],
    ];
    for (const [body, expected] of refusals) {
      const refused = await h.call("PUT", mappingUrl(created.id), body);
      expect(refused.status).toBe(400);
      expect(problems(refused.json)).toEqual(expected);
    }
    expect((await h.call("GET", mappingUrl(created.id))).json).toEqual(toExpression.json);
    expect((await h.call("PUT", mappingUrl(NO_SUCH_ID), update)).status).toBe(404);
  });

  test("DELETE works at propagation/mappings/{id} and at the singular propagation/mapping/{id}", async () => {
    const plural = (await h.call("POST", ruleMappingsUrl(), DOC_MAPPING_CREATE)).json;
    const singular = (await h.call("POST", ruleMappingsUrl(), { ...DOC_MAPPING_CREATE, targetAttribute: "externalId" })).json;

    const deletedPlural = await h.call("DELETE", mappingUrl(plural.id));
    expect(deletedPlural.status).toBe(204);
    expect((await h.call("GET", mappingUrl(plural.id))).status).toBe(404);

    const singularUrl = h.envUrl(`propagation/mapping/${singular.id}`);
    expect((await h.call("GET", singularUrl)).status).toBe(405);
    const deletedSingular = await h.call("DELETE", singularUrl);
    expect(deletedSingular.status).toBe(204);
    expect((await h.call("GET", mappingUrl(singular.id))).status).toBe(404);
    expect((await h.call("DELETE", singularUrl)).status).toBe(404);
    expect(await mappingCount()).toBe(0);
    // the rule itself is untouched
    expect((await h.call("GET", h.envUrl(`propagation/rules/${rule.id}`))).status).toBe(200);
  });
});
