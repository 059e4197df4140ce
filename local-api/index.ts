/**
 * A local, PingOne-compatible API for identity propagation: token endpoint, propagation stores, plans, rules,
 * mappings and revisions, groups, connection checks, a SCIM 2.0 target, fault injection and a request log, all on one origin. Built from the
 * PingOne documentation (see local-api/README.md for what it emulates and simplifies).
 *
 * This file only starts the server: it builds the shared {@link ApiContext}, applies faults and the request
 * log around every request, and hands the request to `router.ts`, which picks the resource's module in
 * `routes/`.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { isSecretsOnRead, SECRETS_ON_READ_MODES, type ApiContext, type RequestLogEntry, type SecretsOnRead } from "./context";
import { Db, type Synchronous } from "./db";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_ENVIRONMENT_ID,
  DEFAULT_SCIM_BASIC_PASSWORD,
  DEFAULT_SCIM_BASIC_USER,
  DEFAULT_SCIM_BEARER_TOKEN,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
} from "./defaults";
import { FaultEngine, faultReply, parseFaultOptions, type FaultOptions } from "./faults";
import { pingError, type Reply } from "./http";
import { readBody, toApiRequest } from "./request";
import { isAdminPath, isApiPath, route } from "./router";
import { seedGroups } from "./routes/groups";
import { TokenRegistry } from "./routes/tokens";
import { DEFAULT_UNKNOWN_KEYS, isUnknownKeys, UNKNOWN_KEYS_MODES, type UnknownKeys } from "./schema";

export type { FaultOptions, FaultCounters } from "./faults";
export type { RequestLogEntry, SecretsOnRead } from "./context";
export { SECRETS_ON_READ_MODES } from "./context";
export { SYNCHRONOUS_MODES, type Synchronous } from "./db";
export * from "./defaults";
export { MASKED_SECRET, CONNECTION_CHECK_MEDIA_TYPE, CONNECTION_CHECK_TIMEOUT_MS } from "./routes/stores";
export {
  STORE_TYPES,
  TYPE_NAMES,
  SERVER_ADDED_KEYS,
  secretKeysFor,
  ALL_SECRET_KEYS,
  UNKNOWN_KEYS_MODES,
  DEFAULT_UNKNOWN_KEYS,
  type UnknownKeys,
} from "./schema";

export interface LocalApiOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default `<repo>/.local-api-data`. */
  dataDir?: string;
  clientId?: string;
  clientSecret?: string;
  /**
   * A second worker application whose tokens lack the role the propagation API needs: it gets tokens, and
   * every `/v1` call with one is answered 403 ACCESS_FAILED / INSUFFICIENT_PERMISSIONS. Default: none.
   */
  rolelessClient?: { clientId: string; clientSecret: string };
  /** Default `[DEFAULT_ENVIRONMENT_ID]`. */
  environmentIds?: string[];
  /** Group names to seed in the first environment at start; a name that exists already is left alone. */
  groups?: string[];
  /** Default "plaintext" (like the documented responses). */
  secretsOnRead?: SecretsOnRead;
  /**
   * Configuration keys the documents do not list for a store's type: "accept" stores them (the default, as
   * the documents imply), "reject" answers 400 naming each, so a misspelled key cannot pass unnoticed.
   */
  unknownKeys?: UnknownKeys;
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  scimTarget?: { basicUser?: string; basicPassword?: string; bearerToken?: string };
  faults?: FaultOptions;
  seed?: number;
  /**
   * Puts this server's clock this many ms ahead of (positive) or behind (negative) the machine's: createdAt,
   * updatedAt, token expiry, the Date header and the request log all follow it. Default 0.
   */
  clockOffsetMs?: number;
  /**
   * How far a write is durable once answered (db.ts): "normal" (default) survives the server being killed at any
   * moment; "full" also survives a power loss, at an fsync per write.
   */
  synchronous?: Synchronous;
  /** Where to print one line per request; default silent. */
  log?: (line: string) => void;
}

export interface LocalApi {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The worker application without a role, when `rolelessClient` was given. */
  rolelessClient?: { clientId: string; clientSecret: string };
  environmentIds: string[];
  close(): Promise<void>;
}

const MAX_LOG_ENTRIES = 10_000;

/** The package root (first ancestor with a package.json), for the default data directory. */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function defaultDataDir(): string {
  return path.join(packageRoot(), ".local-api-data");
}

/** Sends a reply; its `Date` header is the server's clock (ApiContext.now), offset included, not Node's. */
function send(res: http.ServerResponse, reply: Reply, now: number): void {
  const headers: Record<string, string> = { Date: new Date(now).toUTCString(), ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers["Content-Type"] = `${reply.contentType ?? "application/json"}; charset=utf-8`;
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * Waits `ms`, or less if the client goes away first; true when the client is still there to answer.
 * A killed client's kernel only half-closes the connection ("end"), and the HTTP server keeps half-open
 * sockets alive while a response is due, so "end" counts as leaving, as well as "close".
 */
function holdUnlessClientLeaves(req: http.IncomingMessage, ms: number): Promise<boolean> {
  const socket = req.socket;
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (present: boolean) => {
      clearTimeout(timer);
      socket.off("close", left).off("end", left);
      if (!present) socket.destroy();
      resolve(present && !socket.destroyed);
    };
    const left = () => settle(false);
    const timer = setTimeout(() => settle(true), ms);
    socket.once("close", left).once("end", left);
  });
}

