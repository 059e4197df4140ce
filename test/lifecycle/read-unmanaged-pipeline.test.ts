/**
 * `PropagationPlan.get`, `PropagationRule.get` and `PropagationMapping.get` on the provider side, over real
 * HTTP: the first read (only what the program passed to `get`), a refresh of the state it produced, a
 * missing id, and no write ever.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi, type RequestLogEntry } from "../../local-api";
import { createProviders } from "../../provider/lifecycle";
import { environmentRequestOk } from "../support/api";
import { providerSettings } from "../support/stack";

let api: LocalApi;
let providers: ReturnType<typeof createProviders>;
const ids: Record<"plan" | "rule" | "mapping", string> = { plan: "", rule: "", mapping: "" };

const requests = async () => (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[];
const writes = (log: RequestLogEntry[]) => log.filter((entry) => entry.path.startsWith("/v1/") && entry.method !== "GET");

beforeAll(async () => {
  api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-get-")) });
  providers = createProviders({ settings: providerSettings(api), warn: () => undefined });
  // Made outside Pulumi, as a shared plan, rule and mapping would be.
  const source = await environmentRequestOk(api, "POST", "propagation/stores", { type: "directory", name: "Directory" });
  const target = await environmentRequestOk(api, "POST", "propagation/stores", { type: "directory", name: "Second directory" });
  ids.plan = (await environmentRequestOk(api, "POST", "propagation/plans", { name: "Shared plan" })).id;
  ids.rule = (
    await environmentRequestOk(api, "POST", `propagation/plans/${ids.plan}/rules`, {
      name: "Shared rule",
      sourceStore: { id: source.id },
      targetStore: { id: target.id },
    })
  ).id;
  ids.mapping = (
    await environmentRequestOk(api, "POST", `propagation/rules/${ids.rule}/mappings`, { sourceAttribute: "email", targetAttribute: "mail" })
  ).id;
  await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
});
afterAll(async () => api?.close());

const cases = [
  { kind: "plan", idOutput: "planId", expected: { name: "Shared plan", status: "INACTIVE" } },
  { kind: "rule", idOutput: "ruleId", expected: { name: "Shared rule", active: false } },
  { kind: "mapping", idOutput: "mappingId", expected: { sourceAttribute: "email", targetAttribute: "mail" } },
] as const;

describe.each(cases)("get of a $kind managed elsewhere", ({ kind, idOutput, expected }) => {
  const provider = () => providers[kind] as unknown as { read(id: string, props: Record<string, unknown>): Promise<any> };

  test("the first read returns the live object, with no declared properties, and writes nothing", async () => {
    const read = await provider().read(ids[kind], { environmentId: api.environmentIds[0] });
    expect(read.id).toBe(ids[kind]);
    expect(read.props).toMatchObject({ [idOutput]: ids[kind], environmentId: api.environmentIds[0], ...expected });
    expect(read.props.declaredProperties).toBeUndefined();
    expect(read.inputs).toBeUndefined();
    expect(writes(await requests())).toEqual([]);
  });

  test("an unknown id fails on the first read, naming the class and the id", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(provider().read(missing, {})).rejects.toThrow(/PropagationPlan|PropagationRule|PropagationMapping/);
    await expect(provider().read(missing, {})).rejects.toThrow(`no propagation ${kind} has id "${missing}"`);
  });

  test("a refresh of the state it produced follows the server; a refresh after it is gone drops it", async () => {
    const first = await provider().read(ids[kind], {});
    const again = await provider().read(ids[kind], first.props);
    expect(again.props).toEqual(first.props);
    const gone = await provider().read("00000000-0000-4000-8000-000000000001", first.props);
    expect(gone.id).toBe("");
  });
});
