/**
 * Under the real engine: verifyConnection stops a create or an update with a wrong SCIM password before any
 * write, and the store's syncStatus output follows the server through `pulumi refresh` without ever being
 * a change.
 */
import { DEFAULT_SCIM_BASIC_PASSWORD, DEFAULT_SCIM_BASIC_USER, type RequestLogEntry } from "../../local-api";
import { declarationFor, leakedSecrets, openStack, storeWritesIn, type E2eStack } from "./harness";

jest.setTimeout(600_000);

const WRONG_PASSWORD = "wrong-S3CRET-scim-password-e2e-77aa";

function hrScim(e2e: E2eStack, password: string, overrides: Record<string, unknown> = {}) {
  return declarationFor(
    "scim",
    "hr",
    { verifyConnection: true, ...overrides },
    {
      AUTHENTICATION_METHOD: "Basic Authentication",
      AUTHORIZATION_TYPE: "Basic",
      SCIM_URL: `${e2e.api.url}/scim/v2`,
      SCIM_VERSION: "2.0",
      USERS_RESOURCE: "/Users",
      BASIC_AUTH_USER: DEFAULT_SCIM_BASIC_USER,
      BASIC_AUTH_PASSWORD: password,
    },
  );
}

const connectionChecks = (entries: RequestLogEntry[]) =>
  entries.filter((entry) => entry.path.endsWith("/propagation/stores/connection/status"));

describe("verifyConnection under the real engine", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("verify");
  });
  afterAll(async () => e2e?.close());

  test("a wrong SCIM password fails the up before the write; the right one then passes", async () => {
    const wrong = hrScim(e2e, WRONG_PASSWORD);
    await e2e.declare([wrong.declaration], wrong.secrets);
    await e2e.clearRequests();
    const failure = (await e2e.stack.up({ onOutput: () => undefined }).catch((e: Error) => e)) as Error;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/Connection check failed for scim store "scim \(hr\)": HTTP 401 from target/);
    expect(failure.message).toMatch(/Nothing was written/);
    expect(leakedSecrets(failure.message, [WRONG_PASSWORD])).toEqual([]);
    const log = await e2e.requests();
    expect(connectionChecks(log)).toHaveLength(1);
    expect(storeWritesIn(log)).toEqual([]);
    expect(await e2e.listStores()).toEqual([]);

    const right = hrScim(e2e, DEFAULT_SCIM_BASIC_PASSWORD);
    await e2e.declare([right.declaration], right.secrets);
    await e2e.clearRequests();
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(connectionChecks(await e2e.requests())).toHaveLength(1);
    expect(await e2e.listStores()).toHaveLength(1);
  });

  test("an update to a wrong password fails before the PUT, the state keeps the old one, and a later up retries", async () => {
    const wrong = hrScim(e2e, WRONG_PASSWORD, { description: "changed with the wrong password" });
    await e2e.declare([wrong.declaration], wrong.secrets);
    await e2e.clearRequests();
    const failure = (await e2e.stack.up({ onOutput: () => undefined }).catch((e: Error) => e)) as Error;
    expect(failure.message).toMatch(/Connection check failed .*HTTP 401/);
    expect(storeWritesIn(await e2e.requests())).toEqual([]);
    const [store] = await e2e.listStores();
    expect(store.description).toBeUndefined();
    expect(store.configuration.BASIC_AUTH_PASSWORD).toBe(DEFAULT_SCIM_BASIC_PASSWORD);
    // The state is unchanged, so the update is still pending.
    expect((await e2e.stack.preview()).changeSummary).toMatchObject({ update: 1 });

    const right = hrScim(e2e, DEFAULT_SCIM_BASIC_PASSWORD, { description: "changed with the wrong password" });
    await e2e.declare([right.declaration], right.secrets);
    expect((await e2e.stack.up({ onOutput: () => undefined })).summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await e2e.listStores())[0].description).toBe("changed with the wrong password");
  });

  test("turning verifyConnection off is not a change", async () => {
    const right = hrScim(e2e, DEFAULT_SCIM_BASIC_PASSWORD, { description: "changed with the wrong password", verifyConnection: false });
    await e2e.declare([right.declaration], right.secrets);
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    await e2e.stack.destroy({ onOutput: () => undefined });
  });
});

describe("syncStatus under the real engine", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("sync");
  });
  afterAll(async () => e2e?.close());

  test("refresh brings the server's syncStatus into the outputs; preview then shows no change", async () => {
    const { declaration, secrets } = declarationFor("Slack", "chat");
    await e2e.declare([declaration], secrets);
    await e2e.stack.up({ onOutput: () => undefined });
    const before = (await e2e.stack.outputs()).syncStatuses.value.chat;
    expect(before).toMatchObject({ syncState: "SYNCING", failedCount: 0 });

    const [store] = await e2e.listStores();
    const override = await fetch(`${e2e.api.url}/__admin/stores/${store.id}/sync-status`, {
      method: "PUT",
      body: JSON.stringify({ syncState: "FAILED", failedCount: 4, details: "Slack answered 401 for 4 users" }),
    });
    expect(override.status).toBe(200);
    // Not a change while the state is old...
    expect((await e2e.stack.preview()).changeSummary).toEqual({ same: 2 });
    await e2e.stack.refresh({ onOutput: () => undefined });
    // Refresh does not run the program, so the stack's outputs change at the next up; the resource's state changes now.
    const state = await e2e.stack.exportStack();
    const resource = state.deployment.resources.find((entry: { urn: string }) => entry.urn.endsWith("::chat"));
    const failed = { syncState: "FAILED", failedCount: 4, details: "Slack answered 401 for 4 users" };
    expect(resource.outputs.syncStatus).toMatchObject(failed);
    // ...nor once refresh has recorded it.
    await e2e.clearRequests();
    const preview = await e2e.stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 2 });
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toEqual({ same: 2 });
    expect(storeWritesIn(await e2e.requests())).toEqual([]);
    expect((await e2e.stack.outputs()).syncStatuses.value.chat).toMatchObject(failed);
    await e2e.stack.destroy({ onOutput: () => undefined });
  });
});
