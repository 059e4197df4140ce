/** Contract tests for groups (read, SCIM filter, paging) and their seeding, over real HTTP against the local API. */
import { startLocalApi } from "../../local-api";
import { getToken, harness, request, seedGroup, tempDir, type Harness } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SECOND_ENV = "bbbbbbbb-0000-4000-8000-00000000000d";

describe("groups", () => {
  let h: Harness;
  const seeded: Record<string, any> = {};
  beforeAll(async () => {
    h = await harness({ environmentIds: ["0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90", SECOND_ENV] });
    for (const name of ["Sales", "Sales Engineering", "HR", "sales"])
      seeded[name] = await seedGroup(h, name, name === "HR" ? { description: "People team" } : {});
  });
  afterAll(() => h.close());

  const groupsUrl = (env = h.env) => h.envUrl("groups", env);
  const names = async (filter: string) => {
    const res = await h.call("GET", `${groupsUrl()}?filter=${encodeURIComponent(filter)}`);
    expect({ filter, status: res.status }).toEqual({ filter, status: 200 });
    return res.json._embedded.groups.map((group: { name: string }) => group.name);
  };

  test("a seeded group is read back with the documented fields, alone and in the list", async () => {
    const hr = seeded.HR;
    const self = `${groupsUrl()}/${hr.id}`;
    expect(hr).toEqual({
      id: expect.stringMatching(UUID),
      environment: { id: h.env },
      name: "HR",
      description: "People team",
      createdAt: expect.stringMatching(ISO),
      updatedAt: hr.createdAt,
      _links: { self: { href: self } },
    });
    expect((await h.call("GET", self)).json).toEqual(hr);
    const list = await h.call("GET", groupsUrl());
    expect(list.json._embedded.groups.map((group: { id: string }) => group.id)).toEqual(
      ["Sales", "Sales Engineering", "HR", "sales"].map((name) => seeded[name].id),
    );
    expect(seeded.Sales).not.toHaveProperty("description");
    expect((await h.call("GET", `${groupsUrl()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await h.call("POST", groupsUrl(), { name: "x" })).status).toBe(405);
  });

  test("filter: name eq is exact on the value and case-insensitive on the attribute and operator; sw, id eq, and/or", async () => {
    expect(await names('name eq "Sales"')).toEqual(["Sales"]);
    expect(await names('NAME EQ "Sales"')).toEqual(["Sales"]);
    expect(await names('name eq "sales"')).toEqual(["sales"]);
    expect(await names('name eq "Nobody"')).toEqual([]);
    expect(await names('name sw "Sales"')).toEqual(["Sales", "Sales Engineering"]);
    expect(await names(`id eq "${seeded.HR.id}"`)).toEqual(["HR"]);
    expect(await names('name eq "HR" or name eq "Sales"')).toEqual(["Sales", "HR"]);
    expect(await names('(name sw "Sales") and (name eq "Sales Engineering")')).toEqual(["Sales Engineering"]);
    expect(await names('name eq "HR" or name sw "Sales" and name eq "Sales"')).toEqual(["Sales", "HR"]);
    // documented attributes these groups do not carry match none
    expect(await names('externalId sw "W"')).toEqual([]);
    expect(await names('population.id eq "5e5cf2d4-2e11-4efc-89f1-73110c277ded"')).toEqual([]);
    // a quote inside the value
    expect(await names('name eq "say \\"hi\\""')).toEqual([]);
  });

  test("a filter PingOne does not document is 400 INVALID_DATA with an INVALID_FILTER detail", async () => {
    for (const filter of [
      'description eq "People team"',
      'name gt "A"',
      'id sw "0"',
      "name eq Sales",
      'name eq "Sales',
      'name eq "Sales" and',
      '(name eq "Sales"',
      "",
    ]) {
      const res = await h.call("GET", `${groupsUrl()}?filter=${encodeURIComponent(filter)}`);
      expect({ filter, status: res.status }).toEqual({ filter, status: 400 });
      expect(res.json).toMatchObject({
        code: "INVALID_DATA",
        details: [{ code: "INVALID_FILTER", target: "filter", message: expect.stringContaining("Supported") }],
      });
    }
  });

  test("limit pages through the filtered groups, and the next link keeps the filter", async () => {
    const first = await h.call("GET", `${groupsUrl()}?filter=${encodeURIComponent('name sw "Sales"')}&limit=1`);
    expect(first.json._embedded.groups.map((group: { name: string }) => group.name)).toEqual(["Sales"]);
    const next = first.json._links.next.href as string;
    expect(new URL(next).searchParams.get("filter")).toBe('name sw "Sales"');
    const second = await h.call("GET", next);
    expect(second.json._embedded.groups.map((group: { name: string }) => group.name)).toEqual(["Sales Engineering"]);
    expect(second.json._links.next).toBeUndefined();
    expect((await h.call("GET", `${groupsUrl()}?limit=0`)).status).toBe(400);
  });

  test("POST /__admin/groups: another environment, and refusals for a duplicate name, no name, an unknown environment", async () => {
    const elsewhere = await request(`${h.api.url}/__admin/groups`, "POST", { environmentId: SECOND_ENV, name: "Sales" });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.json.environment).toEqual({ id: SECOND_ENV });
    expect((await h.call("GET", `${groupsUrl(SECOND_ENV)}?filter=${encodeURIComponent('name eq "Sales"')}`)).json._embedded.groups).toEqual(
      [elsewhere.json],
    );

    const duplicate = await request(`${h.api.url}/__admin/groups`, "POST", { name: "Sales" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.details).toEqual([
      expect.objectContaining({ code: "UNIQUENESS_VIOLATION", target: "name", message: expect.stringContaining(seeded.Sales.id) }),
    ]);
    expect((await request(`${h.api.url}/__admin/groups`, "POST", { description: "no name" })).json.details).toEqual([
      expect.objectContaining({ code: "REQUIRED_VALUE", target: "name" }),
    ]);
    const unknownEnvironment = await request(`${h.api.url}/__admin/groups`, "POST", {
      environmentId: "00000000-0000-4000-8000-000000000000",
      name: "x",
    });
    expect(unknownEnvironment.json.details).toEqual([expect.objectContaining({ code: "INVALID_VALUE", target: "environmentId" })]);
    expect(await names('name eq "x"')).toEqual([]);
    expect((await request(`${h.api.url}/__admin/groups`, "GET")).status).toBe(405);
  });
});

describe("seeding groups at start", () => {
  test("startLocalApi({ groups }) seeds the first environment once: a restart with the same names adds none", async () => {
    const dataDir = tempDir();
    const names = ["Sales", "HR Team"];
    let ids: string[] = [];
    for (let start = 0; start < 2; start++) {
      const api = await startLocalApi({ dataDir, groups: [...names, "Sales"] });
      try {
        const auth = { Authorization: `Bearer ${await getToken(api)}` };
        const list = await request(`${api.url}/v1/environments/${api.environmentIds[0]}/groups`, "GET", undefined, auth);
        expect(list.json._embedded.groups.map((group: { name: string }) => group.name)).toEqual(names);
        const now = list.json._embedded.groups.map((group: { id: string }) => group.id);
        if (start === 0) ids = now;
        else expect(now).toEqual(ids);
      } finally {
        await api.close();
      }
    }
  });
});
