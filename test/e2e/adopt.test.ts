/**
 * Adopt by id under the real engine: stores made outside Pulumi come under a stack with no POST and no PUT
 * when the declaration matches; wrong ids, wrong types and double adoptions are refused before any write;
 * destroy deletes an adopted store unless retainOnDelete keeps it.
 */
import { declarationFor, openStack, storeWritesIn, type E2eStack, type StoreDeclaration } from "./harness";

jest.setTimeout(600_000);

async function createOnServer(e2e: E2eStack, body: Record<string, unknown>): Promise<{ id: string }> {
  const created = await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/stores`, body);
  expect(created.status).toBe(201);
  return created.json;
}

/** `declaration` with `adopt: { id }`. */
const adopting = (declaration: StoreDeclaration, id: string): StoreDeclaration => ({
  ...declaration,
  args: { ...declaration.args, adopt: { id } },
});

async function failedPreview(e2e: E2eStack): Promise<Error> {
  const failure = (await e2e.stack.preview().catch((e: Error) => e)) as Error;
  expect(failure).toBeInstanceOf(Error);
  return failure;
}

describe("adopt by id under the real engine", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("adopt");
  });
  afterAll(async () => e2e?.close());

  const slack = declarationFor("Slack", "chat");
  const scim = declarationFor("scim", "hr");

  test("stores made outside Pulumi are adopted with zero POSTs and zero PUTs, then nothing changes", async () => {
    // The same bodies the declarations send, made directly through the API (secrets in plaintext).
    const chat = await createOnServer(e2e, {
      type: "Slack",
      name: slack.declaration.args.name,
      configuration: plainConfigurationOf(slack),
    });
    const hr = await createOnServer(e2e, { type: "scim", name: scim.declaration.args.name, configuration: plainConfigurationOf(scim) });
    await e2e.declare([adopting(slack.declaration, chat.id), adopting(scim.declaration, hr.id)], { ...slack.secrets, ...scim.secrets });
    await e2e.clearRequests();
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    expect(storeWritesIn(await e2e.requests())).toEqual([]);
    const outputs = await e2e.stack.outputs();
    expect(outputs.storeIds.value).toEqual({ chat: chat.id, hr: hr.id });
    expect(await e2e.listStores()).toHaveLength(2);

    const preview = await e2e.stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 3 });
    // Removing adopt, or changing it, is no change either.
    await e2e.declare([slack.declaration, adopting(scim.declaration, "not-an-id-any-more")]);
    expect((await e2e.stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 3 });
  });

  test("a missing id, another type, and one id adopted twice fail at preview, naming the fix; nothing is written", async () => {
    const workday = declarationFor("Workday", "hand-made");
    const handMade = await createOnServer(e2e, { type: "Workday", name: "made by hand", configuration: plainConfigurationOf(workday) });
    await e2e.clearRequests();
    const [chat] = (await e2e.listStores()).filter((store) => store.type === "Slack");
    const extra = declarationFor("Slack", "extra");

    await e2e.declare(
      [slack.declaration, scim.declaration, adopting(extra.declaration, "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a")],
      extra.secrets,
    );
    expect((await failedPreview(e2e)).message).toMatch(
      /adopt.id "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a": there is no propagation store with this id in environment/,
    );

    await e2e.declare([slack.declaration, scim.declaration, adopting(extra.declaration, handMade.id)], extra.secrets);
    expect((await failedPreview(e2e)).message).toMatch(/this propagation store is of type Workday, but the resource declares type Slack/);

    const twice = declarationFor("Slack", "twice");
    await e2e.declare(
      [
        slack.declaration,
        scim.declaration,
        adopting(extra.declaration, "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b"),
        adopting(twice.declaration, "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b"),
      ],
      twice.secrets,
    );
    // Both are refused at check; the engine stops at the first refusal it meets.
    expect((await failedPreview(e2e)).message).toMatch(
      /adopt.id "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b" is also adopted by "(twice|extra)" in this program/,
    );
    expect(storeWritesIn(await e2e.requests())).toEqual([]);

    // An id the stack already manages, the adopter declared first (so its create could come before the other's
    // diff): refused at preview, and the up is refused before any write.
    await e2e.declare([adopting(extra.declaration, chat.id), slack.declaration, scim.declaration], extra.secrets);
    const managed = new RegExp(
      `adopt.id "${chat.id}": resource "chat" of stack ${e2e.stackName} already manages this propagation store, so resource "extra" cannot adopt it too`,
    );
    expect((await failedPreview(e2e)).message).toMatch(managed);
    const failure = (await e2e.stack.up({ onOutput: () => undefined }).catch((e: Error) => e)) as Error;
    expect(failure.message).toMatch(managed);
    expect(failure.message).toMatch(/pulumi state delete 'urn:pulumi:.*::chat'/);
    expect(storeWritesIn(await e2e.requests())).toEqual([]);
    expect(await e2e.listStores()).toHaveLength(3);
  });

  test("destroy deletes an adopted store; retainOnDelete keeps it", async () => {
    await e2e.declare([{ ...slack.declaration, options: { retainOnDelete: true } }, scim.declaration]);
    await e2e.stack.up({ onOutput: () => undefined });
    await e2e.stack.destroy({ onOutput: () => undefined });
    const left = await e2e.listStores();
    expect(left.map((store) => store.type).sort()).toEqual(["Slack", "Workday"]); // the retained one, and the one made by hand
  });
});

/** A declaration's configuration with its secrets as plain values, the way PingOne holds them. */
function plainConfigurationOf({ declaration, secrets }: ReturnType<typeof declarationFor>): Record<string, unknown> {
  const configuration = { ...(declaration.args.configuration as Record<string, unknown>) };
  for (const [key, value] of Object.entries(configuration)) {
    const reference = value as { $secret?: string };
    if (reference?.$secret) configuration[key] = secrets[reference.$secret];
  }
  return configuration;
}
