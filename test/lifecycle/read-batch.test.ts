/**
 * Refresh through listings (provider/lifecycle/read-batch.ts), over real HTTP against the local API: many
 * concurrent reads, as the engine issues them during `pulumi refresh` (4 × CPUs at a time), cost a few list
 * pages instead of one GET each, and still see exactly what PingOne holds. Requests are counted from the
 * local API's own request log.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi, type RequestLogEntry } from "../../local-api";
import {
  createPropagationStoreProvider,
  type PropagationStoreProvider,
  type StoreInputs,
  type StoreOutputs,
} from "../../provider/lifecycle";
import { DIRECT_READS, LISTING_REUSE_MS, PREFETCH_BELOW, ReadBatcher, type Collection } from "../../provider/lifecycle/read-batch";
import { storeTypes } from "../../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { getToken } from "../local-api/helpers";
import { apiRequest } from "../support/api";

jest.setTimeout(300_000);

/** The engine's default parallelism on a 2-CPU machine (`--parallel` defaults to 4 × GOMAXPROCS). */
const ENGINE_PARALLELISM = 8;

function providerFor(api: LocalApi): PropagationStoreProvider {
  return createPropagationStoreProvider({
    settings: {
      apiHostname: api.url,
      authHostname: api.url,
      clientId: api.clientId,
      clientSecret: api.clientSecret,
      environmentId: api.environmentIds[0],
      retryTimeoutSeconds: "30",
      // No revision publishing: diff's repair check (a GET of the latest revision) is not what these tests count.
      createRevisions: "false",
    },
    warn: () => undefined,
  });
}

/** Runs `work` over `items`, at most `parallelism` at a time, as the engine's step executor does. */
async function inParallel<T, R>(items: T[], parallelism: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, items.length) }, worker));
  return results;
}

interface Created {
  inputs: StoreInputs;
  id: string;
  outs: StoreOutputs;
}

/** `count` stores of every type in turn, created as `pulumi up` would (check, then create), by one provider. */
async function createStores(api: LocalApi, count: number, prefix: string): Promise<Created[]> {
  const provider = providerFor(api);
  return inParallel(
    Array.from({ length: count }, (_, index) => index),
    ENGINE_PARALLELISM,
    async (index) => {
      const type = storeTypes[index % storeTypes.length];
      const configuration = fullConfigurations[type] ?? minimalConfigurations[type];
      const declared: StoreInputs = {
        type,
        name: `${prefix} ${index}`,
        description: `store ${index}`,
        ...(configuration && { configuration: { ...configuration } }),
      };
      const checked = await provider.check({} as StoreInputs, declared);
      expect(checked.failures).toEqual([]);
      const created = await provider.create(checked.inputs!);
      return { inputs: checked.inputs!, id: created.id, outs: created.outs! };
    },
  );
}

interface Requests {
  pages: number;
  gets: number;
  writes: number;
  tokens: number;
  /** Every request to the API (`/v1/`), tokens excluded. */
  api: number;
}

function countRequests(entries: RequestLogEntry[], environmentId: string): Requests {
  const listPath = `/v1/environments/${environmentId}/propagation/stores`;
  const api = entries.filter((entry) => entry.path.startsWith("/v1/"));
  return {
    pages: api.filter((entry) => entry.method === "GET" && entry.path === listPath).length,
    gets: api.filter((entry) => entry.method === "GET" && entry.path.startsWith(`${listPath}/`)).length,
    writes: api.filter((entry) => entry.method !== "GET").length,
    tokens: entries.filter((entry) => entry.path.endsWith("/as/token")).length,
    api: api.length,
  };
}

async function clearRequests(api: LocalApi): Promise<void> {
  await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
}

