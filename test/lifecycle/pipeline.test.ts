/**
 * The pipeline's lifecycle against the local PingOne-compatible API over real HTTP: plans, rules and
 * mappings exactly as the engine calls their providers (check, then create/read/diff/update/delete), and
 * the revisions a run publishes, read back with their snapshots from `/__admin/revisions`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi, type RequestLogEntry } from "../../local-api";
import { createProviders, type MappingInputs, type PlanInputs, type RuleInputs, type StoreInputs } from "../../provider/lifecycle";
import { minimalConfigurations } from "../fixtures/store-examples";
import { environmentRequest } from "../support/api";
import { providerSettings } from "../support/stack";

type Providers = ReturnType<typeof createProviders>;
type AnyProvider = Providers["store"] | Providers["plan"] | Providers["rule"] | Providers["mapping"];

async function startApi(): Promise<LocalApi> {
  return startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-lifecycle-")) });
}

function providersFor(api: LocalApi, extra: Record<string, string> = {}, warn: (message: string) => void = () => undefined): Providers {
  return createProviders({ settings: providerSettings(api, extra), warn });
}

/** check + create, as the engine does it. */
async function create<I>(provider: AnyProvider, inputs: I): Promise<{ inputs: I; id: string; outs: any }> {
  const any = provider as unknown as { check(o: unknown, n: unknown): Promise<any>; create(i: unknown): Promise<any> };
  const checked = await any.check({}, inputs);
  expect(checked.failures).toEqual([]);
  const created = await any.create(checked.inputs);
  return { inputs: checked.inputs as I, id: created.id, outs: created.outs };
}

async function adminRevisions(api: LocalApi): Promise<any[]> {
  return (await (await fetch(`${api.url}/__admin/revisions`)).json()) as any[];
}

