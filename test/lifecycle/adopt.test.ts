/**
 * Adopt by id, against the local API over real HTTP: the provider object as the engine calls it. Stores
 * are made directly through the API first, as someone in the PingOne console would have made them.
 */
import type { LocalApi } from "../../local-api";
import type { PropagationStoreProvider, StoreInputs } from "../../provider/lifecycle";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { createProviders } from "../../provider/lifecycle";
import { environmentRequestOk } from "../support/api";
import { providerSettings } from "../support/stack";
import { clearRequests, createOnServer, providerFor, requests, startApi, storeOf, storeOnServer, storeWrites } from "./helpers";

const slack = (name = "Team Slack") => storeOf("Slack", minimalConfigurations.Slack, name);
const adopting = (inputs: StoreInputs, id: string, resource = "team-slack"): StoreInputs => ({ ...inputs, adopt: { id, resource } });

/**
 * A provider of its own, as each later Pulumi command runs in a new provider process: what one run's
 * adoption ledger remembers is gone.
 */
const laterRun = (api: LocalApi) => providerFor(api);

/** check then create, as the engine does them; the check must pass. */
async function adoptThroughEngine(provider: PropagationStoreProvider, inputs: StoreInputs) {
  const checked = await provider.check({} as StoreInputs, inputs);
  expect(checked.failures).toEqual([]);
  return provider.create(checked.inputs!);
}

