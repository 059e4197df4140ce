/** Contract tests for propagation revisions and the snapshots `/__admin/revisions` shows, over real HTTP. */
import { MASKED_SECRET } from "../../local-api";
import { createPipeline, DOC_MAPPING_CREATE, harness, postRule, request, SEED_SCIM_CREATE, type Harness } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A resource as a snapshot records it: the API's representation without its links (and a store's volatile syncStatus). */
const unlinked = (json: Record<string, unknown>) => {
  const { _links, syncStatus, ...rest } = json;
  void syncStatus;
  return rest;
};

describe("propagation revisions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ clientId: "pipeline-test-client" });
  });
  afterAll(() => h.close());
  beforeEach(() => request(`${h.api.url}/__admin/reset`, "POST"));

  const revisionsUrl = () => h.envUrl("propagation/revisions");
  const adminRevision = async (id: string) => (await request(`${h.api.url}/__admin/revisions/${id}`, "GET")).json;

  test("id:latest is 404 before the first revision, plain and URL-encoded", async () => {
    for (const latest of ["id:latest", "id%3Alatest", "id%3alatest"]) {
      const res = await h.call("GET", `${revisionsUrl()}/${latest}`);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({
        code: "NOT_FOUND",
        id: expect.stringMatching(UUID),
        message: expect.stringContaining("no propagation revision"),
      });
    }
  });

  test("POST with no body, with {} or with anything else gives 201 and links each revision to the one before", async () => {
    const first = await request(revisionsUrl(), "POST", undefined, { Authorization: `Bearer ${h.token}` });
    expect(first.status).toBe(201);
    const self = `${revisionsUrl()}/${first.json.id}`;
    expect(first.json).toEqual({
      id: expect.stringMatching(UUID),
      environment: { id: h.env },
      createdAt: expect.stringMatching(ISO),
      // the client id of the token that created it (this server's worker app)
      createdBy: "pipeline-test-client",
      _links: { self: { href: self } },
    });
    expect(first.headers.get("location")).toBe(self);

    const second = await h.call("POST", revisionsUrl(), {});
    expect(second.status).toBe(201);
    expect(second.json.previousRevision).toEqual({ id: first.json.id });
    const third = await h.call("POST", revisionsUrl(), "", { "Content-Type": "text/plain" });
    expect(third.status).toBe(201);
    expect(third.json.previousRevision).toEqual({ id: second.json.id });

    for (const latest of ["id:latest", "id%3Alatest"])
      expect((await h.call("GET", `${revisionsUrl()}/${latest}`)).json).toEqual(third.json);
    expect((await h.call("GET", self)).json).toEqual(first.json);
    expect((await h.call("GET", `${revisionsUrl()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  test("no list, update or delete: 405", async () => {
    const revision = (await h.call("POST", revisionsUrl())).json;
    expect((await h.call("GET", revisionsUrl())).status).toBe(405);
    for (const method of ["PUT", "DELETE"]) {
      const res = await h.call(method, `${revisionsUrl()}/${revision.id}`, method === "PUT" ? {} : undefined);
      expect(res.status).toBe(405);
      expect(res.json.code).toBe("METHOD_NOT_ALLOWED");
    }
    expect((await h.call("DELETE", `${revisionsUrl()}/id:latest`)).status).toBe(405);
  });

  test("each revision's snapshot is the state when it was created: after create, update and delete", async () => {
    // created: two stores (the scim one has a secret), the plan, a rule and a mapping
    const pipeline = await createPipeline(h);
    const rule = (await postRule(h, pipeline, { populationExpression: 'department eq "HR"' })).json;
    const mapping = (await h.call("POST", h.envUrl(`propagation/rules/${rule.id}/mappings`), DOC_MAPPING_CREATE)).json;
    const afterCreate = (await h.call("POST", revisionsUrl())).json;

    const created = await adminRevision(afterCreate.id);
    expect(unlinked(created)).toEqual({ ...unlinked(afterCreate), snapshot: expect.any(Object) });
    const storesNow = (await h.call("GET", h.storesUrl)).json._embedded.stores.map(unlinked);
    const maskedTarget = unlinked(pipeline.target) as { configuration: Record<string, unknown> };
    maskedTarget.configuration = { ...maskedTarget.configuration, BASIC_AUTH_PASSWORD: MASKED_SECRET };
    expect(created.snapshot).toEqual({
      plan: unlinked(pipeline.plan),
      stores: [storesNow[0], maskedTarget],
      rules: [unlinked(rule)],
      mappings: [unlinked(mapping)],
    });
    // the server returns secrets in plaintext (the default), but a snapshot never holds one
    expect(storesNow[1].configuration.BASIC_AUTH_PASSWORD).toBe(SEED_SCIM_CREATE.configuration.BASIC_AUTH_PASSWORD);
    expect(JSON.stringify(created)).not.toContain(SEED_SCIM_CREATE.configuration.BASIC_AUTH_PASSWORD);

    // updated: the plan, the rule and the mapping change
    const plan = (await h.call("PUT", h.envUrl(`propagation/plans/${pipeline.plan.id}`), { name: "Default Plan", status: "ACTIVE" })).json;
    const renamed = (await h.call("PUT", h.envUrl(`propagation/rules/${rule.id}`), { name: "renamed", active: true })).json;
    const remapped = (
      await h.call("PUT", h.envUrl(`propagation/mappings/${mapping.id}`), {
        rule: { id: rule.id },
        expression: "'x'",
        targetAttribute: "title",
      })
    ).json;
    const afterUpdate = (await h.call("POST", revisionsUrl())).json;
    expect(afterUpdate.previousRevision).toEqual({ id: afterCreate.id });
    const updated = (await adminRevision(afterUpdate.id)).snapshot;
    expect(updated.plan).toEqual(unlinked(plan));
    expect(updated.rules).toEqual([unlinked(renamed)]);
    expect(updated.mappings).toEqual([unlinked(remapped)]);
    // the earlier snapshot is unchanged
    expect((await adminRevision(afterCreate.id)).snapshot).toEqual(created.snapshot);

    // deleted: the mapping, then the rule, then the plan
    expect((await h.call("DELETE", h.envUrl(`propagation/mappings/${mapping.id}`))).status).toBe(204);
    const afterMappingDelete = (await h.call("POST", revisionsUrl())).json;
    expect((await adminRevision(afterMappingDelete.id)).snapshot).toMatchObject({ rules: [unlinked(renamed)], mappings: [] });
    expect((await h.call("DELETE", h.envUrl(`propagation/rules/${rule.id}`))).status).toBe(204);
    expect((await h.call("DELETE", h.envUrl(`propagation/plans/${pipeline.plan.id}`))).status).toBe(204);
    const afterDelete = (await h.call("POST", revisionsUrl())).json;
    expect((await adminRevision(afterDelete.id)).snapshot).toEqual({ plan: null, stores: updated.stores, rules: [], mappings: [] });

    const all = (await request(`${h.api.url}/__admin/revisions`, "GET")).json;
    expect(all.map((revision: { id: string }) => revision.id)).toEqual([
      afterCreate.id,
      afterUpdate.id,
      afterMappingDelete.id,
      afterDelete.id,
    ]);
    expect(all[0].snapshot).toEqual(created.snapshot);
    expect((await request(`${h.api.url}/__admin/revisions?environmentId=${h.env}`, "GET")).json).toHaveLength(4);
    expect((await request(`${h.api.url}/__admin/revisions?environmentId=00000000-0000-4000-8000-000000000000`, "GET")).json).toEqual([]);
    expect((await request(`${h.api.url}/__admin/revisions/00000000-0000-4000-8000-000000000000`, "GET")).status).toBe(404);
  });

  test("a revision is per environment: its predecessor and id:latest come from its own environment", async () => {
    const other = "bbbbbbbb-0000-4000-8000-00000000000c";
    const two = await harness({ environmentIds: [h.env, other] });
    try {
      const here = (await two.call("POST", two.envUrl("propagation/revisions"))).json;
      const there = (await two.call("POST", two.envUrl("propagation/revisions", other))).json;
      expect(there.previousRevision).toBeUndefined();
      expect(there.environment).toEqual({ id: other });
      expect((await two.call("GET", two.envUrl("propagation/revisions/id:latest"))).json.id).toBe(here.id);
      expect((await two.call("GET", two.envUrl(`propagation/revisions/${here.id}`, other))).status).toBe(404);
      // revisions survive a restart, snapshot included
      await two.close();
      const again = await harness({ dataDir: two.dataDir, environmentIds: [h.env, other] });
      try {
        expect((await again.call("GET", again.envUrl("propagation/revisions/id:latest", other))).json.id).toBe(there.id);
        expect((await request(`${again.api.url}/__admin/revisions/${there.id}`, "GET")).json.snapshot).toEqual({
          plan: null,
          stores: [],
          rules: [],
          mappings: [],
        });
      } finally {
        await again.close();
      }
    } finally {
      await two.close();
    }
  });
});
