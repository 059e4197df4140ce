/**
 * The provisioning pipeline under the real engine: stores, the plan, rules and mappings in one program;
 * a no-op preview; drift on a rule and a mapping; a rule retargeted; destroy; one plan per environment;
 * and the revisions each run publishes (one per run that changed something, none otherwise, always newer
 * than the run's last change), read from the local API's `/__admin/revisions` and request log.
 */
import type { RequestLogEntry } from "../../local-api";
import { declarationFor, idOf, openStack, writesIn, type Declaration, type E2eStack } from "./harness";

jest.setTimeout(900_000);

const quiet = { onOutput: () => undefined };

/** The pipeline of the README: a directory source, two targets, the plan, two rules and three mappings. */
function pipelineDeclarations() {
  const hr = declarationFor("scim", "hr");
  const chat = declarationFor("Slack", "chat");
  const declarations: Declaration[] = [
    { logicalName: "directory", args: { type: "directory", name: "PingOne Directory" } },
    hr.declaration,
    chat.declaration,
    { kind: "plan", logicalName: "plan", args: { name: "Workforce provisioning", status: "ACTIVE" } },
    {
      kind: "rule",
      logicalName: "hr-rule",
      args: {
        plan: idOf("plan"),
        sourceStore: idOf("directory"),
        targetStore: idOf("hr"),
        name: "HR users",
        active: true,
        populationExpression: 'department eq "HR"',
      },
    },
    {
      kind: "mapping",
      logicalName: "hr-username",
      args: { rule: idOf("hr-rule"), sourceAttribute: "username", targetAttribute: "userName" },
    },
    {
      kind: "mapping",
      logicalName: "hr-display",
      args: { rule: idOf("hr-rule"), expression: "${user.name.given} + ' ' + ${user.name.family}", targetAttribute: "displayName" },
    },
    {
      kind: "rule",
      logicalName: "chat-rule",
      args: { plan: idOf("plan"), sourceStore: idOf("directory"), targetStore: idOf("chat"), name: "Chat users" },
    },
    { kind: "mapping", logicalName: "chat-email", args: { rule: idOf("chat-rule"), sourceAttribute: "email", targetAttribute: "email" } },
  ];
  return { declarations, secrets: { ...hr.secrets, ...chat.secrets } };
}

const byName = (declarations: Declaration[], logicalName: string) => declarations.find((d) => d.logicalName === logicalName)!;

/** When the last API write of a log finished, by the server's clock (revisions excluded). */
function lastChangeAt(log: RequestLogEntry[]): number {
  const changes = writesIn(log).filter((entry) => !entry.path.endsWith("/propagation/revisions"));
  return Math.max(...changes.map((entry) => Date.parse(entry.time) + entry.durationMs));
}

const revisionPosts = (log: RequestLogEntry[]) =>
  log.filter((entry) => entry.method === "POST" && entry.path.endsWith("/propagation/revisions"));