describe("adopt by id", () => {
  let api: LocalApi;
  let provider: PropagationStoreProvider;
  const warnings: string[] = [];
  beforeAll(async () => {
    api = await startApi({ environmentIds: ["0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"] });
  });
  beforeEach(async () => {
    provider = providerFor(api, {}, { warn: (message) => warnings.push(message) });
    warnings.length = 0;
  });
  afterAll(async () => api.close());

  test("an existing store whose declaration matches: a GET, zero POSTs, zero PUTs, and the store in state", async () => {
    const existing = await createOnServer(api, slack());
    await clearRequests(api);
    const inputs = adopting(slack(), existing.id);
    const created = await adoptThroughEngine(provider, inputs);
    expect(created.id).toBe(existing.id);
    expect(created.outs).toMatchObject({ storeId: existing.id, name: "Team Slack", type: "Slack", createdAt: existing.createdAt });
    const log = await requests(api);
    expect(log.filter((entry) => entry.method === "GET").length).toBeGreaterThan(0);
    expect(storeWrites(log)).toEqual([]);
    // Later runs: adopt is inert. Keeping, removing or changing it is no change.
    const outs = created.outs!;
    const later = laterRun(api);
    expect((await later.diff(existing.id, outs, inputs)).changes).toBe(false);
    expect((await later.diff(existing.id, outs, slack())).changes).toBe(false);
    expect((await later.diff(existing.id, outs, adopting(slack(), "another-id"))).changes).toBe(false);
    // Destroy deletes it like any other.
    await laterRun(api).delete(existing.id, outs);
    expect((await storeOnServer(api, existing.id)).status).toBe(404);
  });

  test("a declaration that differs sends exactly one PUT, with the declaration, which the run's revision publishes", async () => {
    const existing = await createOnServer(api, slack());
    await clearRequests(api);
    const run = createProviders({ settings: providerSettings(api), warn: () => undefined, info: () => undefined });
    const inputs = adopting({ ...slack(), description: "now managed by Pulumi" }, existing.id);
    const created = await adoptThroughEngine(run.store, inputs);
    const writes = storeWrites(await requests(api));
    expect(writes.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `PUT /v1/environments/${api.environmentIds[0]}/propagation/stores/${existing.id}`,
    ]);
    expect((await storeOnServer(api, existing.id)).body.description).toBe("now managed by Pulumi");
    expect(run.revisions.unpublished.get(api.environmentIds[0])).toEqual(['adopted and updated PropagationStore "Team Slack"']);
    // What the engine's provider does when the run ends; the next run then owes nothing.
    expect((await run.revisions.publish()).map((result) => result.error)).toEqual([undefined]);
    expect((await laterRun(api).diff(existing.id, created.outs!, inputs)).changes).toBe(false);
    await laterRun(api).delete(existing.id, created.outs!);
  });

  test("an adoption that writes nothing owes no revision, until the store changes again", async () => {
    const existing = await createOnServer(api, slack());
    const created = await adoptThroughEngine(provider, adopting(slack(), existing.id));
    expect(created.outs!.adoptedAsOf).toBe(existing.updatedAt);
    // The environment has no revision at all: a store this stack had written would be owed one.
    expect((await laterRun(api).diff(existing.id, created.outs!, slack())).changes).toBe(false);
    const refreshed = await laterRun(api).read(existing.id, created.outs!);
    expect(refreshed.props!.adoptedAsOf).toBe(existing.updatedAt);
    await environmentRequestOk(api, "PUT", `propagation/stores/${existing.id}`, { ...slack(), description: "changed in the console" });
    const drifted = await laterRun(api).read(existing.id, created.outs!);
    expect(drifted.props!.updatedAt).not.toBe(existing.updatedAt);
    expect((await laterRun(api).diff(existing.id, drifted.props!, slack())).changes).toBe(true);
    await laterRun(api).delete(existing.id, created.outs!);
  });

  test("a plaintext secret that differs is a difference; a masked one cannot be compared and is said so", async () => {
    const configuration = { ...fullConfigurations.scim! };
    const existing = await createOnServer(api, storeOf("scim", configuration, "HR SCIM"));
    const differentSecret = adopting(
      storeOf("scim", { ...configuration, BASIC_AUTH_PASSWORD: "rotated-S3CRET-pw-0a0a" }, "HR SCIM"),
      existing.id,
      "hr",
    );
    await clearRequests(api);
    const rotated = await adoptThroughEngine(provider, differentSecret);
    expect(storeWrites(await requests(api))).toHaveLength(1);
    expect((await storeOnServer(api, existing.id)).body.configuration.BASIC_AUTH_PASSWORD).toBe("rotated-S3CRET-pw-0a0a");
    await laterRun(api).delete(existing.id, rotated.outs!);

    const masked = await startApi({ secretsOnRead: "masked" });
    try {
      const maskedProvider = providerFor(masked, {}, { warn: (message) => warnings.push(message) });
      const hidden = await createOnServer(masked, storeOf("scim", configuration, "HR SCIM"));
      await clearRequests(masked);
      const created = await adoptThroughEngine(maskedProvider, adopting(storeOf("scim", configuration, "HR SCIM"), hidden.id, "hr"));
      expect(storeWrites(await requests(masked))).toEqual([]);
      // The state holds the declared secret, not PingOne's mask.
      expect(created.outs!.configuration!.BASIC_AUTH_PASSWORD).toBe(configuration.BASIC_AUTH_PASSWORD);
      expect(warnings.join("\n")).toMatch(
        /resource "hr": adopted propagation store .* without comparing BASIC_AUTH_PASSWORD, OAUTH_ACCESS_TOKEN, OAUTH_CLIENT_SECRET/,
      );
      expect(warnings.join("\n")).not.toContain(configuration.BASIC_AUTH_PASSWORD as string);
    } finally {
      await masked.close();
    }
  });

  test("a missing id fails at check and at create, with what to do, and writes nothing", async () => {
    const missing = "9b1c2d3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e";
    await clearRequests(api);
    const checked = await provider.check({} as StoreInputs, adopting(slack(), missing));
    expect(checked.failures).toEqual([
      {
        property: "adopt.id",
        reason: expect.stringMatching(
          new RegExp(`adopt.id "${missing}": there is no propagation store with this id in environment ${api.environmentIds[0]}`),
        ),
      },
    ]);
    expect(checked.failures![0].reason).toMatch(/set environmentId to that environment/);
    expect(checked.failures![0].reason).toMatch(/remove adopt/);
    const error = (await provider
      .create({ ...adopting(slack(), missing), environmentId: api.environmentIds[0] })
      .catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/there is no propagation store with this id/);
    expect(error.message).toMatch(/Nothing was written/);
    expect(storeWrites(await requests(api))).toEqual([]);
  });

  test("a store of another environment is not found in the declared one", async () => {
    const elsewhere = await createOnServer(api, slack(), api.environmentIds[1]);
    const checked = await provider.check({} as StoreInputs, adopting(slack(), elsewhere.id));
    expect(checked.failures![0].reason).toMatch(new RegExp(`no propagation store with this id in environment ${api.environmentIds[0]}`));
    // Declared in its own environment, it is adopted.
    const created = await adoptThroughEngine(provider, { ...adopting(slack(), elsewhere.id), environmentId: api.environmentIds[1] });
    expect(created.outs!.environmentId).toBe(api.environmentIds[1]);
    await laterRun(api).delete(elsewhere.id, created.outs!);
  });

  test("a store of another type fails at check and at create, naming both types, and writes nothing", async () => {
    const workday = await createOnServer(api, storeOf("Workday", minimalConfigurations.Workday, "HR Workday"));
    await clearRequests(api);
    const checked = await provider.check({} as StoreInputs, adopting(slack(), workday.id));
    expect(checked.failures).toEqual([
      {
        property: "adopt.id",
        reason: expect.stringMatching(/this propagation store is of type Workday, but the resource declares type Slack/),
      },
    ]);
    const error = (await provider
      .create({ ...adopting(slack(), workday.id), environmentId: api.environmentIds[0] })
      .catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/of type Workday, but the resource declares type Slack.*Nothing was written/s);
    expect(storeWrites(await requests(api))).toEqual([]);
  });

  test("an id another create of this run adopted, or a resource of this run manages, is refused without a write", async () => {
    const existing = await createOnServer(api, slack());
    const first = await adoptThroughEngine(provider, adopting(slack(), existing.id, "first"));
    await clearRequests(api);
    const second = (await provider
      .create({ ...adopting(slack(), existing.id, "second"), environmentId: api.environmentIds[0] })
      .catch((e: Error) => e)) as Error;
    expect(second.message).toBe(
      `adopt.id "${existing.id}": this propagation store is already adopted by resource "first" in this stack, so resource "second" cannot adopt it too. ` +
        "Remove adopt from one of the two (and the declaration that should not manage it). Nothing was written.",
    );
    expect(storeWrites(await requests(api))).toEqual([]);

    // A resource already in the state shows itself through diff; a new adopter of its store is refused.
    const fresh = providerFor(api);
    expect((await fresh.diff(existing.id, first.outs!, slack())).changes).toBe(false);
    await expect(fresh.create({ ...adopting(slack(), existing.id, "third"), environmentId: api.environmentIds[0] })).rejects.toThrow(
      /already managed by the resource of propagation store "Team Slack" in this stack/,
    );
    expect(storeWrites(await requests(api))).toEqual([]);
    await laterRun(api).delete(existing.id, first.outs!);
  });

  test("an id a resource of the stack's state manages is refused at check and at create, whatever the order; nothing is written", async () => {
    const existing = await createOnServer(api, slack());
    const urn = "urn:pulumi:dev::onboarding::pulumi-nodejs:dynamic/pingone:PropagationStore::chat";
    const stacksRead: string[] = [];
    const withState = providerFor(
      api,
      {},
      {
        readStackState: async (stack) => {
          stacksRead.push(stack);
          return { resources: [{ urn, type: "pulumi-nodejs:dynamic/pingone:PropagationStore", id: existing.id }] };
        },
      },
    );
    await clearRequests(api);
    const inputs = { ...slack(), adopt: { id: existing.id, resource: "extra", stack: "dev" } };
    const checked = await withState.check({} as StoreInputs, inputs);
    const refusal =
      `adopt.id "${existing.id}": resource "chat" of stack dev already manages this propagation store, so resource "extra" cannot adopt it too. ` +
      `Remove adopt (or the declaration that should not manage it). If "chat" has left the program and this declaration should take over, ` +
      `first run \`pulumi state delete '${urn}'\`, which leaves the propagation store in PingOne. Nothing was written.`;
    expect(checked.failures).toEqual([{ property: "adopt.id", reason: refusal }]);
    await expect(withState.create({ ...inputs, environmentId: api.environmentIds[0] })).rejects.toThrow(refusal);
    expect(storeWrites(await requests(api))).toEqual([]);
    expect(stacksRead).toEqual(["dev"]); // once per process
  });

  test("a state that cannot be read is said, and the adoption relies on this run's ledger", async () => {
    const existing = await createOnServer(api, slack());
    const unreadable = providerFor(
      api,
      {},
      {
        warn: (message) => warnings.push(message),
        readStackState: async () => {
          throw new Error("the Pulumi CLI (`pulumi`) is not on PATH.");
        },
      },
    );
    const created = await adoptThroughEngine(unreadable, { ...slack(), adopt: { id: existing.id, resource: "chat", stack: "dev" } });
    expect(created.id).toBe(existing.id);
    expect(warnings).toEqual([
      "Could not read stack dev's state to check that no resource of it already manages what adopt names (the Pulumi CLI (`pulumi`) is not on PATH.); only the resources of this run are checked.",
    ]);
    await laterRun(api).delete(existing.id, created.outs!);
  });

  test("the store an adopter took over is not deleted for the old resource, and a later diff of that resource fails", async () => {
    const existing = await createOnServer(api, slack());
    const old = await providerFor(api).create(slack()); // stands for the old declaration's state
    const adopted = await adoptThroughEngine(provider, adopting(slack(), existing.id, "new-name"));
    const oldState = { ...old.outs!, storeId: existing.id };
    await expect(provider.delete(existing.id, oldState)).rejects.toThrow(
      new RegExp(`Not deleting propagation store ${existing.id} .*resource "new-name" adopted it in this run.*pulumi state delete`),
    );
    expect((await storeOnServer(api, existing.id)).status).toBe(200);
    await expect(provider.diff(existing.id, oldState, slack())).rejects.toThrow(
      /two resources of this stack now point at one propagation store/,
    );
    await laterRun(api).delete(existing.id, adopted.outs!);
    await laterRun(api).delete(old.id, old.outs!);
  });

  test("a replacement of an adopted store creates a new store instead of adopting the old one again", async () => {
    const existing = await createOnServer(api, slack());
    const adopted = await adoptThroughEngine(provider, adopting(slack(), existing.id));
    // The next run, with adopt still declared, changes the type: diff says replace, then create runs.
    const later = laterRun(api);
    const retyped = adopting(storeOf("Workday", minimalConfigurations.Workday, "Team Slack"), existing.id);
    const diff = await later.diff(existing.id, adopted.outs!, retyped);
    expect(diff.replaces).toEqual(["type"]);
    const replacement = await later.create({ ...retyped, environmentId: api.environmentIds[0] });
    expect(replacement.id).not.toBe(existing.id);
    expect((await storeOnServer(api, replacement.id)).body.type).toBe("Workday");
    await later.delete(existing.id, adopted.outs!);
    await later.delete(replacement.id, replacement.outs!);
  });

  test("check refuses a malformed adopt, and two adopters of one id in one program", async () => {
    const failuresOf = async (adopt: unknown) =>
      (await provider.check({} as StoreInputs, { ...slack(), adopt } as unknown as StoreInputs)).failures;
    expect(await failuresOf("abc")).toEqual([
      {
        property: "adopt",
        reason: 'adopt must be an object like { id: "<the propagation store\'s id>" }, or left out to create a new propagation store.',
      },
    ]);
    expect(await failuresOf({ id: "" })).toEqual([
      { property: "adopt.id", reason: "adopt.id must be the id of an existing propagation store (a non-empty string)." },
    ]);
    expect(await failuresOf({ id: "x", storeId: "y" })).toEqual([
      {
        property: "adopt.storeId",
        reason: 'adopt.storeId is not an adopt field: adopt must be an object like { id: "<the propagation store\'s id>" }.',
      },
    ]);
    expect(await failuresOf({ id: "x", resource: "a", conflictsWith: ["b"] })).toEqual([
      {
        property: "adopt.id",
        reason:
          'adopt.id "x" is also adopted by "b" in this program: one propagation store can be managed by one resource only. Keep the declaration that should manage it and remove the others (or their adopt).',
      },
    ]);
  });
});
