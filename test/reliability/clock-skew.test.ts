/**
 * Issue 16 under the real engine: PingOne's clock far from the machine's, and every create's answer lost after
 * the store was committed. `pulumi up` of several stores leaves exactly one store each, and a second `up`
 * changes nothing.
 */
import { openStack, writesIn, type E2eStack } from "../e2e/harness";
import { consistency, CONSISTENT, manyStores, quiet, setFaults } from "./helpers";

jest.setTimeout(600_000);

const STORES = 6;

describe.each([-30_000, 5 * 60_000])("server clock %i ms off the machine's, every POST answer lost after the commit", (clockOffsetMs) => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack(`skew${clockOffsetMs < 0 ? "behind" : "ahead"}`, { clockOffsetMs });
  });
  afterAll(async () => e2e?.close());

  test(`pulumi up of ${STORES} stores leaves one store each; a second up changes nothing`, async () => {
    const { declarations, secrets } = manyStores(STORES, `skew${Math.abs(clockOffsetMs)}-`);
    await e2e.declare(declarations, secrets);
    await setFaults(e2e.api, { commitThenDropRate: 1 });
    const up = await e2e.stack.up(quiet);
    expect(up.summary.resourceChanges).toMatchObject({ create: STORES + 1 });
    const log = await e2e.requests();
    const posts = log.filter((entry) => entry.method === "POST" && entry.path.endsWith("/propagation/stores"));
    expect(posts.map((post) => post.fault)).toEqual(Array(STORES).fill("commitThenDrop")); // each lost, none repeated
    await setFaults(e2e.api, {});
    const found = await consistency(e2e, declarations);
    expect({ ...found, serverCount: undefined }).toEqual({ ...CONSISTENT, serverCount: undefined });
    expect(found.serverCount).toBe(STORES);

    await setFaults(e2e.api, { commitThenDropRate: 1 });
    await e2e.clearRequests();
    const again = await e2e.stack.up(quiet);
    expect(again.summary.resourceChanges).toEqual({ same: STORES + 1 });
    expect(writesIn(await e2e.requests())).toEqual([]);
    await setFaults(e2e.api, {});
    await e2e.stack.destroy(quiet);
    expect(await e2e.listStores()).toEqual([]);
  });
});
