/**
 * End-to-end harness: the real Pulumi engine through `@pulumi/pulumi/automation`, an e2e program (by
 * default the one in `program/`), a temporary file backend, and the local PingOne API on a free loopback port.
 *
 * A missing engine is a failure, never a skip: `npm test` runs through scripts/with-tools, which puts the
 * CLI from scripts/setup-tools on PATH.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { startLocalApi, type LocalApi, type LocalApiOptions, type RequestLogEntry } from "../../local-api";
import { storeTypes } from "../../provider/store-types";
import { getToken } from "../local-api/helpers";
import { apiRequest } from "../support/api";
import { declarationFor, secretConfig, type StoreDeclaration } from "../support/declarations";
import { engineEnv, pingoneConfig, requireEngine } from "../support/stack";

export { declarationFor, secretRef, type StoreDeclaration } from "../support/declarations";

/** One resource the e2e program declares; `kind` defaults to "store" (see program/index.ts). */
export type Declaration = StoreDeclaration & { kind?: "store" | "plan" | "rule" | "mapping" };

/** The id of a resource declared earlier in the same program. */
export const idOf = (logicalName: string) => ({ $idOf: logicalName });

export const PROGRAM_DIR = path.join(__dirname, "program");
/** The program for objects managed elsewhere: `PropagationStore.get` and the lookups. */
export const LOOKUP_PROGRAM_DIR = path.join(__dirname, "lookup-program");
export const PASSPHRASE = "e2e-passphrase";

export function allTypesDeclarations(prefix = "") {
  const parts = storeTypes.map((type) => declarationFor(type, `${prefix}${type.toLowerCase()}`));
  return {
    declarations: parts.map((p) => p.declaration),
    secrets: Object.assign({}, ...parts.map((p) => p.secrets)) as Record<string, string>,
  };
}

