/**
 * getPropagationPlan and getGroups over real HTTP against the local API: plain data, one API request per
 * lookup (groups filtered by PingOne itself), and errors that say what was searched.
 */
import { getGroups, getGroupsOutput, getPropagationPlan, getPropagationPlanOutput, LookupError } from "../../provider/lookups";
import { harness, type Harness } from "../local-api/helpers";
import { apiRequests, promiseOf, settingsFor, type LookupEnv } from "./helpers";

describe("getPropagationPlan", () => {
  let h: Harness;
  let env: LookupEnv;
  let planId: string;
  const plansPath = () => `/v1/environments/${h.env}/propagation/plans`;

  beforeAll(async () => {
    h = await harness();
    env = settingsFor(h.api);
  });
  afterAll(async () => {
    env?.restore();
    await h?.close();
  });

  test("an environment without a plan: one error saying so", async () => {
    await expect(getPropagationPlan()).rejects.toThrow(
      `getPropagationPlan: searched environment ${h.env} for a propagation plan: none found. It has no plan yet.`,
    );
  });

  test("the environment's plan, by default, by name and by id", async () => {
    const created = await h.call("POST", plansPath(), { name: "Shared plan", status: "ACTIVE" });
    expect(created.status).toBe(201);
    planId = created.json.id;
    const expected = { planId, environmentId: h.env, name: "Shared plan", status: "ACTIVE" };
    expect(await getPropagationPlan()).toEqual(expected);
    expect(await getPropagationPlan({ name: "Shared plan" })).toEqual(expected);
    expect(await getPropagationPlan({ planId })).toEqual(expected);
    expect(await promiseOf(getPropagationPlanOutput({ planId: Promise.resolve(planId) }))).toEqual(expected);
  });

  test("a name or an id that matches no plan: one error naming what the environment holds", async () => {
    await expect(getPropagationPlan({ name: "Other plan" })).rejects.toThrow(
      `getPropagationPlan: searched environment ${h.env} for a propagation plan named "Other plan": none found. It holds "Shared plan" (${planId}).`,
    );
    await expect(getPropagationPlan({ planId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      `getPropagationPlan: no propagation plan has id "00000000-0000-4000-8000-000000000000" in environment ${h.env}.`,
    );
    await expect(getPropagationPlan({ planId, name: "Other plan" })).rejects.toThrow(/is named "Shared plan", not "Other plan"/);
  });

  test("one API request per lookup: a list, or a GET by id", async () => {
    await h.call("DELETE", `${h.api.url}/__admin/requests`);
    await getPropagationPlan();
    await getPropagationPlan({ planId });
    const requests = (await apiRequests(h.api)).filter((entry) => entry.path.startsWith("/v1/"));
    expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([`GET ${plansPath()}`, `GET ${plansPath()}/${planId}`]);
  });
});

describe("getGroups", () => {
  let h: Harness;
  let env: LookupEnv;
  const groupIds: Record<string, string> = {};

  beforeAll(async () => {
    h = await harness();
    env = settingsFor(h.api);
    for (const name of ["Sales", "Sales EMEA", "Support"]) {
      const seeded = await h.call("POST", `${h.api.url}/__admin/groups`, { name, description: `${name} team` });
      expect(seeded.status).toBe(201);
      groupIds[name] = seeded.json.id;
    }
  });
  afterAll(async () => {
    env?.restore();
    await h?.close();
  });

  test("the groups a SCIM filter selects, with their ids, from one filtered list request", async () => {
    await h.call("DELETE", `${h.api.url}/__admin/requests`);
    const sales = await getGroups({ filter: 'name eq "Sales"' });
    expect(sales).toEqual({
      environmentId: h.env,
      filter: 'name eq "Sales"',
      ids: [groupIds.Sales],
      groups: [expect.objectContaining({ groupId: groupIds.Sales, environmentId: h.env, name: "Sales", description: "Sales team" })],
    });
    const requests = (await apiRequests(h.api)).filter((entry) => entry.path.startsWith("/v1/"));
    expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([`GET /v1/environments/${h.env}/groups`]);
    expect((await getGroups({ filter: 'name sw "Sales"' })).ids.sort()).toEqual([groupIds.Sales, groupIds["Sales EMEA"]].sort());
    expect((await promiseOf(getGroupsOutput({ filter: Promise.resolve('name eq "Support"') }))).ids).toEqual([groupIds.Support]);
  });

  test("a filter no group matches: one error that gives the filter", async () => {
    await expect(getGroups({ filter: 'name eq "Finance"' })).rejects.toThrow(
      `getGroups: no group in environment ${h.env} matches the filter name eq "Finance".`,
    );
  });

  test("an empty filter is refused before any request; a filter PingOne refuses gives its reason", async () => {
    await h.call("DELETE", `${h.api.url}/__admin/requests`);
    await expect(getGroups({ filter: " " })).rejects.toThrow(/getGroups: filter is required/);
    expect((await apiRequests(h.api)).filter((entry) => entry.path.startsWith("/v1/"))).toEqual([]);
    const refused = getGroups({ filter: "name lt 3" });
    await expect(refused).rejects.toThrow(LookupError);
    await expect(refused).rejects.toThrow(/^getGroups: PingOne GET \/v1\/environments\/[^/]+\/groups failed: 400 INVALID_DATA/);
    await expect(refused).rejects.toThrow(/filter: .*\(INVALID_FILTER\)/);
  });
});
