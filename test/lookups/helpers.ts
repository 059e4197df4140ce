/** Helpers for the lookup suites: settings in the environment, as a program without stack config has them. */
import type * as pulumi from "@pulumi/pulumi";
import type { LocalApi, RequestLogEntry } from "../../local-api";
import { SETTING_SOURCES } from "../../provider/lifecycle/settings";
import { secretKeysOf, type StoreTypeName } from "../../provider/store-types";
import { pingoneEnv } from "../support/stack";

export interface LookupEnv {
  restore(): void;
}

/**
 * Sets `PINGONE_*` for `api` (every one unset when `api` is undefined) until `restore()`; `extra` adds or
 * overrides variables.
 */
export function settingsFor(api: LocalApi | undefined, extra: Record<string, string> = {}): LookupEnv {
  const names = Object.values(SETTING_SOURCES).map((source) => source.env);
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  if (api) Object.assign(process.env, pingoneEnv(api));
  Object.assign(process.env, extra);
  return {
    restore() {
      for (const name of names) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    },
  };
}

export async function apiRequests(api: LocalApi): Promise<RequestLogEntry[]> {
  return (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[];
}

/** The secret values of a configuration: what no lookup result may contain. */
export function secretValuesOf(type: StoreTypeName, configuration: Record<string, unknown>): string[] {
  return secretKeysOf(type)
    .map((key) => configuration[key])
    .filter((value): value is string => typeof value === "string");
}

/** An Output's value, outside a Pulumi program. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}
