/**
 * Helpers of the reliability suites, on top of the e2e harness: fault control through the local API's admin
 * endpoints, a proxy that steers single requests, the consistency check between state and server, and the
 * figures of the report. The `pulumi` CLI spawned as a user runs it (so it can be interrupted) lives in the
 * harness, which the end-to-end suites share; it is re-exported here.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { FaultCounters, FaultOptions, RequestLogEntry } from "../../local-api";
import { secretKeysOf, storeTypes, type StoreTypeName } from "../../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { declarationFor, filesUnder, type E2eStack, type StoreDeclaration } from "../e2e/harness";
import { readmeSection, shBlocks, shBlockWith } from "../support/readme";

const RECOVERY_SECTION = "Recovering from an interrupted pulumi up";

export const STORE_TOKEN = "pulumi-nodejs:dynamic/pingone:PropagationStore";

/** Silences engine output in automation calls. */
export const quiet = { onOutput: () => undefined };

/** Replaces the fault settings (and resets the counters); a seed makes the run reproducible. */
/** Sets the local API's faults (and the seed of their generator); `api` is a LocalApi or an E2eStack's `api`. */
export async function setFaults(api: { url: string }, faults: FaultOptions, seed?: number): Promise<void> {
  const res = await fetch(`${api.url}/__admin/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...faults, ...(seed !== undefined && { seed }) }),
  });
  if (res.status !== 200) throw new Error(`PUT /__admin/faults: ${res.status} ${await res.text()}`);
}

export async function faultCounters(api: { url: string }): Promise<FaultCounters> {
  return ((await (await fetch(`${api.url}/__admin/faults`)).json()) as { injected: FaultCounters }).injected;
}

export const injectedTotal = (c: FaultCounters) =>
  c.drop + c.dropWriteBefore + c["429"] + c["500"] + c["502"] + c["503"] + c.commitThenDrop + c.heldResponse;

/**
 * `count` declarations cycling over every store type, each with its own distinctive secret values (so a
 * hit in a leak scan names exactly one store and cannot be coincidence). Returns every secret used.
 */
export function manyStores(count: number, prefix: string, types: readonly StoreTypeName[] = storeTypes) {
  const declarations: StoreDeclaration[] = [];
  const secrets: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length];
    const base = fullConfigurations[type] ?? minimalConfigurations[type];
    const configuration = base && { ...base };
    if (configuration) {
      for (const key of secretKeysOf(type)) {
        if (typeof configuration[key] === "string") configuration[key] = distinctiveSecret(`${prefix}${i}`);
      }
    }
    const part = declarationFor(type, `${prefix}${i}-${type.toLowerCase()}`, {}, configuration);
    declarations.push(part.declaration);
    Object.assign(secrets, part.secrets);
  }
  return { declarations, secrets };
}

/** A secret value nobody could produce by accident: marker, owner, and 96 random bits. */
export function distinctiveSecret(owner: string): string {
  return `RELIAB-S3CRET-${owner}-${crypto.randomBytes(12).toString("hex")}`;
}

export interface StateStore {
  urn: string;
  id: string;
  name: string;
  type: string;
}

/** The stores the stack's state holds, and its pending operations. */
export async function stateOf(e2e: E2eStack): Promise<{ stores: StateStore[]; pending: unknown[] }> {
  let exported: Awaited<ReturnType<typeof e2e.stack.exportStack>>;
  try {
    exported = await e2e.stack.exportStack();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${keepStateFiles(e2e)}`);
  }
  const deployment = exported.deployment as { resources?: any[]; pending_operations?: unknown[] };
  const stores = (deployment.resources ?? [])
    .filter((r) => r.type === STORE_TOKEN)
    .map((r) => ({ urn: r.urn, id: r.id, name: r.outputs?.name, type: r.outputs?.type }));
  return { stores, pending: deployment.pending_operations ?? [] };
}

/**
 * When the state cannot be read, the evidence: the stack's files in the backend (checkpoint, `.bak`, backups,
 * metadata files) with their sizes and times, copied where the test's cleanup will not delete them. Seen once in
 * CI after a SIGKILL ("failed to load checkpoint: EOF"): an empty metadata file reproduces that exactly, and the
 * SIGKILL test now runs the README's step 0 ({@link removeTornMetadata}) first, so a recurrence means another
 * cause. Sizes and times only in the message: the files hold ciphertext, but a message is no place for state.
 */