describe("the pipeline under the real engine", () => {
  let e2e: E2eStack;
  const { declarations, secrets } = pipelineDeclarations();
  const resourceCount = declarations.length + 1; // and the stack
  let ids: Record<string, string>;

  beforeAll(async () => {
    e2e = await openStack("pipeline");
  });
  afterAll(async () => e2e?.close());

  /** Runs `up`, and checks it published exactly one revision, newer than every write of the run. */
  async function upPublishingOne() {
    const before = (await e2e.revisions()).length;
    await e2e.clearRequests();
    const result = await e2e.stack.up(quiet);
    const log = await e2e.requests();
    expect(revisionPosts(log)).toHaveLength(1);
    const revisions = await e2e.revisions();
    expect(revisions).toHaveLength(before + 1);
    const latest = revisions[revisions.length - 1];
    expect(Date.parse(latest.createdAt)).toBeGreaterThanOrEqual(lastChangeAt(log));
    // What was published reaches the user.
    expect(result.stdout).toContain(`created propagation revision ${latest.id} in environment ${e2e.environmentId}`);
    return { result, latest };
  }

  test("up creates the whole pipeline, and one revision whose snapshot holds all of it", async () => {
    await e2e.declare(declarations, secrets);
    const { result, latest } = await upPublishingOne();
    expect(result.summary.resourceChanges).toEqual({ create: resourceCount });
    ids = Object.fromEntries(Object.entries(result.outputs.ids.value as Record<string, string>));
    const { plans, rules, mappings } = await e2e.listPipeline();
    expect(plans.map((p) => p.id)).toEqual([ids.plan]);
    expect(rules.map((r) => r.id).sort()).toEqual([ids["hr-rule"], ids["chat-rule"]].sort());
    expect(mappings.map((m) => m.id).sort()).toEqual([ids["hr-username"], ids["hr-display"], ids["chat-email"]].sort());
    expect(rules.find((r) => r.id === ids["hr-rule"])).toMatchObject({
      plan: { id: ids.plan },
      sourceStore: { id: ids.directory },
      targetStore: { id: ids.hr },
      active: true,
      populationExpression: 'department eq "HR"',
    });
    expect(latest.snapshot.plan).toMatchObject({ id: ids.plan, name: "Workforce provisioning" });
    expect(latest.snapshot.stores).toHaveLength(3);
    expect(latest.snapshot.rules).toHaveLength(2);
    expect(latest.snapshot.mappings).toHaveLength(3);
  });

  test("an immediate preview reports no changes, and a no-op up creates no revision", async () => {
    const preview = await e2e.stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: resourceCount });
    expect(preview.stdout).not.toMatch(/warning/i);
    const before = (await e2e.revisions()).length;
    await e2e.clearRequests();
    const up = await e2e.stack.up(quiet);
    expect(up.summary.resourceChanges).toEqual({ same: resourceCount });
    expect(writesIn(await e2e.requests())).toEqual([]);
    expect(await e2e.revisions()).toHaveLength(before);
  });

  test("changing one mapping updates that mapping only, and publishes it", async () => {
    byName(declarations, "hr-username").args.sourceAttribute = "email";
    await e2e.declare(declarations);
    const { result } = await upPublishingOne();
    expect(result.summary.resourceChanges).toEqual({ update: 1, same: resourceCount - 1 });
    const { mappings } = await e2e.listPipeline();
    expect(mappings.find((m) => m.id === ids["hr-username"])).toMatchObject({ sourceAttribute: "email", targetAttribute: "userName" });
  });

  test("updating a store previews as an update of that store only: its rules are not replaced", async () => {
    byName(declarations, "hr").args.description = "HR application";
    await e2e.declare(declarations);
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toEqual({ update: 1, same: resourceCount - 1 });
    const { result } = await upPublishingOne();
    expect(result.summary.resourceChanges).toEqual({ update: 1, same: resourceCount - 1 });
  });

  test("drift on a rule and on a mapping: refresh records it, preview shows it, up repairs it", async () => {
    const base = `/v1/environments/${e2e.environmentId}/propagation`;
    const rule = (await e2e.callApi("GET", `${base}/rules/${ids["hr-rule"]}`)).json;
    expect(
      (
        await e2e.callApi("PUT", `${base}/rules/${rule.id}`, {
          name: rule.name,
          active: true,
          populationExpression: 'department eq "Sales"',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await e2e.callApi("PUT", `${base}/mappings/${ids["hr-display"]}`, {
          rule: { id: rule.id },
          expression: "'nobody'",
          targetAttribute: "displayName",
        })
      ).status,
    ).toBe(200);

    const refresh = await e2e.stack.refresh(quiet);
    expect(refresh.summary.resourceChanges).toEqual({ update: 2, same: resourceCount - 2 });
    const preview = await e2e.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ update: 2, same: resourceCount - 2 });
    expect(preview.stdout).toMatch(/populationExpression/);
    expect(preview.stdout).toMatch(/expression/);

    await upPublishingOne();
    expect((await e2e.callApi("GET", `${base}/rules/${rule.id}`)).json.populationExpression).toBe('department eq "HR"');
    expect((await e2e.callApi("GET", `${base}/mappings/${ids["hr-display"]}`)).json.expression).toContain("${user.name.given}");
    expect((await e2e.stack.preview()).changeSummary).toEqual({ same: resourceCount });
  });

  test("changing a rule's target store replaces the rule (with the mappings PingOne keeps under it) and nothing else", async () => {
    byName(declarations, "hr-rule").args.targetStore = idOf("chat");
    await e2e.declare(declarations);
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toEqual({ replace: 3, same: resourceCount - 3 });
    const { result } = await upPublishingOne();
    expect(result.summary.resourceChanges).toEqual({ replace: 3, same: resourceCount - 3 });
    const after = result.outputs.ids.value as Record<string, string>;
    for (const unchanged of ["directory", "hr", "chat", "plan", "chat-rule", "chat-email"]) expect(after[unchanged]).toBe(ids[unchanged]);
    for (const replaced of ["hr-rule", "hr-username", "hr-display"]) expect(after[replaced]).not.toBe(ids[replaced]);
    const { rules, mappings } = await e2e.listPipeline();
    expect(rules.map((r) => r.id).sort()).toEqual([after["hr-rule"], after["chat-rule"]].sort());
    expect(rules.find((r) => r.id === after["hr-rule"])!.targetStore.id).toBe(ids.chat);
    expect(mappings.map((m) => m.id).sort()).toEqual([after["hr-username"], after["hr-display"], after["chat-email"]].sort());
    ids = after;
  });

  test("destroy deletes in dependency order, leaves the environment empty, and publishes that", async () => {
    const before = (await e2e.revisions()).length;
    await e2e.clearRequests();
    const result = await e2e.stack.destroy(quiet);
    expect(result.summary.result).toBe("succeeded");
    const log = await e2e.requests();
    const deletes = log.filter((entry) => entry.method === "DELETE").map((entry) => entry.path.split("/propagation/")[1].split("/")[0]);
    // Mappings before their rules, rules before the plan and the stores.
    expect(deletes.lastIndexOf("mappings")).toBeLessThan(deletes.indexOf("rules"));
    expect(deletes.lastIndexOf("rules")).toBeLessThan(deletes.indexOf("plans"));
    expect(deletes.lastIndexOf("rules")).toBeLessThan(deletes.indexOf("stores"));
    expect(log.filter((entry) => entry.method === "DELETE" && entry.status !== 204)).toEqual([]);
    expect(await e2e.listStores()).toEqual([]);
    expect(await e2e.listPipeline()).toEqual({ plans: [], rules: [], mappings: [] });
    const revisions = await e2e.revisions();
    expect(revisions).toHaveLength(before + 1);
    expect(revisionPosts(log)).toHaveLength(1);
    const latest = revisions[revisions.length - 1];
    expect(Date.parse(latest.createdAt)).toBeGreaterThanOrEqual(lastChangeAt(log));
    expect(latest.snapshot).toMatchObject({ stores: [], rules: [], mappings: [] });
    expect(latest.snapshot.plan ?? null).toBeNull();
    expect(result.stdout).toContain(`created propagation revision ${latest.id}`);
  });
});