async function requestsSince(api: LocalApi): Promise<Requests> {
  return countRequests((await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[], api.environmentIds[0]);
}

/** An out-of-band actor: PUT or DELETE through the regular API, not through the provider. */
async function outOfBand(api: LocalApi, method: "PUT" | "DELETE", id: string, change?: (store: any) => any): Promise<void> {
  // One token for the read and the write, as a person in the console holds one session.
  const token = await getToken(api);
  const storePath = `/v1/environments/${api.environmentIds[0]}/propagation/stores/${id}`;
  let body: unknown;
  if (change) {
    const {
      id: _id,
      environment: _environment,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      _links,
      ...current
    } = (await apiRequest(api, "GET", storePath, undefined, token)).json;
    body = change(current);
  }
  expect((await apiRequest(api, method, storePath, body, token)).status).toBeLessThan(300);
}

describe("refresh through listings", () => {
  let api: LocalApi;
  let stores: Created[];

  beforeAll(async () => {
    api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "read-batch-")) });
    stores = await createStores(api, 500, "batch");
  });
  afterAll(async () => api?.close());

  test("500 stores read 8 at a time cost at most 10 API requests and one token, and drift is seen exactly", async () => {
    // Out of band, before the refresh: three stores changed, two deleted.
    const renamed = [stores[41], stores[242], stores[443]];
    const deleted = [stores[150], stores[351]];
    for (const store of renamed)
      await outOfBand(api, "PUT", store.id, (current) => ({ ...current, name: `${current.name} renamed elsewhere` }));
    for (const store of deleted) await outOfBand(api, "DELETE", store.id);

    // A new provider process, as `pulumi refresh` starts one.
    const refresh = providerFor(api);
    await clearRequests(api);
    const reads = await inParallel(stores, ENGINE_PARALLELISM, (store) => refresh.read(store.id, store.outs));
    const requests = await requestsSince(api);

    // 5 pages of 100, the burst's first 3 reads as GETs, and one GET per deleted store to confirm it is gone.
    expect(requests).toEqual({ pages: 5, gets: 3 + deleted.length, writes: 0, tokens: 1, api: 5 + 3 + deleted.length });
    expect(requests.api).toBeLessThanOrEqual(10);

    for (const [index, store] of stores.entries()) {
      const read = reads[index];
      if (deleted.includes(store)) {
        expect(read).toEqual({ id: "", props: {} });
      } else if (renamed.includes(store)) {
        expect(read.props!.name).toBe(`${store.inputs.name} renamed elsewhere`);
        expect((await refresh.diff(store.id, read.props!, store.inputs)).changes).toBe(true);
      } else {
        // Exactly what a GET would have given: the state as created, and no drift.
        expect(read.id).toBe(store.id);
        expect(read.props).toEqual(store.outs);
        expect((await refresh.diff(store.id, read.props!, store.inputs)).changes).toBe(false);
      }
    }
  });

  test("a refresh of a few stores costs one GET each, as before", async () => {
    const refresh = providerFor(api);
    await clearRequests(api);
    const few = [stores[10], stores[20], stores[30]];
    const reads = await Promise.all(few.map((store) => refresh.read(store.id, store.outs)));
    expect(reads.map((read) => read.id)).toEqual(few.map((store) => store.id));
    expect(await requestsSince(api)).toMatchObject({ pages: 0, gets: 3, tokens: 1 });
  });

  test("a small refresh in a large environment never pages further than the reads it saves", async () => {
    // Six stores near the end of the listing: paging to them would take all 5 pages for 3 reads.
    const refresh = providerFor(api);
    await clearRequests(api);
    const few = stores.slice(-6);
    const reads = await Promise.all(few.map((store) => refresh.read(store.id, store.outs)));
    expect(reads.map((read) => read.props)).toEqual(few.map((store) => store.outs));
    const requests = await requestsSince(api);
    expect(requests.pages).toBeLessThanOrEqual(3);
    expect(requests.api).toBeLessThanOrEqual(2 * few.length);
  });

  test("a read after a write of the same process never answers from a listing begun before the write", async () => {
    const provider = providerFor(api);
    const [written, changedElsewhere, ...others] = stores.slice(0, 20);
    // A burst of reads: the listing now holds both stores as they are.
    await inParallel([written, changedElsewhere, ...others], ENGINE_PARALLELISM, (store) => provider.read(store.id, store.outs));
    // Then another actor changes one store, and this process updates another (as `pulumi up` after a refresh would).
    await outOfBand(api, "PUT", changedElsewhere.id, (current) => ({ ...current, description: "changed after the listing" }));
    const updated = await provider.update(written.id, written.outs, { ...written.inputs, description: "updated by this process" });
    // Both reads, right after, see PingOne as it is now, not the listing.
    const [readWritten, readElsewhere] = await Promise.all([
      provider.read(written.id, updated.outs!),
      provider.read(changedElsewhere.id, changedElsewhere.outs),
    ]);
    expect(readWritten.props!.description).toBe("updated by this process");
    expect(readElsewhere.props!.description).toBe("changed after the listing");
    // Put them back for the other tests.
    await provider.update(written.id, updated.outs!, written.inputs);
    await outOfBand(api, "PUT", changedElsewhere.id, (current) => ({ ...current, description: changedElsewhere.inputs.description }));
  });

  test("a store missing from a complete listing is confirmed with its own GET, not reported gone", async () => {
    const provider = providerFor(api);
    // The whole listing is in (a deleted store's read pages through to the end), then a store appears.
    await outOfBand(api, "DELETE", stores[499].id);
    await inParallel(stores.slice(400, 499).concat(stores[499]), ENGINE_PARALLELISM, (store) => provider.read(store.id, store.outs));
    const [late] = await createStores(api, 1, "late");
    await clearRequests(api);
    const read = await provider.read(late.id, late.outs);
    expect(read.props).toEqual(late.outs);
    expect(await requestsSince(api)).toMatchObject({ pages: 0, gets: 1 });
  });
});

