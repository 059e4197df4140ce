/** Helpers for the lifecycle suites: the provider object against the local API over real HTTP. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi, type LocalApiOptions, type RequestLogEntry } from "../../local-api";
import {
  createPropagationStoreProvider,
  type PropagationStoreProvider,
  type ProviderOptions,
  type StoreInputs,
} from "../../provider/lifecycle";
import type { StoreTypeName } from "../../provider/store-types";
import { environmentRequest } from "../support/api";
import { providerSettings } from "../support/stack";

export async function startApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  return startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-")), ...options });
}

export function providerFor(
  api: LocalApi,
  extra: Record<string, string> = {},
  options: Omit<ProviderOptions, "settings"> = {},
): PropagationStoreProvider {
  return createPropagationStoreProvider({
    settings: providerSettings(api, extra),
    warn: () => undefined,
    info: () => undefined,
    ...options,
  });
}

/** A local API and a provider on it for the enclosing describe block: started before its tests, closed after. */
export function useApiAndProvider(options: LocalApiOptions = {}): { api: LocalApi; provider: PropagationStoreProvider } {
  const fixture = {} as { api: LocalApi; provider: PropagationStoreProvider };
  beforeAll(async () => {
    fixture.api = await startApi(options);
    fixture.provider = providerFor(fixture.api);
  });
  afterAll(async () => fixture.api?.close());
  return fixture;
}

export function storeOf(
  type: StoreTypeName,
  configuration: Record<string, string | boolean> | undefined,
  name = `${type} store`,
): StoreInputs {
  return { type, name, ...(configuration && { configuration: { ...configuration } }) };
}

/** check + create, as the engine does it. */
export async function create(provider: PropagationStoreProvider, inputs: StoreInputs) {
  const checked = await provider.check({} as StoreInputs, inputs);
  expect(checked.failures).toEqual([]);
  const created = await provider.create(checked.inputs!);
  return { inputs: checked.inputs!, id: created.id, outs: created.outs! };
}

export async function storeOnServer(api: LocalApi, id: string): Promise<{ status: number; body: any }> {
  const { status, json } = await environmentRequest(api, "GET", `propagation/stores/${id}`);
  return { status, body: status === 200 ? json : undefined };
}

/** A store made directly through the API, as a person in the PingOne console would: no Pulumi involved. */
export async function createOnServer(api: LocalApi, body: object, environmentId = api.environmentIds[0]): Promise<any> {
  // Once more when a pooled keep-alive connection was closed by the server while idle (a suite that waits on
  // a child process between calls meets that race); the POST never reached the server then.
  const once = () => environmentRequest(api, "POST", "propagation/stores", body, environmentId);
  const res = await once().catch((error: Error & { cause?: { code?: string } }) => {
    if (error.cause?.code !== "ECONNRESET") throw error;
    return once();
  });
  if (res.status !== 201) throw new Error(`store create failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

export async function requests(api: LocalApi): Promise<RequestLogEntry[]> {
  return (await fetch(`${api.url}/__admin/requests`)).json() as Promise<RequestLogEntry[]>;
}

export async function clearRequests(api: LocalApi): Promise<void> {
  await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
}

const isConnectionCheck = (entry: RequestLogEntry) => entry.path.endsWith("/propagation/stores/connection/status");

/** POSTs and PUTs that write a store (the connection check writes nothing). */
export function storeWrites(entries: RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter(
    (entry) =>
      (entry.method === "POST" || entry.method === "PUT") && entry.path.includes("/propagation/stores") && !isConnectionCheck(entry),
  );
}
