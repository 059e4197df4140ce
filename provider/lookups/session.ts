/**
 * Where the lookups find PingOne. They run in the user's program, not in the provider process, so that a
 * preview shows real values; they read the very settings the provider reads, through the same code
 * (`../lifecycle/settings`): stack config under `pingone:` (secret config included: the program can read
 * it, and a lookup keeps it in memory only), else the `PINGONE_*` environment variables.
 *
 * Nothing here reaches a `__provider` text or is written anywhere: a lookup returns plain data.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PingOneClient } from "../lifecycle/pingone-client";
import type * as Settings from "../lifecycle/settings";

/*
 * The client and the settings code are loaded on the first lookup, not when the package is imported: a
 * program that only declares resources loads nothing of the lifecycle (test/lifecycle/loading.test.ts).
 */
const settingsCode = (): typeof Settings => require("../lifecycle/settings");
const clientCode = (): typeof import("../lifecycle/pingone-client") => require("../lifecycle/pingone-client");

const NAMESPACE = "pingone";

/** The stack's `pingone:*` config, keyed as the provider's `configure` sees it (`pingone:clientId`). */
function stackConfig(): { get(key: string): string | undefined } {
  const config = new pulumi.Config(NAMESPACE);
  return { get: (key) => (key.startsWith(`${NAMESPACE}:`) ? config.get(key.slice(NAMESPACE.length + 1)) : undefined) };
}

let current: { settings: string; client: PingOneClient; environmentId?: string } | undefined;

export interface LookupSession {
  client: PingOneClient;
  /** The environment a lookup searches: its own `environmentId`, else the stack's. */
  environmentOf(environmentId: string | undefined): string;
}

/**
 * One client (and so one token) per program for as long as the settings stay the same; a test that points
 * the settings elsewhere gets a new one.
 */
export function lookupSession(lookup: string): LookupSession {
  const { readRawSettings, resolveSettings, SETTING_SOURCES } = settingsCode();
  const raw = readRawSettings(stackConfig(), process.env);
  const fingerprint = JSON.stringify(raw);
  if (current?.settings !== fingerprint) {
    current?.client.close();
    current = { settings: fingerprint, client: new (clientCode().PingOneClient)(resolveSettings(raw)), environmentId: raw.environmentId };
  }
  const defaultEnvironment = current.environmentId;
  return {
    client: current.client,
    environmentOf(environmentId) {
      const resolved = environmentId ?? defaultEnvironment;
      if (!resolved) {
        const source = SETTING_SOURCES.environmentId;
        throw new Error(`${lookup}: no environment to search: pass environmentId, or set ${source.config} (or ${source.env}).`);
      }
      return resolved;
    },
  };
}
