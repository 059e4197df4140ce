/**
 * The provider object over real HTTP against the local API with faults: ambiguous creates and updates, the
 * retry budget and its error, token revocation and bad credentials, server-side validation errors, and
 * the recovery mode that adopts an existing store. No engine here: these are the provider's own promises.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_ENVIRONMENT_ID, startLocalApi, type FaultOptions, type LocalApi, type RequestLogEntry } from "../../local-api";
import { createPropagationStoreProvider, PingOneApiError, type StoreInputs } from "../../provider/lifecycle";
import { PingOneClient } from "../../provider/lifecycle/pingone-client";
import { resolveSettings, type RawSettings } from "../../provider/lifecycle/settings";
import { minimalConfigurations } from "../fixtures/store-examples";
import { leakedSecrets } from "../e2e/harness";
import { rejectionOf } from "../support/rejection";
import { distinctiveSecret, interceptingProxy, setFaults, waitFor } from "./helpers";

jest.setTimeout(120_000);

let api: LocalApi;
let scratch: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-client-"));
  api = await startLocalApi({ dataDir: scratch, seed: 7, rolelessClient: ROLELESS });
});
afterAll(async () => {
  await api?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const env = () => api.environmentIds[0];
const settings = (extra: RawSettings = {}): RawSettings => ({
  apiHostname: api.url,
  authHostname: api.url,
  clientId: api.clientId,
  clientSecret: api.clientSecret,
  environmentId: env(),
  retryTimeoutSeconds: "30",
  ...extra,
});
const provider = (extra: RawSettings = {}) => createPropagationStoreProvider({ settings: settings(extra), warn: () => undefined });

async function admin(pathname: string, method = "GET", body?: unknown): Promise<any> {
  const res = await fetch(`${api.url}/__admin/${pathname}`, {
    method,
    ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}
const requests = (): Promise<RequestLogEntry[]> => admin("requests");
const clearRequests = () => admin("requests", "DELETE");
/** The server's stores through a client of its own (it retries like the provider when faults are on). */
const storesOnServer = () => new PingOneClient(resolveSettings(settings())).listStores(env());

function scimInputs(name: string, secret = distinctiveSecret("client")): StoreInputs {
  return {
    type: "scim",
    name,
    environmentId: env(),
    configuration: {
      AUTHENTICATION_METHOD: "Basic Authentication",
      SCIM_URL: "https://scim.example.com/scim/v2",
      SCIM_VERSION: "2.0",
      BASIC_AUTH_USER: "svc",
      BASIC_AUTH_PASSWORD: secret,
    },
  };
}

/** Sets the local API's clock this far off the machine's (PUT /__admin/clock). */
const serverClockOffset = (offsetMs: number) => admin("clock", "PUT", { offsetMs });

beforeEach(async () => {
  await setFaults(api, {});
  await serverClockOffset(0);
  await admin("reset", "POST");
  await admin("requests", "DELETE");
});

const isStorePost = (r: RequestLogEntry) => r.method === "POST" && r.path.endsWith("/propagation/stores");
const isStoreListing = (r: RequestLogEntry) => r.method === "GET" && r.path.endsWith("/propagation/stores");
/** A store created directly through the API, as another stack or a person would. */
const outOfBand = async (inputs: StoreInputs) => (await provider().create(inputs)).id;
const FIVE_MINUTES = 5 * 60_000;

