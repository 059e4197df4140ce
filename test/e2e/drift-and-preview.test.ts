/** Drift, unknown values at preview, and bad input, under the real engine. */
import { declarationFor, openStack, writesIn, type E2eStack } from "./harness";

jest.setTimeout(600_000);

describe("drift", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("drift");
  });
  afterAll(async () => e2e?.close());

  test("a store changed out of band: refresh records it, preview shows it, up restores it", async () => {
    const { declaration, secrets } = declarationFor("scim", "hr");
    await e2e.declare([declaration], secrets);
    await e2e.stack.up({ onOutput: () => undefined });
    const [store] = await e2e.listStores();
    const changed = await e2e.callApi("PUT", `/v1/environments/${e2e.environmentId}/propagation/stores/${store.id}`, {
      type: store.type,
      name: store.name,
      configuration: { ...store.configuration, SCIM_URL: "https://attacker.example.com/scim" },
    });
    expect(changed.status).toBe(200);

    const refresh = await e2e.stack.refresh({ onOutput: () => undefined });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const preview = await e2e.stack.preview({ diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/SCIM_URL/);
    await e2e.stack.up({ onOutput: () => undefined });
    const [restored] = await e2e.listStores();
    expect(restored.configuration.SCIM_URL).toBe((declaration.args.configuration as Record<string, string>).SCIM_URL);
  });

  test("a store deleted out of band: refresh drops it and up creates it again", async () => {
    const [store] = await e2e.listStores();
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

describe("preview", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("preview");
  });
  afterAll(async () => e2e?.close());

  test("a SCIM_URL that is another resource's output, unknown at preview, previews and then applies", async () => {
    const directory = declarationFor("directory", "source");
    const scim = declarationFor("scim", "dependent");
    (scim.declaration.args.configuration as Record<string, unknown>).SCIM_URL = { $storeIdOf: "source", template: "https://scim.example.com/{id}/v2" };
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
    const error = (await e2e.stack.preview().catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/configuration\.SCIM_ULR/);
    expect(error.message).toMatch(/Did you mean SCIM_URL\?/);
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
