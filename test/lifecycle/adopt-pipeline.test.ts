/**
 * Adopt by id for plans, rules and mappings, against the local API over real HTTP: the pipeline is made
 * directly through the API first, then each object is adopted through its provider as the engine calls it.
 */
import type { LocalApi } from "../../local-api";
import { createProviders, type MappingInputs, type PlanInputs, type RuleInputs } from "../../provider/lifecycle";
import { minimalConfigurations } from "../fixtures/store-examples";
import { environmentRequestOk } from "../support/api";
import { providerSettings } from "../support/stack";
import { clearRequests, createOnServer, requests, startApi } from "./helpers";

type Providers = ReturnType<typeof createProviders>;

const pipelineWrites = (log: Awaited<ReturnType<typeof requests>>) =>
  log.filter((entry) => entry.path.startsWith("/v1/") && entry.method !== "GET" && !entry.path.endsWith("/connection/status"));

describe("adopt by id: plans, rules and mappings", () => {
  let api: LocalApi;
  let made: { plan: any; rule: any; mapping: any; source: any; target: any; other: any };
  const run = (): Providers => createProviders({ settings: providerSettings(api), warn: () => undefined, info: () => undefined });

  /** check then create, as the engine does them. */
  async function adoptWith<I>(provider: { check(o: I, n: I): Promise<any>; create(i: I): Promise<any> }, inputs: I) {
    const checked = await provider.check({} as I, inputs);
    return { failures: checked.failures as Array<{ property: string; reason: string }>, create: () => provider.create(checked.inputs) };
  }

  beforeAll(async () => {
    api = await startApi();
    const source = await createOnServer(api, { type: "directory", name: "PingOne directory" });
    const target = await createOnServer(api, { type: "scim", name: "HR SCIM", configuration: minimalConfigurations.scim });
    const other = await createOnServer(api, { type: "scim", name: "Other SCIM", configuration: minimalConfigurations.scim });
    const plan = await environmentRequestOk(api, "POST", "propagation/plans", { name: "Workforce" });
    const rule = await environmentRequestOk(api, "POST", `propagation/plans/${plan.id}/rules`, {
      sourceStore: { id: source.id },
      targetStore: { id: target.id },
      name: "HR users",
      active: true,
      populationExpression: 'department eq "HR"',
    });
    const mapping = await environmentRequestOk(api, "POST", `propagation/rules/${rule.id}/mappings`, {
      sourceAttribute: "username",
      targetAttribute: "userName",
    });
    made = { plan, rule, mapping, source, target, other };
  });
  afterAll(async () => api.close());

  test("a plan, a rule and a mapping as declared: zero writes, each in state, and no change afterwards", async () => {
    const providers = run();
    await clearRequests(api);
    const planInputs: PlanInputs = { name: "Workforce", adopt: { id: made.plan.id, resource: "workforce" } };
    const ruleInputs: RuleInputs = {
      plan: made.plan.id,
      sourceStore: made.source.id,
      targetStore: made.target.id,
      name: "HR users",
      active: true,
      populationExpression: 'department eq "HR"',
      adopt: { id: made.rule.id, resource: "hr-users" },
    };
    const mappingInputs: MappingInputs = {
      rule: made.rule.id,
      sourceAttribute: "username",
      targetAttribute: "userName",
      adopt: { id: made.mapping.id },
    };
    const plan = await adoptWith(providers.plan, planInputs);
    const rule = await adoptWith(providers.rule, ruleInputs);
    const mapping = await adoptWith(providers.mapping, mappingInputs);
    expect([plan.failures, rule.failures, mapping.failures]).toEqual([[], [], []]);
    const adopted = { plan: await plan.create(), rule: await rule.create(), mapping: await mapping.create() };
    expect(adopted.plan).toMatchObject({ id: made.plan.id, outs: { planId: made.plan.id, name: "Workforce" } });
    expect(adopted.rule).toMatchObject({ id: made.rule.id, outs: { ruleId: made.rule.id, sourceStore: made.source.id } });
    expect(adopted.mapping).toMatchObject({ id: made.mapping.id, outs: { mappingId: made.mapping.id, targetAttribute: "userName" } });
    expect(pipelineWrites(await requests(api))).toEqual([]);
    expect(providers.revisions.unpublished.size).toBe(0);

    // A later run (check has filled in environmentId): nothing declared changed, adopt is inert, and no
    // revision is owed for what the stack did not change.
    const later = run();
    const environmentId = api.environmentIds[0];
    expect((await later.plan.diff(made.plan.id, adopted.plan.outs, { name: "Workforce", environmentId })).changes).toBe(false);
    const { adopt: _ignored, ...ruleWithoutAdopt } = ruleInputs;
    expect((await later.rule.diff(made.rule.id, adopted.rule.outs, { ...ruleWithoutAdopt, environmentId })).changes).toBe(false);
    expect(
      (await later.mapping.diff(made.mapping.id, adopted.mapping.outs, { ...mappingInputs, environmentId, adopt: { id: "another" } }))
        .changes,
    ).toBe(false);
  });

  test("a rule whose declaration differs in place: one PUT; in a create-only field (its target store): refused before any write", async () => {
    await clearRequests(api);
    const renamedRule = (targetStore: string): RuleInputs => ({
      plan: made.plan.id,
      sourceStore: made.source.id,
      targetStore,
      name: "HR users, renamed",
      adopt: { id: made.rule.id },
    });
    const renamed = await adoptWith(run().rule, renamedRule(made.target.id));
    expect(renamed.failures).toEqual([]);
    await renamed.create();
    expect(pipelineWrites(await requests(api)).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `PUT /v1/environments/${api.environmentIds[0]}/propagation/rules/${made.rule.id}`,
    ]);

    await clearRequests(api);
    const elsewhere = await adoptWith(run().rule, renamedRule(made.other.id));
    expect(elsewhere.failures).toEqual([
      {
        property: "adopt.id",
        reason: expect.stringMatching(
          new RegExp(
            `this propagation rule cannot take this declaration: targetStore is "${made.target.id}" there but "${made.other.id}" here, and only a create can set it`,
          ),
        ),
      },
    ]);
    await expect(elsewhere.create()).rejects.toThrow(/only a create can set it.*Nothing was written/s);
    expect(pipelineWrites(await requests(api))).toEqual([]);
  });

  test("a missing id, and one id adopted twice in a run, are refused without a write", async () => {
    await clearRequests(api);
    const missing = await adoptWith(run().mapping, {
      rule: made.rule.id,
      sourceAttribute: "email",
      targetAttribute: "mail",
      adopt: { id: "3c2b1a0f-9e8d-4c7b-8a6f-5e4d3c2b1a0f" },
    } as MappingInputs);
    expect(missing.failures).toEqual([
      {
        property: "adopt.id",
        reason: expect.stringMatching(
          /adopt.id "3c2b1a0f-9e8d-4c7b-8a6f-5e4d3c2b1a0f": there is no propagation mapping with this id in environment/,
        ),
      },
    ]);
    const providers = run();
    const first = await adoptWith(providers.plan, { name: "Workforce", adopt: { id: made.plan.id, resource: "first" } } as PlanInputs);
    const second = await adoptWith(providers.plan, { name: "Workforce", adopt: { id: made.plan.id, resource: "second" } } as PlanInputs);
    await first.create();
    await expect(second.create()).rejects.toThrow(
      /this propagation plan is already adopted by resource "first" in this stack, so resource "second" cannot adopt it too/,
    );
    expect(pipelineWrites(await requests(api))).toEqual([]);
  });
});