describe("lost creates, whatever the clocks say (issue 16)", () => {
  test("no fault: one POST per create, and the environment is listed once per provider process", async () => {
    const p = provider();
    await p.create(scimInputs("first"));
    await Promise.all([1, 2, 3].map((i) => p.create(scimInputs(`parallel ${i}`))));
    await p.create(scimInputs("last"));
    const log = await requests();
    expect(log.filter(isStorePost)).toHaveLength(5);
    expect(log.filter(isStoreListing)).toHaveLength(1);
    expect(log.filter((r) => r.path.endsWith("/as/token"))).toHaveLength(1);
    expect(log).toHaveLength(7);
    expect(p.stats).toMatchObject({ recoveryListings: 1, adoptedAfterAmbiguousCreate: 0 });
  });

  test.each([-FIVE_MINUTES, -30_000, 0, 30_000, FIVE_MINUTES])(
    "server clock %i ms off, every POST answer lost after the commit: each create succeeds and leaves exactly one store",
    async (offsetMs) => {
      await serverClockOffset(offsetMs);
      const p = provider();
      await setFaults(api, { commitThenDropRate: 1 });
      // The first create knows what existed just before it; the later ones, sequential and parallel, rely on the
      // server's clock as learned from the server (Date headers and what was adopted).
      const names = ["one", "two", "three"].map((n) => `clock ${offsetMs} ${n}`);
      const ids = [];
      for (const name of names) ids.push((await p.create(scimInputs(name))).id);
      const parallel = ["four", "five", "six"].map((n) => `clock ${offsetMs} ${n}`);
      ids.push(...(await Promise.all(parallel.map((name) => p.create(scimInputs(name))))).map((r) => r.id));
      await setFaults(api, {});
      const stores = await storesOnServer();
      expect(stores.map((s) => s.name).sort()).toEqual([...names, ...parallel].sort());
      expect(stores.map((s) => s.id).sort()).toEqual([...ids].sort());
      const log = await requests();
      expect(log.filter(isStorePost).map((r) => r.fault)).toEqual(Array(6).fill("commitThenDrop")); // never posted twice
      expect(p.stats).toMatchObject({ adoptedAfterAmbiguousCreate: 6 });
    },
  );

  test.each([
    ["a fresh provider process", false, 0],
    ["a provider that listed the environment before the namesake existed", true, 0],
    ["a warm provider, server clock 5 minutes behind", true, -FIVE_MINUTES],
    ["a warm provider, server clock 5 minutes ahead", true, FIVE_MINUTES],
  ] as const)(
    "a namesake made 1 s before a create whose POST is dropped before it is performed is never adopted (%s)",
    async (_label, warm, offsetMs) => {
      await serverClockOffset(offsetMs);
      const p = provider();
      if (warm) await p.create(scimInputs("created earlier"));
      const namesake = await outOfBand(scimInputs("contested", distinctiveSecret("namesake")));
      await new Promise((resolve) => setTimeout(resolve, 1000)); // "1 s before": an interval to set up, not an assertion
      await clearRequests();
      await setFaults(api, { dropWriteBeforeRate: 1 });
      const creating = p.create(scimInputs("contested"));
      await waitFor(
        async () => (await requests()).some((r) => isStorePost(r) && r.fault === "dropWriteBefore"),
        "a POST dropped before it was performed",
      );
      await setFaults(api, {});
      const { id } = await creating;
      expect(id).not.toBe(namesake);
      const contested = (await storesOnServer()).filter((s) => s.name === "contested");
      expect(contested.map((s) => s.id).sort()).toEqual([namesake, id].sort());
      expect(p.stats).toMatchObject({ adoptedAfterAmbiguousCreate: 0 });
    },
  );

  test("every retry after a lost attempt goes through the recovery: a listing before each repeated POST", async () => {
    const p = provider();
    await p.create(scimInputs("warm up"));
    await clearRequests();
    // First a POST lost before it is performed, then (once the provider has retried) one lost after its commit.
    await setFaults(api, { dropWriteBeforeRate: 1 });
    const creating = p.create(scimInputs("retried"));
    await waitFor(
      async () => (await requests()).some((r) => isStorePost(r) && r.fault === "dropWriteBefore"),
      "a POST dropped before it was performed",
    );
    await setFaults(api, { commitThenDropRate: 1 });
    const { id } = await creating;
    await setFaults(api, {});
    expect((await storesOnServer()).filter((s) => s.name === "retried").map((s) => s.id)).toEqual([id]);
    const log = (await requests()).filter((r) => isStorePost(r) || isStoreListing(r));
    const posts = log.filter(isStorePost);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts[posts.length - 1].fault).toBe("commitThenDrop");
    // Each POST after the first follows a listing, and the last lost one is settled by a listing too.
    log.forEach((entry, index) => {
      if (isStorePost(entry) && entry !== posts[0]) expect(isStoreListing(log[index - 1])).toBe(true);
    });
    expect(isStoreListing(log[log.length - 1])).toBe(true);
  });

  test("two candidates after a lost answer: one error naming both ids and the fix; nothing adopted, nothing created", async () => {
    // The create's POST reaches the API and commits; while its answer is held, someone else makes a namesake;
    // then the answer is lost. Both appeared while the create was under way: the provider cannot tell them apart.
    let releaseHeld: (outcome: "drop") => void = () => undefined;
    let posted: () => void = () => undefined;
    const committed = new Promise<void>((resolve) => (posted = resolve));
    const proxy = await interceptingProxy(api.url, ({ method, path }) =>
      method === "POST" && path.endsWith("/propagation/stores")
        ? {
            after: () => {
              posted();
              return new Promise<"drop">((resolve) => (releaseHeld = resolve));
            },
          }
        : undefined,
    );
    try {
      const p = provider({ apiHostname: proxy.url });
      const creating = p.create(scimInputs("twice"));
      await committed;
      const other = await outOfBand(scimInputs("twice"));
      releaseHeld("drop");
      const error = await rejectionOf<PingOneApiError>(creating);
      const stores = (await storesOnServer()).filter((s) => s.name === "twice");
      expect(stores).toHaveLength(2);
      expect(error).toBeInstanceOf(PingOneApiError);
      expect(error.code).toBe("AMBIGUOUS_CREATE");
      for (const store of stores) expect(error.message).toContain(store.id);
      expect(error.message).toContain(other);
      expect(error.message).toMatch(/scim store "twice" may or may not have worked/);
      expect(error.message).toMatch(/neither adopts one nor creates another/);
      expect(error.message).toMatch(/PINGONE_ADOPT_EXISTING_STORES=true pulumi up/);
      expect((await requests()).filter(isStorePost)).toHaveLength(2); // the create's one POST, and the namesake's
    } finally {
      await proxy.close();
    }
  });

  test("the server's clock jumps back 5 minutes mid-run: a lost create it can no longer place fails clearly, and the fix it names works", async () => {
    const p = provider();
    await p.create(scimInputs("before the jump"));
    await serverClockOffset(-FIVE_MINUTES);
    await setFaults(api, { commitThenDropRate: 1 });
    const failing = p.create(scimInputs("after the jump"));
    const error = await rejectionOf<PingOneApiError>(failing);
    await setFaults(api, {});
    const stores = (await storesOnServer()).filter((s) => s.name === "after the jump");
    expect(stores).toHaveLength(1);
    expect(error.code).toBe("AMBIGUOUS_CREATE");
    expect(error.message).toContain(stores[0].id);
    expect(error.message).toMatch(/does not tell whether before or after this create/);
    // The fix the message names: recovery mode adopts the one store.
    expect(error.message).toMatch(/PINGONE_ADOPT_EXISTING_STORES=true pulumi up/);
    const adopted = await provider({ adoptExistingStores: "true" }).create(scimInputs("after the jump"));
    expect(adopted.id).toBe(stores[0].id);
    expect((await storesOnServer()).filter((s) => s.name === "after the jump")).toHaveLength(1);
  });
});