describe("one plan per environment, deleted plans, and pingone:createRevisions", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("pipeline-plan");
  });
  afterAll(async () => e2e?.close());

  const plan: Declaration = { kind: "plan", logicalName: "plan", args: { name: "Declared plan" } };
  const directory: Declaration = { logicalName: "directory", args: { type: "directory", name: "PingOne Directory" } };
  const rule: Declaration = {
    kind: "rule",
    logicalName: "rule",
    args: { plan: idOf("plan"), sourceStore: idOf("directory"), targetStore: idOf("app"), name: "Everyone" },
  };
  const app = declarationFor("scim", "app");
  const target = app.declaration;
  const mapping: Declaration = {
    kind: "mapping",
    logicalName: "mapping",
    args: { rule: idOf("rule"), sourceAttribute: "email", targetAttribute: "mail" },
  };

  test("a plan that already exists: up fails naming it and how to adopt it; recovery mode adopts it", async () => {
    const existing = await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/plans`, { name: "Made in the console" });
    expect(existing.status).toBe(201);
    await e2e.declare([plan]);
    const error = (await e2e.stack.up(quiet).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`already has a propagation plan, "Made in the console" (${existing.json.id})`);
    expect(error.message).toContain("PINGONE_ADOPT_EXISTING_STORES=true (or pingone:adoptExistingStores: true)");
    expect((await e2e.listPipeline()).plans).toHaveLength(1);

    await e2e.stack.setConfig("pingone:adoptExistingStores", { value: "true" });
    const adopted = await e2e.stack.up(quiet);
    await e2e.stack.removeConfig("pingone:adoptExistingStores");
    expect(adopted.outputs.ids.value.plan).toBe(existing.json.id);
    expect((await e2e.listPipeline()).plans).toEqual([expect.objectContaining({ id: existing.json.id, name: "Declared plan" })]);
    await e2e.stack.preview({ expectNoChanges: true });
  });

  test("pingone:createRevisions false: a run that changes things creates no revision and says so", async () => {
    await e2e.stack.setConfig("pingone:createRevisions", { value: "false" });
    const before = (await e2e.revisions()).length;
    await e2e.declare([plan, directory, target, rule, mapping], app.secrets);
    const up = await e2e.stack.up(quiet);
    await e2e.stack.removeConfig("pingone:createRevisions");
    expect(up.summary.resourceChanges).toMatchObject({ create: 4, same: 2 });
    expect(await e2e.revisions()).toHaveLength(before);
    expect(up.stdout).toMatch(/no propagation revision created \(pingone:createRevisions is off\)/);
  });

  test("with revisions on again, the next preview shows the unpublished objects, and up publishes them without writing them", async () => {
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 4 }); // the two stores, the rule and the mapping (a plan has no timestamp)
    expect(preview.stdout).toMatch(
      /Objects of this stack in environment \S+ changed after its latest propagation revision \(\S+, \S+\), so PingOne's Admin Console does not show those changes/,
    );
    await e2e.clearRequests();
    const up = await e2e.stack.up(quiet);
    const log = await e2e.requests();
    expect(writesIn(log).map((entry) => `${entry.method} ${entry.path.split("/propagation/")[1]}`)).toEqual(["POST revisions"]);
    expect(up.stdout).toMatch(/created propagation revision \S+ in environment \S+ for 4 changes \(unpublished /);
    await e2e.stack.preview({ expectNoChanges: true });
  });

  test("a plan deleted out of band takes its rules and mappings with it; destroy still succeeds without errors", async () => {
    const [existing] = (await e2e.listPipeline()).plans;
    expect((await e2e.callApi("DELETE", `/v1/environments/${e2e.environmentId}/propagation/plans/${existing.id}`)).status).toBe(204);
    await e2e.clearRequests();
    const result = await e2e.stack.destroy(quiet);
    expect(result.summary.result).toBe("succeeded");
    expect(result.stderr).not.toMatch(/error/i);
    expect(await e2e.listStores()).toEqual([]);
    // The rule and mapping deletes found nothing (404, success); the stores' deletes are the change published.
    expect(revisionPosts(await e2e.requests())).toHaveLength(1);
  });
});