async function requests(api: LocalApi): Promise<RequestLogEntry[]> {
  return (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[];
}

const clearRequests = (api: LocalApi) => fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
const writes = (log: RequestLogEntry[]) => log.filter((entry) => entry.path.startsWith("/v1/") && entry.method !== "GET");

/** A directory source, a scim target, the plan, a rule and two mappings (one by attribute, one by expression). */
async function pipeline(providers: Providers, suffix = "") {
  const source = await create<StoreInputs>(providers.store, { type: "directory", name: `PingOne directory${suffix}` });
  const target = await create<StoreInputs>(providers.store, {
    type: "scim",
    name: `HR SCIM${suffix}`,
    configuration: { ...minimalConfigurations.scim! },
  });
  const plan = await create<PlanInputs>(providers.plan, { name: `Plan${suffix}` });
  const rule = await create<RuleInputs>(providers.rule, {
    plan: plan.id,
    sourceStore: source.id,
    targetStore: target.id,
    name: `HR users${suffix}`,
    active: true,
    populationExpression: 'department eq "HR"',
  });
  const byAttribute = await create<MappingInputs>(providers.mapping, {
    rule: rule.id,
    sourceAttribute: "username",
    targetAttribute: "userName",
  });
  const byExpression = await create<MappingInputs>(providers.mapping, {
    rule: rule.id,
    expression: "${user.name.given} + ' ' + ${user.name.family}",
    targetAttribute: "displayName",
  });
  return { source, target, plan, rule, byAttribute, byExpression };
}

describe("the pipeline over real HTTP", () => {
  let api: LocalApi;
  let providers: Providers;
  let built: Awaited<ReturnType<typeof pipeline>>;

  beforeAll(async () => {
    api = await startApi();
    providers = providersFor(api);
    built = await pipeline(providers);
  });
  afterAll(async () => api.close());

  test("create returns each object's id and what PingOne holds", () => {
    const { plan, rule, byAttribute, byExpression, source, target } = built;
    expect(plan.outs).toMatchObject({ planId: plan.id, name: "Plan", environmentId: api.environmentIds[0] });
    expect(rule.outs).toMatchObject({ ruleId: rule.id, plan: plan.id, sourceStore: source.id, targetStore: target.id, active: true });
    expect(rule.outs.createdAt).toEqual(expect.any(String));
    expect(byAttribute.outs).toMatchObject({
      mappingId: byAttribute.id,
      rule: rule.id,
      sourceAttribute: "username",
      targetAttribute: "userName",
    });
    expect(byExpression.outs.expression).toContain("${user.name.given}");
    expect(byExpression.outs.sourceAttribute).toBeUndefined();
  });

  test("the run's changes are published as ONE revision whose snapshot holds the whole pipeline", async () => {
    await clearRequests(api);
    const results = await providers.revisions.publish();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ environmentId: api.environmentIds[0], revision: { id: expect.any(String) } });
    expect(results[0].changes).toHaveLength(6);
    expect(providers.revisions.report(results)[0]).toMatch(
      /^pingone: created propagation revision \S+ in environment \S+ for 6 changes \(created PropagationStore/,
    );
    expect(writes(await requests(api)).map((e) => `${e.method} ${e.path}`)).toEqual([
      `POST /v1/environments/${api.environmentIds[0]}/propagation/revisions`,
    ]);
    const [revision] = await adminRevisions(api);
    expect(revision.id).toBe(results[0].revision!.id);
    expect(revision.snapshot.plan).toMatchObject({ id: built.plan.id });
    expect(revision.snapshot.rules.map((r: any) => r.id)).toEqual([built.rule.id]);
    expect(revision.snapshot.mappings.map((m: any) => m.id).sort()).toEqual([built.byAttribute.id, built.byExpression.id].sort());
    expect(revision.snapshot.stores.map((s: any) => s.id).sort()).toEqual([built.source.id, built.target.id].sort());
    // Nothing changed since: nothing to publish.
    expect(await providers.revisions.publish()).toEqual([]);
  });

  test("once published, read shows no drift, for every object", async () => {
    const pairs = [
      [providers.plan, built.plan],
      [providers.rule, built.rule],
      [providers.mapping, built.byAttribute],
      [providers.mapping, built.byExpression],
    ] as const;
    for (const [provider, object] of pairs) {
      const read = await (provider as any).read(object.id, object.outs);
      expect(read.id).toBe(object.id);
      expect(await (provider as any).diff(object.id, read.props, object.inputs)).toMatchObject({ changes: false });
      // No drift: the state's inputs stay as they are.
      expect(read.inputs).toBeUndefined();
    }
  });

  test("changing one mapping writes that mapping only", async () => {
    const changed = { ...built.byAttribute.inputs, sourceAttribute: "email" };
    expect(await providers.mapping.diff(built.byAttribute.id, built.byAttribute.outs, changed)).toMatchObject({
      changes: true,
      replaces: [],
    });
    await clearRequests(api);
    const updated = await providers.mapping.update(built.byAttribute.id, built.byAttribute.outs, changed);
    expect(updated.outs).toMatchObject({ mappingId: built.byAttribute.id, sourceAttribute: "email" });
    expect(writes(await requests(api)).map((e) => `${e.method} ${e.path}`)).toEqual([
      `PUT /v1/environments/${api.environmentIds[0]}/propagation/mappings/${built.byAttribute.id}`,
    ]);
    built.byAttribute = { inputs: changed, id: built.byAttribute.id, outs: updated.outs };
  });

  test("a rule updates in place, except its plan and stores, which replace it", async () => {
    const { rule } = built;
    const renamed = { ...rule.inputs, name: "HR users renamed", description: "in place", groups: [] };
    expect(await providers.rule.diff(rule.id, rule.outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const updated = await providers.rule.update(rule.id, rule.outs, renamed);
    expect(updated.outs).toMatchObject({
      ruleId: rule.id,
      name: "HR users renamed",
      description: "in place",
      targetStore: built.target.id,
    });
    expect((await environmentRequest(api, "GET", `propagation/rules/${rule.id}`)).json).toMatchObject({
      name: "HR users renamed",
      description: "in place",
    });
    for (const field of ["plan", "sourceStore", "targetStore"] as const) {
      expect(
        await providers.rule.diff(rule.id, updated.outs!, { ...renamed, [field]: "00000000-0000-4000-8000-000000000000" }),
      ).toMatchObject({
        changes: true,
        replaces: [field],
      });
    }
    expect(
      await providers.mapping.diff(built.byExpression.id, built.byExpression.outs, { ...built.byExpression.inputs, rule: "another-rule" }),
    ).toMatchObject({
      replaces: ["rule"],
    });
    built.rule = { inputs: renamed, id: rule.id, outs: updated.outs };
  });

  test("a field the user removes is a change; what PingOne added (active: false) is not", async () => {
    const { rule } = built;
    const { description: _removed, ...withoutDescription } = rule.inputs;
    expect(await providers.rule.diff(rule.id, rule.outs, withoutDescription as RuleInputs)).toMatchObject({ changes: true });
    const minimal = await create<RuleInputs>(providers.rule, {
      plan: built.plan.id,
      sourceStore: built.source.id,
      targetStore: built.target.id,
      name: "minimal",
    });
    expect(minimal.outs.active).toBe(false);
    await providers.revisions.publish();
    expect(await providers.rule.diff(minimal.id, minimal.outs, minimal.inputs)).toMatchObject({ changes: false });
    await providers.rule.delete(minimal.id, minimal.outs);
  });

  test("drift on a rule and on a mapping: read returns PingOne's values, and the next diff shows them", async () => {
    const { rule, byExpression } = built;
    const current = (await environmentRequest(api, "GET", `propagation/rules/${rule.id}`)).json;
    expect(
      (
        await environmentRequest(api, "PUT", `propagation/rules/${rule.id}`, {
          name: current.name,
          populationExpression: 'department eq "Sales"',
          active: false,
        })
      ).status,
    ).toBe(200);
    const readRule = await providers.rule.read(rule.id, rule.outs);
    expect(readRule.inputs).toMatchObject({ populationExpression: 'department eq "Sales"', active: false });
    expect(await providers.rule.diff(rule.id, readRule.props!, rule.inputs)).toMatchObject({ changes: true, replaces: [] });

    expect(
      (
        await environmentRequest(api, "PUT", `propagation/mappings/${byExpression.id}`, {
          rule: { id: rule.id },
          expression: "'constant'",
          targetAttribute: "displayName",
        })
      ).status,
    ).toBe(200);
    const readMapping = await providers.mapping.read(byExpression.id, byExpression.outs);
    expect(readMapping.inputs).toMatchObject({ expression: "'constant'" });
    expect(await providers.mapping.diff(byExpression.id, readMapping.props!, byExpression.inputs)).toMatchObject({
      changes: true,
      replaces: [],
    });
    // up repairs it.
    await providers.rule.update(rule.id, readRule.props!, rule.inputs);
    await providers.mapping.update(byExpression.id, readMapping.props!, byExpression.inputs);
    expect((await environmentRequest(api, "GET", `propagation/rules/${rule.id}`)).json.populationExpression).toBe('department eq "HR"');
    expect((await environmentRequest(api, "GET", `propagation/mappings/${byExpression.id}`)).json.expression).toContain(
      "${user.name.given}",
    );
  });

  test("a second plan in the environment fails, naming the existing plan and how to adopt it; nothing is created", async () => {
    const error = (await create<PlanInputs>(providers.plan, { name: "Second plan" }).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`already has a propagation plan, "Plan" (${built.plan.id})`);
    expect(error.message).toContain(`add adopt: { id: "${built.plan.id}" } to this declaration`);
    expect(error.message).toMatch(/PINGONE_ADOPT_EXISTING_STORES=true \(or pingone:adoptExistingStores: true\)/);
    expect((await environmentRequest(api, "GET", "propagation/plans")).json._embedded.plans).toHaveLength(1);
  });

  test("recovery mode adopts the environment's one plan, and a rule and a mapping by their identity", async () => {
    const recovery = providersFor(api, { adoptExistingStores: "true" });
    const plan = await create<PlanInputs>(recovery.plan, { name: "Plan", status: "INACTIVE" });
    expect(plan.id).toBe(built.plan.id);
    const rule = await create<RuleInputs>(recovery.rule, built.rule.inputs);
    expect(rule.id).toBe(built.rule.id);
    const mapping = await create<MappingInputs>(recovery.mapping, built.byAttribute.inputs);
    expect(mapping.id).toBe(built.byAttribute.id);
    expect(recovery.context.stats).toMatchObject({ adoptedExisting: 3 });
  });

  test("deleting the plan deletes its rules and mappings; their deletes then succeed and reads drop them", async () => {
    const { plan, rule, byAttribute, byExpression } = built;
    await providers.plan.delete(plan.id, plan.outs);
    expect((await environmentRequest(api, "GET", `propagation/rules/${rule.id}`)).status).toBe(404);
    expect((await environmentRequest(api, "GET", `propagation/mappings/${byAttribute.id}`)).status).toBe(404);
    await expect(providers.mapping.delete(byExpression.id, byExpression.outs)).resolves.toBeUndefined();
    await expect(providers.rule.delete(rule.id, rule.outs)).resolves.toBeUndefined();
    expect(await providers.rule.read(rule.id, rule.outs)).toEqual({ id: "", props: {} });
    expect(await providers.mapping.read(byAttribute.id, byAttribute.outs)).toEqual({ id: "", props: {} });
    expect(await providers.plan.read(plan.id, plan.outs)).toEqual({ id: "", props: {} });
  });
});

describe("revisions", () => {
  let api: LocalApi;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(async () => api.close());

  test("a run that only read and diffed publishes nothing", async () => {
    const first = providersFor(api);
    const { plan } = await pipeline(first);
    await first.revisions.publish();
    const second = providersFor(api);
    await second.plan.read(plan.id, plan.outs);
    expect(await second.plan.diff(plan.id, plan.outs, plan.inputs)).toMatchObject({ changes: false });
    expect(await second.revisions.publish()).toEqual([]);
    expect(await adminRevisions(api)).toHaveLength(1);
  });

  test("a lost revision is noticed by the next run's diff, and republished without writing the objects again", async () => {
    const first = providersFor(api);
    const { rule, byAttribute, target, plan } = await pipeline(first);
    // The first run never publishes (its process was killed, say).
    const warnings: string[] = [];
    const next = providersFor(api, {}, (warning) => warnings.push(warning));
    expect(await next.rule.diff(rule.id, rule.outs, rule.inputs)).toMatchObject({ changes: true, replaces: [] });
    expect(await next.mapping.diff(byAttribute.id, byAttribute.outs, byAttribute.inputs)).toMatchObject({ changes: true });
    expect(await next.store.diff(target.id, target.outs, target.inputs)).toMatchObject({ changes: true, replaces: [] });
    // Plans carry no timestamp: a plan-only change cannot be noticed (documented).
    expect(await next.plan.diff(plan.id, plan.outs, plan.inputs)).toMatchObject({ changes: false });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Environment \S+ has no propagation revision yet, so PingOne's Admin Console does not show what this stack made there\. They show as updates/,
    );
    await clearRequests(api);
    const updated = await next.rule.update(rule.id, rule.outs, rule.inputs);
    await next.store.update(target.id, target.outs, target.inputs);
    expect(updated.outs).toEqual(rule.outs);
    const results = await next.revisions.publish();
    expect(results.map((r) => r.changes)).toEqual([[`unpublished PropagationRule "HR users"`, `unpublished PropagationStore "HR SCIM"`]]);
    expect(writes(await requests(api)).map((e) => e.path)).toEqual([`/v1/environments/${api.environmentIds[0]}/propagation/revisions`]);
    // And the run after that owes nothing.
    const third = providersFor(api);
    expect(await third.rule.diff(rule.id, rule.outs, rule.inputs)).toMatchObject({ changes: false });
    expect(await third.store.diff(target.id, target.outs, target.inputs)).toMatchObject({ changes: false });
  });

  test("pingone:createRevisions false: no revision, a report that says how to publish, and no owed diffs", async () => {
    const off = providersFor(api, { createRevisions: "false" });
    const { rule } = await pipeline(off);
    const results = await off.revisions.publish();
    expect(results).toEqual([]);
    const [line] = off.revisions.report(results);
    expect(line).toMatch(/no propagation revision created \(pingone:createRevisions is off\)/);
    expect(line).toMatch(/POST \/v1\/environments\/\S+\/propagation\/revisions/);
    expect(await adminRevisions(api)).toEqual([]);
    expect(await providersFor(api, { createRevisions: "false" }).rule.diff(rule.id, rule.outs, rule.inputs)).toMatchObject({
      changes: false,
    });
  });

  test("a revision that cannot be created is reported with how to publish it, and stays pending", async () => {
    const providers = providersFor(api, { retryTimeoutSeconds: "1" });
    await create<PlanInputs>(providers.plan, { name: "Plan" });
    await api.close();
    const results = await providers.revisions.publish();
    expect(results).toHaveLength(1);
    expect(results[0].error).toEqual(expect.any(String));
    expect(providers.revisions.report(results)[0]).toMatch(
      /could not create the propagation revision for 1 change \(created PropagationPlan "Plan"\).*To publish: run pulumi up again/,
    );
    expect(providers.revisions.unpublished.size).toBe(1);
    api = await startApi(); // for afterEach
  });

  test("a delete that found nothing is not a change", async () => {
    const providers = providersFor(api);
    const plan = await create<PlanInputs>(providers.plan, { name: "Plan" });
    await providers.revisions.publish();
    expect((await environmentRequest(api, "DELETE", `propagation/plans/${plan.id}`)).status).toBe(204);
    await providers.plan.delete(plan.id, plan.outs);
    expect(await providers.revisions.publish()).toEqual([]);
  });
});

describe("diff without credentials", () => {
  test("a diff that cannot ask for the latest revision (no credentials) reports only declared changes", async () => {
    const providers = createProviders({ settings: { environmentId: "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90" }, warn: () => undefined });
    const olds = {
      name: "HR",
      plan: "p",
      sourceStore: "s",
      targetStore: "t",
      environmentId: "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90",
      updatedAt: "2026-01-01T00:00:00.000Z",
      declaredProperties: [],
    } as never;
    const news = {
      name: "HR",
      plan: "p",
      sourceStore: "s",
      targetStore: "t",
      environmentId: "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90",
    } as never;
    expect(await providers.rule.diff("rule-1", olds, news)).toMatchObject({ changes: false });
    expect(await providers.rule.diff("rule-1", olds, { ...(news as object), name: "Sales" } as never)).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
});

describe("objects deleted outside Pulumi", () => {
  test("an update of a rule or mapping PingOne no longer has names it, by its Pulumi name, and the repair", async () => {
    const api = await startApi();
    try {
      const providers = providersFor(api);
      const built = await pipeline(providers);
      const rule = { ...built.rule.inputs, __logicalName: "hr-users" };
      const created = await providers.rule.create(rule);
      expect(created.outs).toMatchObject({ __logicalName: "hr-users" });
      const current = (await environmentRequest(api, "GET", `propagation/rules/${created.id}`)).json;
      const drifted = { name: current.name, populationExpression: current.populationExpression, active: !current.active };
      expect((await environmentRequest(api, "PUT", `propagation/rules/${created.id}`, drifted)).status).toBe(200);
      expect((await providers.rule.read(created.id, created.outs!)).inputs).toMatchObject({ __logicalName: "hr-users" });
      expect((await environmentRequest(api, "DELETE", `propagation/rules/${created.id}`)).status).toBe(204);
      const error = (await providers.rule
        .update(created.id, created.outs!, { ...rule, description: "changed" })
        .catch((e: Error) => e)) as Error;
      expect(error.name).toBe("ResourceGoneError");
      expect(error.message).toContain(
        `PropagationRule "hr-users" (propagation rule "HR users", PingOne id ${created.id}) no longer exists in PingOne`,
      );
      expect(error.message).toContain("`pulumi refresh`");
      // A mapping that went with its plan.
      await environmentRequest(api, "DELETE", `propagation/plans/${built.plan.id}`);
      const mappingError = (await providers.mapping
        .update(built.byAttribute.id, built.byAttribute.outs, { ...built.byAttribute.inputs, sourceAttribute: "email" })
        .catch((e: Error) => e)) as Error;
      expect(mappingError.message).toMatch(
        /A PropagationMapping \(mapping to target attribute "userName", PingOne id \S+\) no longer exists in PingOne/,
      );
    } finally {
      await api.close();
    }
  });
});