describe("ambiguous writes", () => {
  test("a create whose response is lost after the write is adopted, not repeated: exactly one store", async () => {
    const p = provider();
    await setFaults(api, { commitThenDropRate: 1 });
    const { id, outs } = await p.create(scimInputs("ambiguous create"));
    const stores = await storesOnServer();
    expect(stores.filter((s) => s.name === "ambiguous create")).toHaveLength(1);
    expect(stores[0].id).toBe(id);
    expect(outs!.name).toBe("ambiguous create");
    expect(p.stats).toMatchObject({ adoptedAfterAmbiguousCreate: 1 });
    const posts = (await requests()).filter((r) => r.method === "POST" && r.path.endsWith("/stores"));
    expect(posts).toHaveLength(1); // looked up, never blindly re-posted
  });

  test("a create whose connection drops before the write is looked up, then retried: exactly one store", async () => {
    const p = provider();
    await setFaults(api, { dropRate: 0.5 }, 11);
    for (let i = 0; i < 8; i++) await p.create(scimInputs(`dropped ${i}`));
    const dropped = (await requests()).filter((r) => r.fault === "drop");
    const stores = await storesOnServer();
    expect(stores.map((s) => s.name).sort()).toEqual([...Array(8).keys()].map((i) => `dropped ${i}`).sort());
    expect(dropped.filter((r) => r.method === "POST").length).toBeGreaterThan(0);
    expect(p.stats!.retries).toBeGreaterThanOrEqual(dropped.length);
  });

  test("an update whose response is lost is retried, and the outputs reflect the server", async () => {
    const p = provider();
    const { id, outs } = await p.create(scimInputs("before update"));
    await setFaults(api, { commitThenDropRate: 1 });
    const updating = p.update(id, outs!, { ...scimInputs("after update"), description: "changed" });
    await waitFor(async () => (await requests()).some((r) => r.method === "PUT" && r.fault === "commitThenDrop"), "a lost PUT response");
    await setFaults(api, {});
    const result = await updating;
    const [stored] = await storesOnServer();
    expect(stored).toMatchObject({ id, name: "after update", description: "changed" });
    expect(result.outs).toMatchObject({ storeId: id, name: stored.name, description: stored.description, updatedAt: stored.updatedAt });
    expect((await requests()).filter((r) => r.method === "PUT").length).toBeGreaterThanOrEqual(2);
  });
});

