/**
 * Store declarations as the e2e and bench programs read them (a JSON file named by the `storesFile` config),
 * with every secret moved into secret stack config: the program swaps each `{ "$secret": "name" }` for
 * `config.requireSecret("name")`, so no secret sits in plaintext config. Shared by the e2e harness, the
 * reliability suites and the benchmark.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { secretKeysOf, type StoreTypeName } from "../../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";

export interface StoreDeclaration {
  logicalName: string;
  args: Record<string, unknown>;
  /** Resource options, as JSON (`retainOnDelete`, say). */
  options?: Record<string, unknown>;
}

/** A secret config reference, resolved by the program with `config.requireSecret`. */
export const secretRef = (name: string) => ({ $secret: name });

/**
 * A declaration for a store of `type` using the fixture configuration, with every secret moved into
 * secret stack config (returned in `secrets`) so no secret sits in plaintext config.
 */
export function declarationFor(
  type: StoreTypeName,
  logicalName: string,
  overrides: Record<string, unknown> = {},
  configuration = fullConfigurations[type] ?? minimalConfigurations[type],
): { declaration: StoreDeclaration; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  let resolved: Record<string, unknown> | undefined;
  if (configuration) {
    resolved = { ...configuration };
    for (const key of secretKeysOf(type)) {
      if (typeof configuration[key] !== "string") continue;
      const name = `${logicalName}_${key}`.replace(/[^A-Za-z0-9_]/g, "_");
      secrets[name] = configuration[key] as string;
      resolved[key] = secretRef(name);
    }
  }
  return {
    declaration: {
      logicalName,
      args: { type, name: `${type} (${logicalName})`, ...(resolved && { configuration: resolved }), ...overrides },
    },
    secrets,
  };
}

/** Secret values as stack config: each one `{ value, secret: true }`. */
export function secretConfig(values: Record<string, string>): ConfigMap {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, secret: true }]));
}