function contextFrom(options: LocalApiOptions, db: Db, baseUrl: () => string): ApiContext {
  const secretsOnRead = options.secretsOnRead ?? "plaintext";
  if (!isSecretsOnRead(secretsOnRead)) throw new Error(`secretsOnRead must be ${SECRETS_ON_READ_MODES.join(", ")}`);
  const unknownKeys = options.unknownKeys ?? DEFAULT_UNKNOWN_KEYS;
  if (!isUnknownKeys(unknownKeys)) throw new Error(`unknownKeys must be ${UNKNOWN_KEYS_MODES.join(", ")}`);
  const roleless = options.rolelessClient;
  if (roleless && (!roleless.clientId || !roleless.clientSecret || roleless.clientId === (options.clientId ?? DEFAULT_CLIENT_ID))) {
    throw new Error("rolelessClient needs a clientId and a clientSecret, and a clientId other than the worker application's");
  }
  if (options.faults) {
    const parsed = parseFaultOptions(options.faults);
    if (!parsed.ok) throw new Error(`invalid faults: ${parsed.message}`);
  }
  const environmentIds = options.environmentIds && options.environmentIds.length > 0 ? options.environmentIds : [DEFAULT_ENVIRONMENT_ID];
  const clockOffsetMs = options.clockOffsetMs ?? 0;
  if (!Number.isFinite(clockOffsetMs)) throw new Error("clockOffsetMs must be a finite number of milliseconds");
  const clock = { offsetMs: clockOffsetMs };
  const now = () => Date.now() + clock.offsetMs;
  const context: ApiContext = {
    db,
    tokens: new TokenRegistry(
      { clientId: options.clientId ?? DEFAULT_CLIENT_ID, clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET },
      options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      now,
      options.rolelessClient,
    ),
    faults: new FaultEngine(options.faults ?? {}, options.seed),
    requestLog: [],
    environments: new Set(environmentIds),
    secretsOnRead,
    unknownKeys,
    scimCredentials: {
      basicUser: options.scimTarget?.basicUser ?? DEFAULT_SCIM_BASIC_USER,
      basicPassword: options.scimTarget?.basicPassword ?? DEFAULT_SCIM_BASIC_PASSWORD,
      bearerToken: options.scimTarget?.bearerToken ?? DEFAULT_SCIM_BEARER_TOKEN,
    },
    baseUrl,
    now,
    clock,
  };
  seedGroups(context, environmentIds[0], options.groups ?? []);
  return context;
}

/**
 * One request, end to end: the fault engine decides first (API paths only), then the router answers, then a
 * fault may drop or hold the answer; the request log records what the client saw.
 */
async function handle(
  context: ApiContext,
  log: LocalApiOptions["log"],
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://local");
  const entry: RequestLogEntry = { method, path: url.pathname, status: null, time: new Date(context.now()).toISOString(), durationMs: 0 };
  const finish = (status: number | null, fault?: string) => {
    entry.status = status;
    if (fault) entry.fault = fault;
    entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
    if (!isAdminPath(url.pathname)) {
      context.requestLog.push(entry);
      if (context.requestLog.length > MAX_LOG_ENTRIES) context.requestLog.splice(0, context.requestLog.length - MAX_LOG_ENTRIES);
    }
    log?.(`${entry.time} ${method} ${entry.path} ${status ?? "dropped"} ${entry.durationMs}ms${fault ? ` fault=${fault}` : ""}`);
  };

  const decision = isApiPath(url.pathname) ? context.faults.decide(method) : undefined;
  if (decision && decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  if (decision?.before === "drop" || decision?.before === "dropWriteBefore") {
    finish(null, decision.before);
    req.socket.destroy();
    return;
  }
  const body = await readBody(req);
  let reply: Reply;
  if (decision?.before) reply = faultReply(decision.before, context.faults.retryAfterSeconds);
  else if (body === "too-large") reply = pingError(413, "INVALID_REQUEST", "The request body is too large.");
  else reply = await route(toApiRequest(req, url, body), context);
  if (decision?.commitThenDrop) {
    finish(null, "commitThenDrop");
    req.socket.destroy();
    return;
  }
  if (decision && decision.holdResponseMs > 0 && !(await holdUnlessClientLeaves(req, decision.holdResponseMs))) {
    finish(reply.status, "heldResponse");
    return;
  }
  send(res, reply, context.now());
  finish(reply.status, decision?.before);
}

export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const host = options.host ?? "127.0.0.1";
  let baseUrl = "";
  const db = new Db(options.dataDir ?? defaultDataDir(), options.synchronous);
  let context: ApiContext;
  try {
    context = contextFrom(options, db, () => baseUrl);
  } catch (error) {
    db.close();
    throw error;
  }

  const server = http.createServer((req, res) => {
    handle(context, options.log, req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      try {
        send(res, pingError(500, "UNEXPECTED_ERROR", `An unexpected error occurred: ${(error as Error).message}`), context.now());
      } catch {
        req.socket.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    clientId: context.tokens.client.clientId,
    clientSecret: context.tokens.client.clientSecret,
    ...(context.tokens.rolelessClient && { rolelessClient: { ...context.tokens.rolelessClient } }),
    environmentIds: [...context.environments],
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