describe("retry budget", () => {
  test.each<[string, FaultOptions, RegExp]>([
    ["503", { rate503: 1, retryAfterSeconds: 0 }, /Last response: 503 SERVICE_UNAVAILABLE\./],
    ["429", { rate429: 1, retryAfterSeconds: 0 }, /Last response: 429 REQUEST_LIMITED\./],
    ["dropped connections", { dropRate: 1 }, /Last response: no response \((ECONNRESET|socket hang up)[^)]*\)\./],
  ])("when it runs out under %s at rate 1.0 the error says attempts, last status and code", async (_kind, faults, last) => {
    const p = provider({ retryTimeoutSeconds: "2" });
    const { id, outs } = await p.create(scimInputs("budget"));
    await setFaults(api, faults, 3);
    await clearRequests();
    // A read: idempotent, so every attempt is one GET of the store the server saw.
    const error = await rejectionOf<PingOneApiError>(p.read(id, outs!));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error.message).toMatch(
      /Gave up after (\d+) attempts in [\d.]+s: the retry budget of 2s per operation ran out \(pingone:retryTimeoutSeconds or PINGONE_RETRY_TIMEOUT_SECONDS/,
    );
    expect(error.message).toMatch(last);
    const attempts = Number(/Gave up after (\d+) attempts/.exec(error.message)![1]);
    expect(attempts).toBe(error.attempts);
    expect(attempts).toBeGreaterThan(2);
    expect(attempts).toBeLessThan(40); // Retry-After: 0 never turns into a busy loop
    // The attempts it reports are the GETs the server saw (no timing bound: the client stops early
    // when the next wait would overshoot the budget, and machine load moves the clock).
    expect((await requests()).filter((r) => r.method === "GET" && r.path.endsWith(`/propagation/stores/${id}`)).length).toBe(attempts);
    await setFaults(api, {});
    await p.delete(id, outs!);
    expect(await storesOnServer()).toEqual([]);
  });

  test("PINGONE_RETRY_TIMEOUT_SECONDS sets the budget when config does not", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      PINGONE_API_SERVICE_HOSTNAME: api.url,
      PINGONE_AUTH_SERVICE_HOSTNAME: api.url,
      PINGONE_CLIENT_ID: api.clientId,
      PINGONE_CLIENT_SECRET: api.clientSecret,
      PINGONE_ENVIRONMENT_ID: env(),
      PINGONE_RETRY_TIMEOUT_SECONDS: "1",
    });
    try {
      const p = createPropagationStoreProvider({ warn: () => undefined });
      await setFaults(api, { rate503: 1, retryAfterSeconds: 0 });
      await expect(p.create(scimInputs("env budget"))).rejects.toThrow(/the retry budget of 1s per operation ran out/);
    } finally {
      process.env = saved;
    }
  });

  test("a budget of 0 makes exactly one attempt", async () => {
    const p = provider({ retryTimeoutSeconds: "0" });
    await setFaults(api, { rate429: 1, retryAfterSeconds: 0 });
    await expect(p.create(scimInputs("no budget"))).rejects.toThrow(
      /Gave up after 1 attempt in [\d.]+s: the retry budget of 0s.*Last response: 429 REQUEST_LIMITED/s,
    );
  });
});

