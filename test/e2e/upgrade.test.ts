/**
 * A stack written by an earlier release, under this one and the real engine. Its state holds the `__provider`
 * texts `pulumi.dynamic.Resource` serialized then (test/fixtures/earlier-provider-texts.json), where this
 * release registers a one-line text (provider/resource/lifecycle-resource.ts). Upgrading must change nothing:
 * the preview and the up show every resource unchanged and write nothing; refresh and destroy, which run the
 * text held in the outputs, still work; the first real update moves the resource to this release's text.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { providerTextOf, type ResourceClassName } from "../../provider/resource/lifecycle-resource";
import earlier from "../fixtures/earlier-provider-texts.json";
import { declarationFor, idOf, openStack, writesIn, type Declaration, type E2eStack } from "./harness";

jest.setTimeout(900_000);

const quiet = { onOutput: () => undefined };

interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, any>;
  outputs?: Record<string, any>;
}

const classOf = (resource: StateResource) => resource.type.split(":").pop() as ResourceClassName;

describe("a stack an earlier release wrote", () => {
  let e2e: E2eStack;
  const hr = declarationFor("scim", "hr");
  const declarations: Declaration[] = [
    { logicalName: "directory", args: { type: "directory", name: "PingOne Directory" } },
    hr.declaration,
    { kind: "plan", logicalName: "plan", args: { name: "Workforce provisioning" } },
    {
      kind: "rule",
      logicalName: "hr-rule",
      args: { plan: idOf("plan"), sourceStore: idOf("directory"), targetStore: idOf("hr"), name: "HR users" },
    },
    { kind: "mapping", logicalName: "hr-email", args: { rule: idOf("hr-rule"), sourceAttribute: "email", targetAttribute: "emails" } },
  ];

  /** The stack's dynamic resources, from the state as `pulumi stack export` shows it (secrets stay encrypted). */
  const exported = () => JSON.parse(e2e.cli("stack", "export"));
  const dynamicResources = (deployment: any): StateResource[] =>
    deployment.deployment.resources.filter((resource: StateResource) => resource.type.startsWith("pulumi-nodejs:dynamic/"));

  beforeAll(async () => {
    e2e = await openStack("upgrade");
    await e2e.declare(declarations, hr.secrets);
    await e2e.stack.up(quiet);
    // What the earlier release left: its texts in the inputs and in the outputs of every resource.
    const state = exported();
    for (const resource of dynamicResources(state)) {
      resource.inputs!.__provider = earlier.texts[classOf(resource)];
      resource.outputs!.__provider = earlier.texts[classOf(resource)];
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-")), "state.json");
    fs.writeFileSync(file, JSON.stringify(state));
    e2e.cli("stack", "import", "--file", file);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await e2e.clearRequests();
  });
  afterAll(async () => e2e?.close());

  test("the state holds the earlier texts, and nothing else", () => {
    const resources = dynamicResources(exported());
    expect(resources.map(classOf).sort()).toEqual([
      "PropagationMapping",
      "PropagationPlan",
      "PropagationRule",
      "PropagationStore",
      "PropagationStore",
    ]);
    for (const resource of resources) {
      expect(resource.inputs!.__provider).toBe(earlier.texts[classOf(resource)]);
      expect(resource.outputs!.__provider).toBe(earlier.texts[classOf(resource)]);
    }
  });

  test("preview and up show every resource unchanged and write nothing", async () => {
    const preview = await e2e.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 6 }); // the stack and its five resources
    const up = await e2e.stack.up(quiet);
    expect(up.summary.resourceChanges).toEqual({ same: 6 });
    expect(writesIn(await e2e.requests())).toEqual([]);
    // The engine kept the old outputs, and so the earlier text, for refresh and delete; the inputs are this release's.
    for (const resource of dynamicResources(exported())) {
      expect(resource.inputs!.__provider).toBe(providerTextOf(classOf(resource)));
      expect(resource.outputs!.__provider).toBe(earlier.texts[classOf(resource)]);
    }
  });

  test("refresh runs the earlier text and still detects drift exactly", async () => {
    const [store] = (await e2e.listStores()).filter((s) => s.type === "scim");
    const changed = await e2e.callApi("PUT", `/v1/environments/${e2e.environmentId}/propagation/stores/${store.id}`, {
      type: store.type,
      name: store.name,
      configuration: { ...store.configuration, SCIM_URL: "https://elsewhere.example.com/scim" },
    });
    expect(changed.status).toBe(200);
    const refresh = await e2e.stack.refresh(quiet);
    expect(refresh.summary.resourceChanges).toEqual({ same: 5, update: 1 });
    const hrState = dynamicResources(exported()).find((resource) => resource.urn.endsWith("::hr"))!;
    expect(hrState.outputs!.configuration).toBeDefined(); // a secret: encrypted in the export, checked through the API below
    expect(hrState.outputs!.__provider).toBe(earlier.texts.PropagationStore);
  });

  test("the first update writes the store once and moves it to this release's text", async () => {
    await e2e.clearRequests();
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 5, update: 1 }); // the drift refresh recorded, nothing replaced
    await e2e.stack.up(quiet);
    expect(writesIn(await e2e.requests()).map((entry) => entry.method)).toEqual(["PUT", "POST"]); // the store, then the revision
    const [store] = (await e2e.listStores()).filter((s) => s.type === "scim");
    expect(store.configuration.SCIM_URL).toBe((hr.declaration.args.configuration as Record<string, string>).SCIM_URL);
    const hrState = dynamicResources(exported()).find((resource) => resource.urn.endsWith("::hr"))!;
    expect(hrState.outputs!.__provider).toBe(providerTextOf("PropagationStore"));
  });

  test("destroy runs the texts in the outputs, earlier ones included, and removes everything", async () => {
    const outputs = dynamicResources(exported()).map((resource) => resource.outputs!.__provider);
    expect(outputs.filter((text) => Object.values(earlier.texts).includes(text))).toHaveLength(4);
    const destroy = await e2e.stack.destroy(quiet);
    expect(destroy.summary.resourceChanges).toEqual({ delete: 6 });
    expect(await e2e.listStores()).toEqual([]);
    const { plans, rules, mappings } = await e2e.listPipeline();
    expect({ plans, rules, mappings }).toEqual({ plans: [], rules: [], mappings: [] });
  });
});
