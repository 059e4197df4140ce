/**
 * The end-to-end program: declares the stores listed in the JSON file named by the `storesFile` config.
 * Values may be
 * - `{ "$secret": "name" }`: the stack's secret config `name` (so no secret sits in plaintext config);
 * - `{ "$storeIdOf": "logical", "template": "https://x/{id}" }`: another store's id, unknown at preview.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { PropagationStore, type PropagationStoreArgs } from "pulumi-pingone-propagation";

interface Declaration {
  logicalName: string;
  args: Record<string, unknown>;
}

const config = new pulumi.Config();
const declarations: Declaration[] = JSON.parse(fs.readFileSync(config.require("storesFile"), "utf8"));
const created = new Map<string, PropagationStore>();

function resolve(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const reference = value as { $secret?: string; $storeIdOf?: string; template?: string };
  if (reference.$secret) return config.requireSecret(reference.$secret);
  if (reference.$storeIdOf) {
    const other = created.get(reference.$storeIdOf);
    if (!other) throw new Error(`$storeIdOf: ${reference.$storeIdOf} must be declared earlier`);
    return other.storeId.apply((id) => (reference.template ?? "{id}").replace("{id}", id));
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
}

for (const { logicalName, args } of declarations) {
  created.set(logicalName, new PropagationStore(logicalName, resolve(args) as PropagationStoreArgs));
}

export const storeIds = Object.fromEntries([...created].map(([name, store]) => [name, store.storeId]));
export const configurations = Object.fromEntries([...created].map(([name, store]) => [name, store.configuration]));
