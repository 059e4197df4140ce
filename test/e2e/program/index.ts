/**
 * The end-to-end program: declares the resources listed in the JSON file named by the `storesFile`
 * config, in order. Each declaration is `{ kind?, logicalName, args }`, where `kind` is "store" (the
 * default), "plan", "rule" or "mapping". Values in `args` may be
 * - `{ "$secret": "name" }`: the stack's secret config `name` (so no secret sits in plaintext config);
 * - `{ "$idOf": "logical" }`: the id of a resource declared earlier (a plan's planId, a store's storeId...);
 * - `{ "$storeIdOf": "logical", "template": "https://x/{id}" }`: another store's id inside a string.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import {
  PropagationMapping,
  PropagationPlan,
  PropagationRule,
  PropagationStore,
  type PropagationMappingArgs,
  type PropagationPlanArgs,
  type PropagationRuleArgs,
  type PropagationStoreArgs,
} from "pulumi-pingone-propagation";

interface Declaration {
  kind?: "store" | "plan" | "rule" | "mapping";
  logicalName: string;
  args: Record<string, unknown>;
  /** Resource options, as JSON (`retainOnDelete`, say). */
  options?: pulumi.CustomResourceOptions;
}

const config = new pulumi.Config();
const declarations: Declaration[] = JSON.parse(fs.readFileSync(config.require("storesFile"), "utf8"));
const created = new Map<string, pulumi.CustomResource>();
const stores = new Map<string, PropagationStore>();

function earlier(logicalName: string, reference: string): pulumi.CustomResource {
  const other = created.get(logicalName);
  if (!other) throw new Error(`${reference}: ${logicalName} must be declared earlier`);
  return other;
}

function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== "object" || value === null) return value;
  const reference = value as { $secret?: string; $idOf?: string; $storeIdOf?: string; template?: string };
  if (reference.$secret) return config.requireSecret(reference.$secret);
  if (reference.$idOf) return earlier(reference.$idOf, "$idOf").id;
  if (reference.$storeIdOf) {
    const other = earlier(reference.$storeIdOf, "$storeIdOf") as PropagationStore;
    return other.storeId.apply((id) => (reference.template ?? "{id}").replace("{id}", id));
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
}

for (const { kind = "store", logicalName, args, options } of declarations) {
  const resolved = resolve(args);
  if (kind === "store") {
    const store = new PropagationStore(logicalName, resolved as PropagationStoreArgs, options);
    stores.set(logicalName, store);
    created.set(logicalName, store);
  } else if (kind === "plan") created.set(logicalName, new PropagationPlan(logicalName, resolved as PropagationPlanArgs, options));
  else if (kind === "rule") created.set(logicalName, new PropagationRule(logicalName, resolved as PropagationRuleArgs, options));
  else if (kind === "mapping") created.set(logicalName, new PropagationMapping(logicalName, resolved as PropagationMappingArgs, options));
  else throw new Error(`unknown kind ${String(kind)} for ${logicalName}`);
}

export const storeIds = Object.fromEntries([...stores].map(([name, store]) => [name, store.storeId]));
export const configurations = Object.fromEntries([...stores].map(([name, store]) => [name, store.configuration]));
/** Every resource's id, by logical name. */
export const ids = Object.fromEntries([...created].map(([name, resource]) => [name, resource.id]));
export const syncStatuses = Object.fromEntries([...stores].map(([name, store]) => [name, store.syncStatus]));
