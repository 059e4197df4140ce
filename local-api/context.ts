/**
 * What every route of the local API shares: the database, the issued tokens, the fault engine, the request
 * log, and the settings of this server. Built once by `startLocalApi` and passed to each route; routes keep
 * no state of their own.
 */
import type { Db } from "./db";
import type { FaultEngine } from "./faults";
import type { ScimCredentials } from "./routes/scim";
import type { TokenRegistry } from "./routes/tokens";
import type { UnknownKeys } from "./schema";

/** How a read returns a store's secret configuration keys. */
export const SECRETS_ON_READ_MODES = ["plaintext", "masked", "omitted"] as const;
export type SecretsOnRead = (typeof SECRETS_ON_READ_MODES)[number];

export function isSecretsOnRead(value: unknown): value is SecretsOnRead {
  return (SECRETS_ON_READ_MODES as readonly unknown[]).includes(value);
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number | null;
  time: string;
  durationMs: number;
  fault?: string;
}

export interface ApiContext {
  db: Db;
  tokens: TokenRegistry;
  faults: FaultEngine;
  requestLog: RequestLogEntry[];
  /** The environments this server serves; any other id is a 404, as PingOne answers. */
  environments: ReadonlySet<string>;
  secretsOnRead: SecretsOnRead;
  /** What store validation does with configuration keys the documents do not list for the type. */
  unknownKeys: UnknownKeys;
  scimCredentials: ScimCredentials;
  /** `http://host:port`, known once the server listens; every `_links` href starts with it. */
  baseUrl(): string;
  /**
   * This server's clock, in ms since the epoch: the machine's clock plus the `clockOffsetMs` option. Every
   * time the server reads or reports (createdAt, updatedAt, token expiry, the Date header, the request log)
   * comes from here, so a test can put the server minutes ahead of or behind its clients.
   */
  now(): number;
  /** The offset `now()` adds to the machine's clock; `PUT /__admin/clock` moves it while the server runs. */
  clock: { offsetMs: number };
}

/** {@link ApiContext.now} as an ISO 8601 timestamp, the form of `createdAt` and `updatedAt`. */
export function nowIso(context: Pick<ApiContext, "now">): string {
  return new Date(context.now()).toISOString();
}

/** `<base>/v1/environments/<envId>/<path>`: the href of anything in an environment. */
export function environmentHref(context: ApiContext, environmentId: string, path: string): string {
  return `${context.baseUrl()}/v1/environments/${environmentId}/${path}`;
}