describe("tokens", () => {
  test("tokens revoked mid-run: the parallel operations share one fresh token", async () => {
    const p = provider();
    await p.create(scimInputs("first"));
    expect(p.stats!.tokensFetched).toBe(1);
    await admin("revoke-tokens", "POST");
    await Promise.all([...Array(6).keys()].map((i) => p.create(scimInputs(`after revoke ${i}`))));
    expect(p.stats!.tokensFetched).toBe(2);
    const log = await requests();
    expect((await storesOnServer()).length).toBe(7);
    expect(log.filter((r) => r.status === 401).length).toBeGreaterThan(0);
    expect(log.filter((r) => r.path.endsWith("/as/token"))).toHaveLength(2);
  });
});

const UNKNOWN_ENVIRONMENT = "4c0e8a1f-0000-4000-8000-00000000dead";
const ROLELESS = { clientId: "3b9d6c1e-5a4f-4e2d-9c8b-7a6f5e4d3c2b", clientSecret: distinctiveSecret("roleless-client-secret") };
const WRONG_SECRET = distinctiveSecret("wrong-client-secret");

describe("credentials and permissions: each failure names the settings to check, from one token request, never a secret", () => {
  test.each([
    {
      case: "an unknown environment (404 from the token endpoint)",
      settings: { environmentId: UNKNOWN_ENVIRONMENT },
      says: [
        /token request for client .* failed: 404 NOT_FOUND/,
        /PingOne does not know environment 4c0e8a1f-0000-4000-8000-00000000dead/,
        /pingone:environmentId \(or PINGONE_ENVIRONMENT_ID\)/,
        /pingone:regionCode \(or PINGONE_REGION_CODE\)/,
        /pingone:authHostname \(or PINGONE_AUTH_SERVICE_HOSTNAME\)/,
      ],
      apiCalls: false,
    },
    {
      case: "a wrong client secret (401 from the token endpoint)",
      settings: { clientSecret: WRONG_SECRET },
      says: [
        /failed: 401 invalid_client/,
        /pingone:clientId \(or PINGONE_CLIENT_ID\)/,
        /pingone:clientSecret \(or PINGONE_CLIENT_SECRET\)/,
        /the environment the worker application lives in/,
      ],
      apiCalls: false,
    },
    {
      case: "a worker application without the role (403 from the API)",
      settings: ROLELESS,
      says: [
        /failed: 403 ACCESS_FAILED/,
        /INSUFFICIENT_PERMISSIONS/,
        /needs the Environment Admin role/,
        new RegExp(
          `worker application ${ROLELESS.clientId} \\(pingone:clientId \\(or PINGONE_CLIENT_ID\\)\\) lacks it in environment ${DEFAULT_ENVIRONMENT_ID}`,
        ),
        /Roles/,
      ],
      apiCalls: true,
    },
  ])("$case", async ({ settings: extra, says, apiCalls }) => {
    const p = provider({ ...extra, retryTimeoutSeconds: "60" });
    // Four resources wait on the token at once, then one more comes after they failed: one token request in all.
    const failures = await Promise.allSettled([1, 2, 3, 4].map((i) => p.create(scimInputs(`waiting ${i}`))));
    const later = p.create(scimInputs("later"));
    for (const pattern of says) await expect(later).rejects.toThrow(pattern);
    const messages = [...failures, await Promise.allSettled([later]).then(([r]) => r)].map((result) => {
      expect(result.status).toBe("rejected");
      const error = (result as PromiseRejectedResult).reason as Error;
      for (const pattern of says) expect(error.message).toMatch(pattern);
      return `${error.message}\n${error.stack}`;
    });
    expect(leakedSecrets(messages.join("\n"), [WRONG_SECRET, ROLELESS.clientSecret, api.clientSecret])).toEqual([]);
    const log = await requests();
    expect(log.filter((r) => r.path.endsWith("/as/token"))).toHaveLength(1);
    expect(log.filter((r) => r.path.startsWith("/v1/") && r.method !== "GET")).toEqual([]); // nothing written
    expect(log.some((r) => r.path.startsWith("/v1/"))).toBe(apiCalls);
    expect(await storesOnServer()).toEqual([]);
  });
});

