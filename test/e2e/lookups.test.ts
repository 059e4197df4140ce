/**
 * Objects managed elsewhere, under the real engine (test/e2e/lookup-program): a store created directly
 * through the local API, read with `PropagationStore.get` and found with `getPropagationStore`, the plan
 * and a group found with `getPropagationPlan` and `getGroups`, their ids fed into a managed store's input; preview, refresh after a change made elsewhere, destroy; the errors at
 * preview; and no secret value anywhere, with the local API returning secrets in plaintext.
 */
import { fullConfigurations } from "../fixtures/store-examples";
import { leakedSecrets, LOOKUP_PROGRAM_DIR, openStack, writesIn, type E2eStack } from "./harness";
import { secretValuesOf } from "../lookups/helpers";

jest.setTimeout(900_000);

const SHARED = { type: "scim", name: "Shared SCIM", configuration: fullConfigurations.scim };
const quiet = { onOutput: () => undefined };

describe("a store, the plan and a group managed elsewhere (secrets on read: plaintext)", () => {
  let e2e: E2eStack;
  let storeId: string;
  let planId: string;
  let groupId: string;
  const seen: string[] = [];
  let storesPath: string;

  beforeAll(async () => {
    e2e = await openStack("lookups", { secretsOnRead: "plaintext" }, LOOKUP_PROGRAM_DIR);
    storesPath = `/v1/environments/${e2e.environmentId}/propagation/stores`;
    const created = await e2e.callApi("POST", storesPath, SHARED);
    expect(created.status).toBe(201);
    storeId = created.json.id;
    planId = (await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/plans`, { name: "Shared plan" })).json.id;
    groupId = (await e2e.callApi("POST", "/__admin/groups", { name: "Sales" })).json.id;
    expect([planId, groupId]).toEqual([expect.any(String), expect.any(String)]);
    e2e.writeProgramInput({
      gets: [{ logicalName: "shared", id: storeId, type: "scim" }],
      lookups: [
        { key: "byName", lookup: "getPropagationStore", args: { name: "Shared SCIM", type: "scim" } },
        { key: "byNameOutput", lookup: "getPropagationStore", form: "output", args: { name: "Shared SCIM" } },
        { key: "scimStores", lookup: "getPropagationStores", args: { type: "scim" } },
        { key: "plan", lookup: "getPropagationPlan" },
        { key: "sales", lookup: "getGroups", form: "output", args: { filter: 'name eq "Sales"' } },
      ],
      // Two consumers: the preview display cuts strings past about 150 characters.
      stores: [
        {
          logicalName: "consumer",
          args: { type: "directory", name: "consumer", description: "store {get:shared}, group {lookup:sales.ids.0}" },
        },
        {
          logicalName: "consumer2",
          args: { type: "directory", name: "consumer2", description: "store {lookup:byName}, plan {lookup:plan.planId}" },
        },
      ],
    });
  });
  afterAll(async () => e2e?.close());

  test("preview shows the real id, read at preview, and writes nothing", async () => {
    await e2e.clearRequests();
    const preview = await e2e.stack.preview({ diff: true });
    seen.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ create: 3 }); // the stack and the consumers; a read is no change
    expect(preview.stdout).toContain(`description  : "store ${storeId}, group ${groupId}"`);
    expect(preview.stdout).toContain(`description  : "store ${storeId}, plan ${planId}"`);
    expect(preview.stdout).toMatch(new RegExp(`pingone:PropagationStore: \\(read\\)[\\s\\S]*storeId\\s*: "${storeId}"`));
    expect(writesIn(await e2e.requests())).toEqual([]);
  });

  test("up: the get's outputs and the lookups are the live store's, and its id feeds the managed store", async () => {
    const up = await e2e.stack.up(quiet);
    seen.push(up.stdout, up.stderr);
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.getOutputs.value.shared).toMatchObject({ storeId, type: "scim", name: "Shared SCIM" });
    expect(up.outputs.lookupResults.value.byName).toMatchObject({ storeId, type: "scim", environmentId: e2e.environmentId });
    expect(up.outputs.lookupResults.value.byNameOutput.storeId).toBe(storeId);
    expect(up.outputs.lookupResults.value.scimStores.stores.map((store: { storeId: string }) => store.storeId)).toEqual([storeId]);
    const described = Object.fromEntries((await e2e.listStores()).map((store) => [store.name, store.description]));
    expect(described).toMatchObject({ consumer: `store ${storeId}, group ${groupId}`, consumer2: `store ${storeId}, plan ${planId}` });
    expect(up.outputs.lookupResults.value.plan).toEqual({
      planId,
      environmentId: e2e.environmentId,
      name: "Shared plan",
      status: "INACTIVE",
    });
    expect(up.outputs.lookupResults.value.sales.ids).toEqual([groupId]);
  });

  test("the get's configuration is a Pulumi secret; the lookup's is plain data without the secret keys", async () => {
    const gets = JSON.parse(e2e.cli("stack", "output", "getOutputs", "--json"));
    expect(gets.shared.configuration).toBe("[secret]");
    const results = JSON.parse(e2e.cli("stack", "output", "lookupResults", "--json"));
    expect(results.byName.configuration.SCIM_URL).toBe(SHARED.configuration!.SCIM_URL);
    for (const key of ["BASIC_AUTH_PASSWORD", "OAUTH_ACCESS_TOKEN", "OAUTH_CLIENT_SECRET"])
      expect(results.byName.configuration).not.toHaveProperty(key);
  });

  test("a change made elsewhere: refresh updates the outputs, and the next preview shows no change", async () => {
    const changed = await e2e.callApi("PUT", `${storesPath}/${storeId}`, {
      ...SHARED,
      description: "changed elsewhere",
      configuration: { ...SHARED.configuration, SCIM_URL: "https://elsewhere.example.com/scim/v2" },
    });
    expect(changed.status).toBe(200);
    const refresh = await e2e.stack.refresh(quiet);
    seen.push(refresh.stdout, refresh.stderr);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const state = await e2e.stack.exportStack();
    const shared = state.deployment.resources.find((resource: { urn: string }) => resource.urn.endsWith("::shared"));
    expect(shared.external).toBe(true);
    expect(shared.outputs.description).toBe("changed elsewhere");
    expect(JSON.stringify(shared.outputs.configuration)).toContain("https://elsewhere.example.com/scim/v2");

    await e2e.clearRequests();
    const preview = await e2e.stack.preview({ diff: true });
    seen.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ same: 3 }); // the stack and the consumers; the read is not counted
    expect(preview.stdout).not.toMatch(/^\s*[~+-] .*pingone:PropagationStore/m);
    expect(writesIn(await e2e.requests())).toEqual([]);
  });

  test("destroy leaves the store: no DELETE of it, and it still exists", async () => {
    await e2e.clearRequests();
    const destroy = await e2e.stack.destroy(quiet);
    seen.push(destroy.stdout, destroy.stderr);
    const deletes = (await e2e.requests()).filter((entry) => entry.method === "DELETE").map((entry) => entry.path);
    expect(deletes).toHaveLength(2); // the consumers, which this stack manages
    expect(deletes.some((path) => path.endsWith(storeId))).toBe(false);
    expect((await e2e.callApi("GET", `${storesPath}/${storeId}`)).status).toBe(200);
  });

  test("no secret value of the store, and no credential, in the state, its history or anything printed", async () => {
    const secrets = [...secretValuesOf("scim", SHARED.configuration!), e2e.api.clientSecret];
    expect(secrets.length).toBeGreaterThan(2);
    expect(leakedSecrets(e2e.backendFiles(), secrets)).toEqual([]);
    expect(leakedSecrets(seen.join("\n"), secrets)).toEqual([]);
  });
});

describe("errors at preview, before any write", () => {
  let e2e: E2eStack;
  let storeId: string;
  const twins: string[] = [];

  beforeAll(async () => {
    e2e = await openStack("lookup-errors", {}, LOOKUP_PROGRAM_DIR);
    const storesPath = `/v1/environments/${e2e.environmentId}/propagation/stores`;
    storeId = (await e2e.callApi("POST", storesPath, SHARED)).json.id;
    for (let copy = 0; copy < 2; copy++) twins.push((await e2e.callApi("POST", storesPath, { type: "directory", name: "Twin" })).json.id);
  });
  afterAll(async () => e2e?.close());

  /** Previews `input` (plus a managed store that would be created), expecting one error; returns its text. */
  async function failingPreview(input: Record<string, unknown>): Promise<string> {
    e2e.writeProgramInput({ ...input, stores: [{ logicalName: "would-be-created", args: { type: "directory", name: "never" } }] });
    await e2e.clearRequests();
    const error = (await e2e.stack.preview().catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(writesIn(await e2e.requests())).toEqual([]);
    return error.message;
  }

  test("get of an id PingOne does not know", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const message = await failingPreview({ gets: [{ logicalName: "shared", id: missing, type: "scim" }] });
    expect(message).toContain(
      `PropagationStore (shared):\n    error: Preview failed: PropagationStore.get("shared"): no propagation store has id "${missing}" in environment ${e2e.environmentId}.`,
    );
  });

  test("get of a store of another type than asked", async () => {
    const message = await failingPreview({ gets: [{ logicalName: "shared", id: storeId, type: "Salesforce" }] });
    expect(message).toContain(
      `PropagationStore.get("shared"): store "${storeId}" ("Shared SCIM") is a scim store, not the Salesforce store asked for.`,
    );
  });

  test("a lookup with no match says what it searched, shown without a stack trace", async () => {
    for (const form of ["promise", "output"]) {
      const message = await failingPreview({
        lookups: [{ key: "missing", lookup: "getPropagationStore", form, args: { name: "Nobody", type: "scim" } }],
      });
      expect(message).toContain(
        `error: getPropagationStore: searched 3 stores for a store named "Nobody" of type scim in environment ${e2e.environmentId}: none matches.`,
      );
      expect(message).not.toMatch(/unhandled exception|\n\s+at /);
    }
  });

  test("a lookup by a name several stores have lists their ids and says to use storeId", async () => {
    const message = await failingPreview({ lookups: [{ key: "twin", lookup: "getPropagationStore", args: { name: "Twin" } }] });
    expect(message).toContain(
      `getPropagationStore: 2 stores match a store named "Twin" in environment ${e2e.environmentId}: ${twins[0]} (directory), ${twins[1]} (directory).`,
    );
    expect(message).toContain("Pass storeId with one of these ids instead of name");
  });

  test("plan and group lookups that find nothing", async () => {
    const noPlan = await failingPreview({ lookups: [{ key: "plan", lookup: "getPropagationPlan" }] });
    expect(noPlan).toContain(
      `error: getPropagationPlan: searched environment ${e2e.environmentId} for a propagation plan: none found. It has no plan yet.`,
    );
    const noGroup = await failingPreview({ lookups: [{ key: "group", lookup: "getGroups", args: { filter: 'name eq "Nobody"' } }] });
    expect(noGroup).toContain(`error: getGroups: no group in environment ${e2e.environmentId} matches the filter name eq "Nobody".`);
  });
});

describe("a store this stack manages, handed over to get", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("lookup-handover", {}, LOOKUP_PROGRAM_DIR);
  });
  afterAll(async () => e2e?.close());

  test("replacing `new` by `get` with the same name and id stops managing it: no write, and destroy leaves it", async () => {
    e2e.writeProgramInput({ stores: [{ logicalName: "handover", args: { type: "directory", name: "Handover" } }] });
    const created = await e2e.stack.up(quiet);
    const storeId = created.outputs.storeIds.value.handover as string;
    expect(storeId).toEqual(expect.any(String));

    e2e.writeProgramInput({ gets: [{ logicalName: "handover", id: storeId, type: "directory" }] });
    await e2e.clearRequests();
    await e2e.stack.up(quiet);
    const state = await e2e.stack.exportStack();
    expect(state.deployment.resources.find((resource: { urn: string }) => resource.urn.endsWith("::handover")).external).toBe(true);
    await e2e.stack.destroy(quiet);
    expect(writesIn(await e2e.requests())).toEqual([]);
    expect((await e2e.callApi("GET", `/v1/environments/${e2e.environmentId}/propagation/stores/${storeId}`)).status).toBe(200);
  });
});