export interface E2eStack {
  api: LocalApi;
  stack: Stack;
  environmentId: string;
  /** Replaces what the program declares. */
  declare(declarations: Declaration[], secrets?: Record<string, string>): Promise<void>;
  /** Replaces the program's input file (`storesFile`) with `input`, for a program that reads another shape. */
  writeProgramInput(input: unknown): void;
  /** Every store in the environment, through the regular API. */
  listStores(): Promise<Array<Record<string, any>>>;
  /** The environment's plans, rules and mappings, through the regular API. */
  listPipeline(): Promise<{ plans: Array<Record<string, any>>; rules: Array<Record<string, any>>; mappings: Array<Record<string, any>> }>;
  /** Every revision of the environment with its snapshot, oldest first (the local API's admin view). */
  revisions(): Promise<Array<Record<string, any>>>;
  /** Authenticated call to the regular API, as an out-of-band actor would make it. */
  callApi(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: any }>;
  requests(): Promise<RequestLogEntry[]>;
  /** The stack's name, and the environment a `pulumi` command needs to find its backend. */
  stackName: string;
  pulumiEnv: Record<string, string>;
  /**
   * The `pulumi` CLI on this stack, as a user runs it (automation's exportStack shows secrets; this does not).
   * Synchronous: only for commands that make no API call, since it blocks this process, which serves the
   * local API. {@link pulumiCli} runs any command.
   */
  cli(...args: string[]): string;
  /** The stack's file backend: the directory `PULUMI_BACKEND_URL` names. */
  backendDir: string;
  /** Every file of the stack's file backend (the state on disk, its backups and history), concatenated. */
  backendFiles(): string;
  /** The checkpoint file of this stack in the file backend (`{ checkpoint: { latest: deployment } }`). */
  checkpointFile(): string;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A stack on its own file backend and its own local API, running the program in `programDir`. The local API
 * rejects configuration keys the documents do not list (`unknownKeys: "reject"`, issue 10), so a key the
 * provider's schemas accept but the documents do not know fails the e2e suites instead of being stored silently.
 */
export async function openStack(name: string, apiOptions: LocalApiOptions = {}, programDir = PROGRAM_DIR): Promise<E2eStack> {
  requireEngine();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${name}-`));
  const backend = path.join(scratch, "state");
  fs.mkdirSync(backend);
  const storesFile = path.join(scratch, "stores.json");
  fs.writeFileSync(storesFile, "[]");
  const api = await startLocalApi({ dataDir: path.join(scratch, "api"), unknownKeys: "reject", ...apiOptions });
  const environmentId = api.environmentIds[0];
  const stackName = `${name}-${process.pid}`;

  const envVars = engineEnv(backend, PASSPHRASE);
  const workspace = await LocalWorkspace.create({ workDir: programDir, envVars });
  const stack = await Stack.create(stackName, workspace);
  await stack.setAllConfig({ ...pingoneConfig(api, environmentId), storesFile: { value: storesFile } });

  const writeProgramInput = (input: unknown) => fs.writeFileSync(storesFile, JSON.stringify(input, null, 2));
  let token: string | undefined;
  const callApi = async (method: string, pathname: string, body?: unknown) => {
    token ??= await getToken(api);
    return apiRequest(api, method, pathname, body, token);
  };

  return {
    api,
    stack,
    environmentId,
    writeProgramInput,
    stackName,
    pulumiEnv: envVars,
    async declare(declarations, secrets = {}) {
      writeProgramInput(declarations);
      if (Object.keys(secrets).length > 0) await stack.setAllConfig(secretConfig(secrets));
    },
    async listStores() {
      const result = await callApi("GET", `/v1/environments/${environmentId}/propagation/stores?limit=1000`);
      return result.json._embedded.stores;
    },
    async listPipeline() {
      const base = `/v1/environments/${environmentId}/propagation`;
      const plans = (await callApi("GET", `${base}/plans`)).json._embedded.plans as Array<Record<string, any>>;
      const rules = (await callApi("GET", `${base}/rules`)).json._embedded.rules as Array<Record<string, any>>;
      const mappings: Array<Record<string, any>> = [];
      for (const rule of rules) mappings.push(...(await callApi("GET", `${base}/rules/${rule.id}/mappings`)).json._embedded.mappings);
      return { plans, rules, mappings };
    },
    async revisions() {
      const all = (await (await fetch(`${api.url}/__admin/revisions`)).json()) as Array<Record<string, any>>;
      return all.filter((revision) => revision.environment?.id === environmentId);
    },
    callApi,
    async requests() {
      return (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[];
    },
    cli(...args) {
      return execFileSync("pulumi", [...args, "--stack", stackName, "--non-interactive"], {
        cwd: programDir,
        env: { ...process.env, ...envVars },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
    },
    backendDir: backend,
    backendFiles() {
      return filesUnder(backend)
        .map((file) => fs.readFileSync(file, "utf8"))
        .join("\n");
    },
    checkpointFile() {
      const checkpoint = filesUnder(backend).find(
        (file) => path.basename(file) === `${stackName}.json` && path.dirname(file).includes(`${path.sep}stacks`),
      );
      if (!checkpoint) throw new Error(`no checkpoint file for stack ${stackName} under ${backend}`);
      return checkpoint;
    },
    async clearRequests() {
      await fetch(`${api.url}/__admin/requests`, { method: "DELETE" });
    },
    async close() {
      try {
        await workspace.removeStack(stackName, { force: true }).catch(async () => {
          // A test that failed after killing the engine can leave the stack locked: release it, then remove.
          await stack.cancel().catch(() => undefined);
          await workspace.removeStack(stackName, { force: true });
        });
      } finally {
        fs.rmSync(path.join(programDir, `Pulumi.${stackName}.yaml`), { force: true });
        await api.close();
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}

/** API writes in a request log: what must be zero when input is rejected at preview. */
/** Every file below `dir`, as paths. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export function writesIn(entries: RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((entry) => entry.path.startsWith("/v1/") && entry.method !== "GET");
}

/** Writes to stores: what a failed connection check or a no-op adoption must leave at zero (the check itself writes nothing). */
export function storeWritesIn(entries: RequestLogEntry[]): RequestLogEntry[] {
  return writesIn(entries).filter(
    (entry) => entry.path.includes("/propagation/stores") && !entry.path.endsWith("/propagation/stores/connection/status"),
  );
}

/** The secret values (and anything that contains them) found in `text`. */
export function leakedSecrets(text: string, secrets: Iterable<string>): string[] {
  return [...secrets].filter((secret) => secret.length >= 8 && text.includes(secret));
}

/** The environment and working directory the automation workspace runs `pulumi` with. */
export function cliEnvironment(e2e: E2eStack): { env: NodeJS.ProcessEnv; cwd: string; stack: string } {
  const workspace = e2e.stack.workspace as LocalWorkspace;
  return { env: { ...process.env, ...workspace.envVars }, cwd: PROGRAM_DIR, stack: e2e.stack.name };
}

export interface CliRun {
  child: ChildProcess;
  output: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/**
 * Runs `pulumi <args> --stack <stack> --non-interactive` in its own process group (so the whole tree, the
 * engine, the language host and the provider process, can be signalled together, as a CI runner does).
 */
export function pulumiCli(e2e: E2eStack, args: string[], extraEnv: Record<string, string> = {}): CliRun {
  const { env, cwd, stack } = cliEnvironment(e2e);
  const child = spawn("pulumi", [...args, "--stack", stack, "--non-interactive"], {
    cwd,
    env: { ...env, ...extraEnv },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, output: () => output, done };
}

/** Runs the CLI to completion; throws with its output when it fails. */
export async function pulumiCliOk(e2e: E2eStack, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const { code, output } = await pulumiCli(e2e, args, extraEnv).done;
  if (code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${code}:\n${output}`);
  return output;
}
