/** Drift, unknown values at preview, and bad input, under the real engine. */
import { declarationFor, openStack, pulumiCliOk, writesIn, type E2eStack } from "./harness";

jest.setTimeout(600_000);

describe("drift", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("drift");
  });
  afterAll(async () => e2e?.close());

  const { declaration, secrets } = declarationFor("scim", "hr");

  /**
   * The one store each test starts from, managed and as declared: each test sets it up itself (an up that
   * changes nothing when an earlier test left it so), so it runs alone with `-t` and proves the same.
   */
  async function managedStore(): Promise<Record<string, any>> {
    await e2e.declare([declaration], secrets);
    await e2e.stack.up({ onOutput: () => undefined });
    const stores = await e2e.listStores();
    expect(stores).toHaveLength(1);
    expect(stores[0].configuration.SCIM_URL).toBe((declaration.args.configuration as Record<string, string>).SCIM_URL);
    return stores[0];
  }

  /** The store's inputs as the state holds them (secrets as the state's ciphertexts). */
  async function stateInputs(): Promise<Record<string, any>> {
    const resources = (await e2e.stack.exportStack()).deployment.resources as Array<{ type: string; inputs: Record<string, any> }>;
    const stores = resources.filter((resource) => resource.type.endsWith(":PropagationStore"));
    expect(stores).toHaveLength(1);
    return stores[0].inputs;
  }

  test("a store changed out of band: refresh records it, preview shows it, up restores it", async () => {
    const store = await managedStore();
    // First a refresh that finds nothing changed: the state's inputs stay exactly as `up` wrote them.
    const declared = await stateInputs();
    expect((await e2e.stack.refresh({ onOutput: () => undefined })).summary.resourceChanges).toEqual({ same: 2 });
    expect(await stateInputs()).toEqual(declared);

    const changed = await e2e.callApi("PUT", `/v1/environments/${e2e.environmentId}/propagation/stores/${store.id}`, {
      type: store.type,
      name: store.name,
      configuration: { ...store.configuration, SCIM_URL: "https://attacker.example.com/scim" },
    });
    expect(changed.status).toBe(200);

    const refresh = await e2e.stack.refresh({ onOutput: () => undefined });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    // The state's inputs now follow PingOne, so the next diff shows the drift.
    expect((await stateInputs()).configuration.SCIM_URL).toBe("https://attacker.example.com/scim");
    const preview = await e2e.stack.preview({ diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/SCIM_URL/);
    await e2e.stack.up({ onOutput: () => undefined });
    const [restored] = await e2e.listStores();
    expect(restored.configuration.SCIM_URL).toBe((declaration.args.configuration as Record<string, string>).SCIM_URL);
  });

  test("a store deleted out of band: refresh drops it and up creates it again", async () => {
    const store = await managedStore();
    expect((await e2e.callApi("DELETE", `/v1/environments/${e2e.environmentId}/propagation/stores/${store.id}`)).status).toBe(204);
    const refresh = await e2e.stack.refresh({ onOutput: () => undefined });
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    const stores = await e2e.listStores();
    expect(stores).toHaveLength(1);
    expect(stores[0].id).not.toBe(store.id);
    await e2e.stack.destroy({ onOutput: () => undefined });
  });
});