describe("the reuse window", () => {
  test("a listing is not reused by a read that starts more than LISTING_REUSE_MS after it began", async () => {
    const api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "read-batch-window-")) });
    try {
      const stores = await createStores(api, 12, "window");
      const token = await getToken(api);
      const listPath = `/v1/environments/${api.environmentIds[0]}/propagation/stores`;
      const get = async (pathAndQuery: string) => {
        const res = await fetch(`${api.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: res.status, body: res.status === 200 ? ((await res.json()) as any) : undefined };
      };
      const collection: Collection<{ id: string; name: string }> = {
        key: listPath,
        firstPage: `${listPath}?limit=100`,
        fetchPage: async (page) => ({ items: (await get(page)).body._embedded.stores }),
        fetchOne: async (id) => (await get(`${listPath}/${id}`)).body,
      };
      let clock = 0;
      const batcher = new ReadBatcher(() => clock);
      const deadline = Date.now() + 30_000;
      await Promise.all(stores.slice(0, 8).map((store) => batcher.read(collection, store.id, deadline)));
      expect(batcher.stats).toMatchObject({ pages: 1, fromListing: 5 });

      await outOfBand(api, "PUT", stores[10].id, (current) => ({ ...current, name: "renamed after the listing" }));
      clock += LISTING_REUSE_MS; // still within the window: the listing answers, as PingOne was when it was made
      expect((await batcher.read(collection, stores[9].id, deadline))!.name).toBe(stores[9].inputs.name);
      clock += 1; // past it: the listing answers no more (here a GET does, the burst being new)
      expect((await batcher.read(collection, stores[10].id, deadline))!.name).toBe("renamed after the listing");
      expect(batcher.stats).toMatchObject({ pages: 1, fromListing: 6, direct: 4 });
    } finally {
      await api.close();
    }
  });

  test("the next page is requested while half of the last one is still unread, so reads do not stall on it", async () => {
    const api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "read-batch-ahead-")) });
    try {
      await createStores(api, 250, "ahead");
      const token = await getToken(api);
      const listPath = `/v1/environments/${api.environmentIds[0]}/propagation/stores`;
      const get = async (pathAndQuery: string) => {
        const res = await fetch(`${api.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
        return (await res.json()) as any;
      };
      const pageOf = async (page: string): Promise<{ items: Array<{ id: string }>; next?: string }> => {
        const body = await get(page);
        const next = body._links.next ? new URL(body._links.next.href) : undefined;
        return { items: body._embedded.stores, next: next && next.pathname + next.search };
      };
      // The reads come in listing order, one after another: the order in which PingOne pages the stores.
      const order: string[] = [];
      for (let page: string | undefined = `${listPath}?limit=100`; page; ) {
        const { items, next } = await pageOf(page);
        order.push(...items.map((store) => store.id));
        page = next;
      }
      expect(order).toHaveLength(250);
      let readsStarted = 0;
      const pageRequests: Array<{ page: string; readsStarted: number }> = [];
      const collection: Collection<{ id: string }> = {
        key: listPath,
        firstPage: `${listPath}?limit=100`,
        fetchPage: async (page) => {
          pageRequests.push({ page, readsStarted });
          return pageOf(page);
        },
        fetchOne: async (id) => get(`${listPath}/${id}`),
      };
      const batcher = new ReadBatcher();
      for (const id of order) {
        readsStarted++;
        expect((await batcher.read(collection, id, Date.now() + 30_000))!.id).toBe(id);
      }
      // The first page when the burst's fourth read starts; each later one dozens of reads before the first read of an
      // item on it (read 101 on page 2, read 201 on page 3): once no more than PREFETCH_BELOW fetched items wait,
      // the burst's first DIRECT_READS among them (read by GET, so never taken from the listing).
      const ahead = PREFETCH_BELOW - DIRECT_READS;
      expect(pageRequests.map((request) => request.readsStarted)).toEqual([DIRECT_READS + 1, expect.any(Number), expect.any(Number)]);
      expect(pageRequests[1].readsStarted).toBeLessThanOrEqual(101 - ahead);
      expect(pageRequests[2].readsStarted).toBeLessThanOrEqual(201 - ahead);
      expect(batcher.stats).toMatchObject({ direct: 3, fromListing: 247, pages: 3 });
    } finally {
      await api.close();
    }
  });

  test("a listing that fails leaves its reads, and later ones, to their own GETs", async () => {
    const api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "read-batch-failed-")) });
    try {
      const stores = await createStores(api, 6, "failing");
      const token = await getToken(api);
      const listPath = `/v1/environments/${api.environmentIds[0]}/propagation/stores`;
      const collection: Collection<{ id: string }> = {
        key: listPath,
        // A path the API does not serve: the listing fails with a real 404.
        firstPage: `${listPath}-missing?limit=100`,
        fetchPage: async (page) => {
          const res = await fetch(`${api.url}${page}`, { headers: { authorization: `Bearer ${token}` } });
          throw new Error(`listing answered ${res.status}`);
        },
        fetchOne: async (id) =>
          (await (await fetch(`${api.url}${listPath}/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string },
      };
      const batcher = new ReadBatcher();
      const reads = await Promise.all(stores.map((store) => batcher.read(collection, store.id, Date.now() + 30_000)));
      expect(reads.map((read) => read!.id)).toEqual(stores.map((store) => store.id));
      expect(batcher.stats).toMatchObject({ direct: 6, fromListing: 0, pages: 0 });
    } finally {
      await api.close();
    }
  });
});