function keepStateFiles(e2e: E2eStack): string {
  try {
    const kept = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-unreadable-state-"));
    const lines = filesUnder(e2e.backendDir).map((file) => {
      const name = path.relative(e2e.backendDir, file);
      const { size, mtime } = fs.statSync(file);
      fs.cpSync(file, path.join(kept, name));
      return `  ${name}: ${size} bytes, ${mtime.toISOString()}`;
    });
    return `the backend's files, kept in ${kept}:\n${lines.join("\n")}`;
  } catch (error) {
    return `the backend's files could not be listed: ${(error as Error).message}`;
  }
}

export interface Consistency {
  /** Stores on the server whose (type, name) occurs more than once. */
  duplicates: Array<Record<string, unknown>>;
  /** Stores on the server that the state does not know: orphans. */
  orphans: Array<Record<string, unknown>>;
  /** Stores in the state that the server does not have. */
  missing: StateStore[];
  /** State entries whose name or type differ from the server's store of the same id. */
  mismatched: StateStore[];
  /** Declared (type, name) pairs absent from the server, and server stores nobody declared. */
  undeclared: Array<Record<string, unknown>>;
  notCreated: StoreDeclaration[];
  pending: unknown[];
  serverCount: number;
}

/** Compares server (the list endpoint), state (stack export) and declarations. Everything empty = consistent. */
export async function consistency(e2e: E2eStack, declared: StoreDeclaration[]): Promise<Consistency> {
  const server = await e2e.listStores();
  const { stores: state, pending } = await stateOf(e2e);
  const key = (s: { type?: unknown; name?: unknown }) => `${s.type}\u0000${s.name}`;
  const seen = new Map<string, number>();
  for (const s of server) seen.set(key(s), (seen.get(key(s)) ?? 0) + 1);
  const byId = new Map(server.map((s) => [s.id as string, s]));
  const stateIds = new Set(state.map((s) => s.id));
  const declaredKeys = new Set(declared.map((d) => key(d.args)));
  return {
    duplicates: server.filter((s) => seen.get(key(s))! > 1),
    orphans: server.filter((s) => !stateIds.has(s.id)),
    missing: state.filter((s) => !byId.has(s.id)),
    mismatched: state.filter((s) => byId.has(s.id) && (byId.get(s.id)!.name !== s.name || byId.get(s.id)!.type !== s.type)),
    undeclared: server.filter((s) => !declaredKeys.has(key(s))),
    notCreated: declared.filter((d) => !seen.has(key(d.args))),
    pending,
    serverCount: server.length,
  };
}

export const CONSISTENT = {
  duplicates: [],
  orphans: [],
  missing: [],
  mismatched: [],
  undeclared: [],
  notCreated: [],
  pending: [],
};

export { cliEnvironment, pulumiCli, pulumiCliOk, type CliRun } from "../e2e/harness";

