/**
 * `pulumi refresh` of many stores under the real engine reads them through the environment's listing
 * (provider/lifecycle/read-batch.ts): requests are counted from the local API's own request log, and drift
 * is still reported store by store.
 */
import { storeTypes } from "../../provider/store-types";
import { declarationFor, openStack, type E2eStack, type StoreDeclaration } from "./harness";

jest.setTimeout(900_000);

const STORES = 150;

describe("refresh of many stores", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("refresh-requests");
  });
  afterAll(async () => e2e?.close());

  test(`${STORES} stores refresh in a few list pages, with one changed and one deleted out of band`, async () => {
    const declarations: StoreDeclaration[] = [];
    const secrets: Record<string, string> = {};
    for (let index = 0; index < STORES; index++) {
      const type = storeTypes[index % storeTypes.length];
      const part = declarationFor(type, `store-${index}-${type.toLowerCase()}`, { name: `${type} ${index}` });
      declarations.push(part.declaration);
      Object.assign(secrets, part.secrets);
    }
    await e2e.declare(declarations, secrets);
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: STORES + 1 });

    const stores = await e2e.listStores();
    const [changed, deleted] = [stores[40], stores[90]];
    const storePath = (id: string) => `/v1/environments/${e2e.environmentId}/propagation/stores/${id}`;
    const { id: _id, environment: _environment, createdAt: _createdAt, updatedAt: _updatedAt, _links, ...body } = changed;
    expect((await e2e.callApi("PUT", storePath(changed.id), { ...body, name: `${changed.name} renamed elsewhere` })).status).toBe(200);
    expect((await e2e.callApi("DELETE", storePath(deleted.id))).status).toBe(204);

    await e2e.clearRequests();
    const refresh = await e2e.stack.refresh({ onOutput: () => undefined });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1, same: STORES - 1 });

    // Besides the stores: diff's one GET of the environment's latest revision (the repair of an unpublished revision).
    const all = (await e2e.requests()).filter((entry) => entry.path.startsWith("/v1/") || entry.path.endsWith("/as/token"));
    const revisionChecks = all.filter((entry) => entry.method === "GET" && entry.path.includes("/propagation/revisions"));
    expect(revisionChecks.length).toBeLessThanOrEqual(1);
    const entries = all.filter((entry) => !revisionChecks.includes(entry));
    const listPath = `/v1/environments/${e2e.environmentId}/propagation/stores`;
    const pages = entries.filter((entry) => entry.method === "GET" && entry.path === listPath).length;
    const gets = entries.filter((entry) => entry.method === "GET" && entry.path.startsWith(`${listPath}/`)).length;
    const tokens = entries.filter((entry) => entry.path.endsWith("/as/token")).length;
    // 149 stores are 2 pages of 100; a burst's first 3 reads GET, and the deleted store is confirmed with a GET.
    expect({ pages, tokens, others: entries.length - pages - gets - tokens }).toEqual({ pages: 2, tokens: 1, others: 0 });
    expect(gets).toBeLessThanOrEqual(3 + 1);
    expect(gets).toBeGreaterThanOrEqual(1);

    // The state says what PingOne holds now.
    const state = (await e2e.stack.exportStack()).deployment.resources.filter((resource: { type: string }) =>
      resource.type.endsWith("PropagationStore"),
    );
    expect(state).toHaveLength(STORES - 1);
    expect(state.find((resource: { id: string }) => resource.id === changed.id).outputs.name).toBe(`${changed.name} renamed elsewhere`);
  });
});