/**
 * A token endpoint in trouble. The local API never faults its token route, so a proxy in front of it answers
 * the first `failures` token requests with 503 (or all of them) and forwards everything else.
 */
async function flakyTokenEndpoint(failures: number): Promise<{ url: string; tokenRequests: () => number; close: () => Promise<void> }> {
  let tokenRequests = 0;
  const proxy = await interceptingProxy(api.url, ({ path }) =>
    path.endsWith("/as/token") && ++tokenRequests <= failures
      ? {
          reply: {
            status: 503,
            headers: { "retry-after": "0" },
            body: { error: "temporarily_unavailable", error_description: "try again" },
          },
        }
      : undefined,
  );
  return { ...proxy, tokenRequests: () => tokenRequests };
}

describe("token endpoint faults", () => {
  test("a token request that fails with 503 is repeated within the budget; then one token serves", async () => {
    const flaky = await flakyTokenEndpoint(2);
    try {
      const p = provider({ authHostname: flaky.url });
      await p.create(scimInputs("after a flaky token endpoint"));
      await p.create(scimInputs("with the same token"));
      expect(flaky.tokenRequests()).toBe(3);
      expect(p.stats!.tokensFetched).toBe(1);
      expect(p.stats!.retries).toBe(2);
      expect((await storesOnServer()).map((s) => s.name).sort()).toEqual(["after a flaky token endpoint", "with the same token"]);
    } finally {
      await flaky.close();
    }
  });

  test("a token endpoint that keeps failing ends in the budget error: attempts, last status, client id and URL, no secret", async () => {
    const flaky = await flakyTokenEndpoint(Infinity);
    try {
      const p = provider({ authHostname: flaky.url, retryTimeoutSeconds: "1" });
      const error = await rejectionOf<PingOneApiError>(p.create(scimInputs("never")));
      expect(error).toBeInstanceOf(PingOneApiError);
      expect(error.message).toContain(`token request for client ${api.clientId} at ${flaky.url}/${env()}/as/token`);
      expect(error.message).toMatch(/Gave up after (\d+) attempts in [\d.]+s: the retry budget of 1s per operation ran out/);
      expect(error.message).toMatch(/Last response: 503\b/);
      expect(error.attempts).toBe(flaky.tokenRequests());
      expect(error.attempts).toBeGreaterThan(1);
      expect(leakedSecrets(error.message + String(error.stack), [api.clientSecret])).toEqual([]);
      expect(await requests()).toEqual([]); // no API call without a token
    } finally {
      await flaky.close();
    }
  });
});