/** Waits until `predicate` holds, polling. */
export async function waitFor(predicate: () => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the local API has logged no new request for `quietMs`: whatever was in flight has landed. */
export async function waitForQuiet(e2e: E2eStack, quietMs: number): Promise<void> {
  let last = -1;
  let since = Date.now();
  await waitFor(
    async () => {
      const count = (await e2e.requests()).length;
      if (count !== last) {
        last = count;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    "the API to go quiet",
    120_000,
    200,
  );
}

export const isApiEntry = (e: RequestLogEntry) => e.path.startsWith("/v1/");
export const isTokenEntry = (e: RequestLogEntry) => e.path.endsWith("/as/token");
/** Server-side validation failures: 400s our schemas should have predicted at check. */
export const unpredicted400s = (log: RequestLogEntry[]) => log.filter((e) => isApiEntry(e) && e.status === 400);

/** How the provider reacted to each fault in a request log. */
export function retriesIn(log: RequestLogEntry[]): { faulted: number; retried: number; ambiguousCreates: number } {
  // A held response whose client was killed is nobody's to retry: the recovery steps adopt that store.
  const faulted = log.filter((e) => isApiEntry(e) && e.fault !== undefined && e.fault !== "latency" && e.fault !== "heldResponse");
  // A POST whose write committed and response dropped is reconciled by a lookup, not repeated; every other
  // fault (429, 5xx, dropped before the write, a committed PUT) is answered by repeating the request.
  const ambiguousCreates = faulted.filter((e) => e.method === "POST" && e.fault === "commitThenDrop").length;
  return { faulted: faulted.length, retried: faulted.length - ambiguousCreates, ambiguousCreates };
}

export interface RecoveryStep {
  /** The line as documented. */
  line: string;
  env: Record<string, string>;
  /** The arguments after `pulumi`. */
  args: string[];
}

/**
 * The commands of the automation `sh` block in the README's section "Recovering from an interrupted pulumi up",
 * in order, so the test runs exactly what the documentation tells a person to run.
 */
export function recoverySteps(): RecoveryStep[] {
  const section = readmeSection(RECOVERY_SECTION);
  // The steps without a person: the recovery mode's. (The adopt steps, which need one, are test/e2e/orphans.test.ts's.)
  const automated = section.split(/^### /m).find((s) => s.startsWith("In automation"));
  if (!automated) throw new Error("the recovery section has no '### In automation' subsection");
  const [block] = shBlocks(automated);
  if (!block) throw new Error("the recovery section's automation subsection has no sh block");
  return block.map((line) => {
    const words = line.split(/\s+/);
    const env: Record<string, string> = {};
    while (/^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
      const [name, ...value] = words.shift()!.split("=");
      env[name] = value.join("=");
    }
    if (words.shift() !== "pulumi") throw new Error(`not a pulumi command: ${line}`);
    return { line, env, args: words };
  });
}

/**
 * Step 0 of the README's recovery, for a file backend: the documented `find` that removes the metadata files a
 * kill left empty (Pulumi v3.255 truncates `<stack>.json.attrs` before writing it again on every save), run
 * on `backendDir` in place of the README's `<dir>`. Returns the documented line and the files it removed.
 */
export function removeTornMetadata(backendDir: string): { line: string; removed: string[] } {
  const [line, ...others] = shBlockWith(readmeSection(RECOVERY_SECTION), "find ");
  if (others.length > 0 || !line.includes("<dir>"))
    throw new Error(`step 0 should be one find command on <dir>, got: ${[line, ...others].join("; ")}`);
  const command = line.replaceAll("<dir>", `'${backendDir.replaceAll("'", "'\\''")}'`);
  const output = execFileSync("sh", ["-c", command], { encoding: "utf8" });
  return { line, removed: output.split("\n").filter(Boolean) };
}

/** What an {@link interceptingProxy} does with one request; undefined forwards it untouched. */
export type Interception =
  /** Answer in the upstream's place: the request never reaches it. */
  | { reply: { status: number; headers?: Record<string, string>; body: unknown } }
  /** Forward it (so the upstream performs it), then wait for `after`; "drop" destroys the client's connection unanswered. */
  | { after: () => Promise<"send" | "drop"> };

/**
 * A proxy in front of the local API that a test steers request by request: answer in the API's place, or let
 * a write reach the API and then hold or drop its answer exactly when the test says (what the API's own
 * fault rates cannot do deterministically: "commit, let something else happen, then lose the answer").
 */
export async function interceptingProxy(
  upstream: string,
  intercept: (request: { method: string; path: string }) => Interception | undefined,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const interception = intercept({ method: req.method ?? "GET", path: new URL(req.url ?? "/", "http://proxy").pathname });
    if (interception && "reply" in interception) {
      res.writeHead(interception.reply.status, { "content-type": "application/json", ...interception.reply.headers });
      res.end(JSON.stringify(interception.reply.body));
      return;
    }
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "connection") as [string, string][]),
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (interception && (await interception.after()) === "drop") {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { "content-type": answer.headers.get("content-type") ?? "application/json" };
    for (const name of ["date", "retry-after", "location"]) if (answer.headers.has(name)) headers[name] = answer.headers.get(name)!;
    res.writeHead(answer.status, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
