/**
 * `PropagationPlan.get`, `PropagationRule.get` and `PropagationMapping.get` under the real engine
 * (test/e2e/lookup-program): a plan, a rule and a mapping made directly through the local API, read by a program
 * that feeds their ids into a managed store's input and its stack outputs; preview, refresh after changes made
 * elsewhere, destroy. The provider side of the same reads is test/lifecycle/read-unmanaged-pipeline.test.ts.
 */
import { LOOKUP_PROGRAM_DIR, openStack, writesIn, type E2eStack } from "./harness";

jest.setTimeout(900_000);

const quiet = { onOutput: () => undefined };

describe("a plan, a rule and a mapping managed elsewhere", () => {
  let e2e: E2eStack;
  afterAll(async () => e2e?.close());

  // One test, so that it runs alone with -t: each stage needs the state the one before it left.
  test("get reads them at preview with their real ids, refresh follows changes made elsewhere, destroy deletes none of them", async () => {
    e2e = await openStack("pipeline-get", {}, LOOKUP_PROGRAM_DIR);
    const base = `/v1/environments/${e2e.environmentId}/propagation`;
    const made = async (pathname: string, body: unknown) => {
      const response = await e2e.callApi("POST", `${base}/${pathname}`, body);
      expect(response.status).toBe(201);
      return response.json;
    };
    const source = await made("stores", { type: "directory", name: "Directory" });
    const target = await made("stores", { type: "directory", name: "Second directory" });
    const plan = await made("plans", { name: "Shared plan" });
    const rule = await made(`plans/${plan.id}/rules`, {
      name: "Shared rule",
      sourceStore: { id: source.id },
      targetStore: { id: target.id },
    });
    const mapping = await made(`rules/${rule.id}/mappings`, { sourceAttribute: "email", targetAttribute: "mail" });
    e2e.writeProgramInput({
      pipelineGets: [
        { kind: "plan", logicalName: "shared-plan", id: plan.id },
        { kind: "rule", logicalName: "shared-rule", id: rule.id },
        { kind: "mapping", logicalName: "shared-mapping", id: mapping.id },
      ],
      // Their ids in another resource's input (kept short: the preview display cuts strings past about 150 characters).
      stores: [
        {
          logicalName: "consumer",
          args: { type: "directory", name: "consumer", description: "{get:shared-plan} {get:shared-rule} {get:shared-mapping}" },
        },
      ],
    });
    const ids = `${plan.id} ${rule.id} ${mapping.id}`;

    // Preview: the reads happen at preview, so the consumer's input already holds the real ids; nothing is written.
    await e2e.clearRequests();
    const preview = await e2e.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ create: 2 }); // the stack and the consumer; a read is no change
    expect(preview.stdout).toContain(`description  : "${ids}"`);
    for (const [type, idOutput, id] of [
      ["PropagationPlan", "planId", plan.id],
      ["PropagationRule", "ruleId", rule.id],
      ["PropagationMapping", "mappingId", mapping.id],
    ]) {
      expect(preview.stdout).toMatch(new RegExp(`pingone:${type}: \\(read\\)[\\s\\S]*?${idOutput}\\s*: "${id}"`));
    }
    expect(writesIn(await e2e.requests())).toEqual([]);

    // Up: the outputs are the live objects', and the ids fed the managed store.
    const up = await e2e.stack.up(quiet);
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.pipelineGetOutputs.value).toEqual({
      "shared-plan": { planId: plan.id, name: "Shared plan", updatedAt: plan.updatedAt },
      "shared-rule": { ruleId: rule.id, plan: plan.id, name: "Shared rule" },
      "shared-mapping": { mappingId: mapping.id, rule: rule.id, sourceAttribute: "email", targetAttribute: "mail" },
    });
    expect((await e2e.listStores()).find((store) => store.name === "consumer")?.description).toBe(ids);

    // Changed elsewhere: refresh records it in each read resource's outputs; the next preview changes nothing.
    expect((await e2e.callApi("PUT", `${base}/plans/${plan.id}`, { name: "Shared plan, renamed" })).status).toBe(200);
    expect((await e2e.callApi("PUT", `${base}/rules/${rule.id}`, { name: "Shared rule", description: "changed elsewhere" })).status).toBe(
      200,
    );
    expect(
      (
        await e2e.callApi("PUT", `${base}/mappings/${mapping.id}`, {
          rule: { id: rule.id },
          sourceAttribute: "username",
          targetAttribute: "mail",
        })
      ).status,
    ).toBe(200);
    const refresh = await e2e.stack.refresh(quiet);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 3 });
    const resources: Array<{ urn: string; external?: boolean; outputs: Record<string, unknown> }> = (await e2e.stack.exportStack())
      .deployment.resources;
    const inState = (logicalName: string) => resources.find((resource) => resource.urn.endsWith(`::${logicalName}`))!;
    for (const logicalName of ["shared-plan", "shared-rule", "shared-mapping"]) expect(inState(logicalName).external).toBe(true);
    expect(inState("shared-plan").outputs).toMatchObject({ planId: plan.id, name: "Shared plan, renamed" });
    expect(inState("shared-rule").outputs).toMatchObject({ ruleId: rule.id, description: "changed elsewhere" });
    expect(inState("shared-mapping").outputs).toMatchObject({ mappingId: mapping.id, sourceAttribute: "username" });
    await e2e.clearRequests();
    const after = await e2e.stack.preview({ diff: true });
    expect(after.changeSummary).toEqual({ same: 2 });
    expect(writesIn(await e2e.requests())).toEqual([]);
    const upAfter = await e2e.stack.up(quiet);
    expect(upAfter.outputs.pipelineGetOutputs.value).toMatchObject({
      "shared-plan": { name: "Shared plan, renamed" },
      "shared-rule": { description: "changed elsewhere" },
      "shared-mapping": { sourceAttribute: "username" },
    });

    // Destroy deletes the consumer only; the plan, the rule and the mapping stay on the server.
    await e2e.clearRequests();
    await e2e.stack.destroy(quiet);
    const deletes = (await e2e.requests()).filter((entry) => entry.method === "DELETE").map((entry) => entry.path);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatch(/\/propagation\/stores\//);
    for (const pathname of [`plans/${plan.id}`, `rules/${rule.id}`, `mappings/${mapping.id}`]) {
      expect((await e2e.callApi("GET", `${base}/${pathname}`)).status).toBe(200);
    }
  });
});