describe("server-side validation", () => {
  test("a 400 INVALID_DATA the schemas did not predict shows each detail's target and message, without the secret", async () => {
    const secret = distinctiveSecret("unpredicted");
    const p = provider();
    // Straight to create, past check: what the server would say if the schemas ever missed a rule.
    const inputs = scimInputs("server says no", secret);
    // Two errors the local API's own reading of the documents refuses: a String key sent as a number, a
    // Boolean key sent as a string.
    inputs.configuration = { ...inputs.configuration, SCIM_VERSION: 3, CREATE_USERS: "yes" };
    const error = await rejectionOf<PingOneApiError>(p.create(inputs));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe("INVALID_DATA");
    expect(error.details.length).toBeGreaterThanOrEqual(2);
    for (const detail of error.details) {
      expect(detail.target).toMatch(/^configuration\./);
      expect(error.message).toContain(`${detail.target}: ${detail.message}`);
    }
    expect(error.message).toMatch(/configuration\.SCIM_VERSION/);
    expect(error.message).toMatch(/configuration\.CREATE_USERS/);
    expect(error.message).toMatch(/request id: /);
    expect(leakedSecrets(error.message, [secret])).toEqual([]);
    expect(error.attempts).toBe(1); // a 400 is final: not retried
  });
});

describe("recovery mode (pingone:adoptExistingStores)", () => {
  test("off (the default): a create never adopts, even with a namesake on the server", async () => {
    const p = provider();
    await p.create(scimInputs("namesake"));
    await p.create(scimInputs("namesake"));
    expect((await storesOnServer()).filter((s) => s.name === "namesake")).toHaveLength(2);
  });

  test("on: a create adopts the one store of the same name and type and updates it to the declaration", async () => {
    const orphan = await provider().create(scimInputs("orphan"));
    const p = provider({ adoptExistingStores: "true" });
    const adopted = await p.create({ ...scimInputs("orphan"), description: "declared" });
    expect(adopted.id).toBe(orphan.id);
    expect(p.stats).toMatchObject({ adoptedExisting: 1 });
    const stores = await storesOnServer();
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({ id: orphan.id, description: "declared" });
    // A different type with the same name is not a match.
    const slack = await p.create({
      type: "Slack",
      name: "orphan",
      environmentId: env(),
      configuration: { ...minimalConfigurations.Slack! } as Record<string, unknown>,
    });
    expect(slack.id).not.toBe(orphan.id);
    expect(p.stats).toMatchObject({ adoptedExisting: 1 });
  });

  test("on: two namesakes are an error naming both, and nothing is written", async () => {
    const a = await provider().create(scimInputs("twin"));
    const b = await provider().create(scimInputs("twin"));
    await admin("requests", "DELETE");
    const adopting = provider({ adoptExistingStores: "true" }).create(scimInputs("twin"));
    await expect(adopting).rejects.toThrow(a.id);
    await expect(adopting).rejects.toThrow(b.id);
    expect((await requests()).filter((r) => r.path.startsWith("/v1/") && r.method !== "GET")).toEqual([]);
  });

  test("a value other than true or false is a settings error", async () => {
    await expect(provider({ adoptExistingStores: "yes please" }).create(scimInputs("x"))).rejects.toThrow(
      /pingone:adoptExistingStores \(or PINGONE_ADOPT_EXISTING_STORES\) must be true or false/,
    );
  });
});
