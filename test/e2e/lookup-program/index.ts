/**
 * The end-to-end program for objects managed elsewhere. The JSON file named by the `storesFile` config says
 * what to do (every part optional):
 * - `gets`: `PropagationStore.get(logicalName, id, { type })` for each;
 * - `pipelineGets`: `PropagationPlan.get`, `PropagationRule.get` or `PropagationMapping.get(logicalName, id)`, by `kind`;
 * - `lookups`: `{ key, lookup, args, form }`: calls the lookup (`getPropagationStore`, `getPropagationStores`,
 *   `getPropagationPlan`, `getGroups`), in its Promise form or its `Output` form (`form: "output"`);
 * - `stores`: managed stores, whose strings may name another result: `{get:logical}` is that get's id (a store's storeId),
 *   `{lookup:key}` that lookup's storeId, `{lookup:key.a.b}` its value at a.b (so an id found elsewhere
 *   feeds a managed store's input).
 * Stack outputs: `getOutputs` (each store get's outputs), `pipelineGetOutputs` (each pipeline get's), `lookupResults`
 * (each lookup's result), `storeIds`.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as pingone from "pulumi-pingone-propagation";

interface ProgramInput {
  gets?: Array<{ logicalName: string; id: string; type?: pingone.StoreTypeName }>;
  pipelineGets?: Array<{ kind: "plan" | "rule" | "mapping"; logicalName: string; id: string }>;
  lookups?: Array<{ key: string; lookup: keyof typeof LOOKUPS; args?: Record<string, unknown>; form?: "promise" | "output" }>;
  stores?: Array<{ logicalName: string; args: Record<string, unknown> }>;
}

const LOOKUPS = {
  getPropagationStore: [pingone.getPropagationStore, pingone.getPropagationStoreOutput],
  getPropagationStores: [pingone.getPropagationStores, pingone.getPropagationStoresOutput],
  getPropagationPlan: [pingone.getPropagationPlan, pingone.getPropagationPlanOutput],
  getGroups: [pingone.getGroups, pingone.getGroupsOutput],
} as const;

const config = new pulumi.Config();
const input: ProgramInput = JSON.parse(fs.readFileSync(config.require("storesFile"), "utf8"));

const gets = new Map<string, pingone.PropagationStore>();
for (const { logicalName, id, type } of input.gets ?? []) {
  gets.set(logicalName, pingone.PropagationStore.get(logicalName, id, type === undefined ? undefined : { type }));
}

/** Each pipeline get's outputs, by logical name: its id and the fields a test changes out of band. */
const pipelineGets = new Map<string, { id: pulumi.Output<string>; outputs: Record<string, pulumi.Output<unknown>> }>();
for (const { kind, logicalName, id } of input.pipelineGets ?? []) {
  if (kind === "plan") {
    const plan = pingone.PropagationPlan.get(logicalName, id);
    pipelineGets.set(logicalName, { id: plan.planId, outputs: { planId: plan.planId, name: plan.name, updatedAt: plan.updatedAt } });
  } else if (kind === "rule") {
    const rule = pingone.PropagationRule.get(logicalName, id);
    pipelineGets.set(logicalName, {
      id: rule.ruleId,
      outputs: { ruleId: rule.ruleId, plan: rule.plan, name: rule.name, description: rule.description },
    });
  } else if (kind === "mapping") {
    const mapping = pingone.PropagationMapping.get(logicalName, id);
    pipelineGets.set(logicalName, {
      id: mapping.mappingId,
      outputs: {
        mappingId: mapping.mappingId,
        rule: mapping.rule,
        sourceAttribute: mapping.sourceAttribute,
        targetAttribute: mapping.targetAttribute,
      },
    });
  } else throw new Error(`unknown pipelineGets kind ${String(kind)} for ${logicalName}`);
}

const lookups = new Map<string, pulumi.Output<any>>();
for (const { key, lookup, args, form } of input.lookups ?? []) {
  const [promiseForm, outputForm] = LOOKUPS[lookup] as unknown as [
    (args: unknown) => Promise<unknown>,
    (args: unknown) => pulumi.Output<unknown>,
  ];
  lookups.set(key, form === "output" ? outputForm(args) : pulumi.output(promiseForm(args)));
}

const REFERENCE = /\{(get|lookup):([^}]+)\}/g;

/** `{get:logical}`, `{lookup:key}` (its storeId) or `{lookup:key.path.to.value}` (`{lookup:sales.ids.0}`). */
function idOf(kind: string, reference: string): pulumi.Output<string> {
  const [name, ...path] = reference.split(".");
  const source =
    kind === "get"
      ? (gets.get(name)?.storeId ?? pipelineGets.get(name)?.id)
      : lookups.get(name)?.apply((result) => (path.length > 0 ? path : ["storeId"]).reduce((value, key) => value[key], result) as string);
  if (!source) throw new Error(`{${kind}:${reference}}: no ${kind} named ${name} is declared`);
  return source;
}

function resolve(value: unknown): pulumi.Input<unknown> {
  if (typeof value === "string") {
    const references = [...value.matchAll(REFERENCE)];
    if (references.length === 0) return value;
    return pulumi.all(references.map(([, kind, name]) => idOf(kind, name))).apply((ids) => {
      let index = 0;
      return value.replace(REFERENCE, () => ids[index++]);
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
}

const stores = new Map<string, pingone.PropagationStore>();
for (const { logicalName, args } of input.stores ?? []) {
  stores.set(logicalName, new pingone.PropagationStore(logicalName, resolve(args) as pingone.PropagationStoreArgs));
}

export const getOutputs = Object.fromEntries(
  [...gets].map(([name, store]) => [
    name,
    {
      storeId: store.storeId,
      type: store.type,
      name: store.name,
      description: store.description,
      configuration: store.configuration,
      updatedAt: store.updatedAt,
    },
  ]),
);
export const pipelineGetOutputs = Object.fromEntries([...pipelineGets].map(([name, got]) => [name, got.outputs]));
export const lookupResults = Object.fromEntries(lookups);
export const storeIds = Object.fromEntries([...stores].map(([name, store]) => [name, store.storeId]));