describe("a store deleted outside Pulumi, then changed in the program, without a refresh", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("gone");
  });
  afterAll(async () => e2e?.close());

  const { declaration, secrets } = declarationFor("scim", "payroll");
  const storesPath = () => `/v1/environments/${e2e.environmentId}/propagation/stores`;

  /** Deletes the store behind the user's back, changes its declaration, and returns what `pulumi up` shows. */
  async function deleteChangeAndUp(description: string): Promise<{ output: string; deletedId: string }> {
    const [store] = await e2e.listStores();
    expect((await e2e.callApi("DELETE", `${storesPath()}/${store.id}`)).status).toBe(204);
    declaration.args.description = description;
    await e2e.declare([declaration]);
    let output = "";
    await expect(e2e.stack.up({ onOutput: (chunk) => (output += chunk) })).rejects.toThrow(/no longer exists in PingOne/);
    // The progress rows repeat each error's first line; the Diagnostics section holds the errors themselves.
    const diagnostics = output.slice(output.indexOf("\nDiagnostics:"), output.indexOf("\nOutputs:"));
    return { output: diagnostics, deletedId: store.id };
  }

  /** The commands the message names, in order, as a person would copy them. */
  const repairsIn = (diagnostics: string) => [...diagnostics.matchAll(/`(pulumi [^`]+)`/g)].map((match) => match[1]);

  /** Runs a printed command exactly, plus --yes: the confirmation a person gives at the prompt. */
  const runAsPrinted = (command: string) => pulumiCliOk(e2e, [...command.split(" ").slice(1), "--yes"]);

  /** What the failed `up` of the first test showed: the next test repairs that stack. */
  let firstFailure = "";

  test("a stack whose state predates the hidden name input previews with no changes", async () => {
    await e2e.declare([declaration], secrets);
    await e2e.stack.up({ onOutput: () => undefined });
    const exported = await e2e.stack.exportStack();
    type StateResource = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
    const stores = (exported.deployment.resources as StateResource[]).filter((resource) => resource.type.endsWith(":PropagationStore"));
    expect(stores.map((store) => [store.inputs?.__logicalName, store.outputs?.__logicalName])).toEqual([["payroll", "payroll"]]);
    // The state as a provider that did not keep the name wrote it.
    for (const store of stores) {
      delete store.inputs?.__logicalName;
      delete store.outputs?.__logicalName;
    }
    await e2e.stack.importStack(exported);
    await pulumiCliOk(e2e, ["preview", "--expect-no-changes"]);
  });

  test("up fails with one message naming the store, its id, what happened and the repair", async () => {
    const { output: diagnostics, deletedId } = await deleteChangeAndUp("changed after an out-of-band delete");
    firstFailure = diagnostics;
    const message = `PropagationStore "payroll" (scim store "scim (payroll)", PingOne id ${deletedId}) no longer exists in PingOne: it was deleted outside Pulumi`;
    expect(diagnostics).toContain(message);
    expect(diagnostics.split(message).length - 1).toBe(1); // one message, not one per attempt or per layer
    expect(repairsIn(diagnostics)).toEqual(["pulumi refresh", "pulumi up", "pulumi up --refresh"]);
    expect(diagnostics).toMatch(/404 NOT_FOUND/); // what PingOne said, after the explanation
  });

  test("the one-step repair as printed, `pulumi up --refresh`, brings that stack back", async () => {
    const [, , oneStep] = repairsIn(firstFailure);
    await runAsPrinted(oneStep);
    const stores = await e2e.listStores();
    expect(stores.map((store) => store.description)).toEqual(["changed after an out-of-band delete"]);
    await pulumiCliOk(e2e, ["preview", "--expect-no-changes"]);
  });

  test("the two-step repair as printed, `pulumi refresh` then `pulumi up`, brings the stack back", async () => {
    const { output, deletedId } = await deleteChangeAndUp("repaired in two steps");
    const [refresh, up] = repairsIn(output);
    await runAsPrinted(refresh);
    await runAsPrinted(up);
    const stores = await e2e.listStores();
    expect(stores.map((store) => store.description)).toEqual(["repaired in two steps"]);
    expect(stores[0].id).not.toBe(deletedId);
    await pulumiCliOk(e2e, ["preview", "--expect-no-changes"]);
    await e2e.stack.destroy({ onOutput: () => undefined });
    expect(await e2e.listStores()).toEqual([]);
  });
});

describe("preview", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("preview");
  });
  afterAll(async () => e2e?.close());

  test("a SCIM_URL that is another resource's output, unknown at preview, previews and then applies", async () => {
    const directory = declarationFor("directory", "source");
    const scim = declarationFor("scim", "dependent");
    (scim.declaration.args.configuration as Record<string, unknown>).SCIM_URL = {
      $storeIdOf: "source",
      template: "https://scim.example.com/{id}/v2",
    };
    await e2e.declare([directory.declaration, scim.declaration], scim.secrets);
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toMatchObject({ create: 3 });
    await e2e.stack.up({ onOutput: () => undefined });
    const stores = await e2e.listStores();
    const source = stores.find((s) => s.type === "directory")!;
    expect(stores.find((s) => s.type === "scim")!.configuration.SCIM_URL).toBe(`https://scim.example.com/${source.id}/v2`);
    await e2e.stack.destroy({ onOutput: () => undefined });
  });

  test("a misspelled configuration key fails at preview, names the path, and writes nothing", async () => {
    const { declaration, secrets } = declarationFor("scim", "typo");
    const configuration = declaration.args.configuration as Record<string, unknown>;
    configuration.SCIM_ULR = configuration.SCIM_URL;
    delete configuration.SCIM_URL;
    await e2e.declare([declaration], secrets);
    await e2e.clearRequests();
    const previewing = e2e.stack.preview();
    await expect(previewing).rejects.toThrow(/configuration\.SCIM_ULR/);
    await expect(previewing).rejects.toThrow(/Did you mean SCIM_URL\?/);
    expect(writesIn(await e2e.requests())).toEqual([]);
  });

  test("a deprecated key previews with a warning that names its successor", async () => {
    const { declaration, secrets } = declarationFor("scim", "legacy");
    (declaration.args.configuration as Record<string, unknown>).createNewUsers = true;
    await e2e.declare([declaration], secrets);
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toMatchObject({ create: 2 });
    expect(preview.stdout).toMatch(/configuration\.createNewUsers is deprecated for scim stores; use CREATE_USERS instead/);
  });
});
