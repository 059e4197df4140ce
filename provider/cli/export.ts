/**
 * `pingone-propagation export`: every store, plan, rule and mapping of an environment as a TypeScript module
 * of `PropagationStore`, `PropagationPlan`, `PropagationRule` and `PropagationMapping` declarations, each with
 * its exact current fields and `adopt: { id }`, so that the first `pulumi up` adopts them rather than creating
 * them, and changes nothing. References are written as references (`plan: workforce.planId`,
 * `sourceStore: pingoneDirectory.storeId`); an id the export does not declare stays a literal, with a comment.
 *
 * - Keys the store type's schema knows go in `configuration` (booleans as booleans, though PingOne may
 *   answer `"false"`); any other key goes in `additionalConfiguration`, exactly as PingOne returned it.
 * - The module never holds a secret: each secret key (the schema's `writeOnly` keys) becomes
 *   `config.requireSecret("<name>")`, and the command prints the `pulumi config set --secret` line to run for
 *   each. A secret is declared when PingOne shows the key (in plaintext or masked) or when the schema requires
 *   it for this store; PingOne may omit secrets on read, so a secret the store has but neither says can be
 *   missing from the module: add it to the declaration by hand.
 * - Names: the resource name is the object's name in lower-case words joined by `-` (a mapping's is its rule's
 *   and its target attribute's), the variable the same words in camelCase. When objects would get the same
 *   name, the oldest keeps it and each of the others gets the first 8 characters of its id appended: an object
 *   created later never renames one an earlier export named.
 */
import { booleanKeysOf, isStoreType, schemaOf, secretKeysOf, type StoreTypeName } from "../store-types";
import type { ApiMapping, ApiObject, ApiPlan, ApiRule, ApiStore, PingOneClient } from "../lifecycle/pingone-client";
import type { PipelineKind } from "../lifecycle/pipeline-provider";
import { mappingKind } from "../lifecycle/mapping";
import { planKind } from "../lifecycle/plan";
import { ruleKind } from "../lifecycle/rule";

/** Everything an export declares, as PingOne returned it. */
export interface EnvironmentObjects {
  stores: ApiStore[];
  plans: ApiPlan[];
  rules: ApiRule[];
  mappings: ApiMapping[];
}

/** Lists the environment's stores, then its plans, each plan's rules and each rule's mappings (every page). */
export async function listEnvironment(
  client: PingOneClient,
  environmentId: string,
  progress: (line: string) => void,
): Promise<EnvironmentObjects> {
  const stores = await client.listStores(environmentId, undefined, (listed) => {
    if (listed >= 100) progress(`  ${listed} stores listed`);
  });
  const plans = await client.listPlans(environmentId);
  const rules = (await Promise.all(plans.map((plan) => client.listPlanRules(environmentId, plan.id)))).flat();
  const mappings = (await Promise.all(rules.map((rule) => client.listRuleMappings(environmentId, rule.id)))).flat();
  if (plans.length + rules.length + mappings.length > 0)
    progress(`  ${plans.length} plan(s), ${rules.length} rule(s), ${mappings.length} mapping(s) listed`);
  return { stores, plans, rules, mappings };
}

/** One object to declare, and what names it. */
interface Nameable {
  id: string;
  createdAt?: string;
  /** What its names are made of: a store's, plan's or rule's name; a mapping's rule and target attribute. */
  title: string;
}

export interface Named<T extends Nameable = Nameable> {
  item: T;
  /** The Pulumi resource name: `hr-scim`. */
  resourceName: string;
  /** The TypeScript variable: `hrScim`. */
  variable: string;
}

export interface NamedStore {
  store: ApiStore;
  resourceName: string;
  variable: string;
}

export interface SecretToSet {
  /** The stack config key the module reads with `config.requireSecret`. */
  configName: string;
  store: ApiStore;
  key: string;
  /** The value, when PingOne returned it in plaintext. */
  plaintext?: string;
}

export interface ExportedModule {
  source: string;
  secrets: SecretToSet[];
  stores: NamedStore[];
  /** How many objects it declares, of every kind. */
  declared: number;
}

const MASKED = /^\*+$/;

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
    "let package private protected public static yield await config pulumi PropagationStore"
  ).split(" "),
);

function wordsOf(name: string): string[] {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .match(/[a-z0-9]+/g) ?? []
  );
}

function camel(words: string[]): string {
  const text = words.map((word, index) => (index === 0 ? word : word[0].toUpperCase() + word.slice(1))).join("");
  return /^[a-z_$]/.test(text) && !RESERVED.has(text) ? text : `store${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
}

/** Stable, unique resource names and variables (see the module comment), across every object of the export. */
export function nameObjects<T extends Nameable>(items: T[]): Array<Named<T>> {
  const base = (item: T) => {
    const words = wordsOf(item.title);
    return words.length > 0 ? words : ["object"];
  };
  // In each group of colliding names the oldest object keeps the name: one created later never renames it.
  const age = (item: T) => `${item.createdAt ?? ""} ${item.id}`;
  const oldest = new Map<string, T>();
  for (const item of items) {
    for (const key of [`r:${base(item).join("-")}`, `v:${camel(base(item))}`]) {
      const holder = oldest.get(key);
      if (!holder || age(item) < age(holder)) oldest.set(key, item);
    }
  }
  const named = items.map((item) => {
    const words = base(item);
    const keeps = oldest.get(`r:${words.join("-")}`) === item && oldest.get(`v:${camel(words)}`) === item;
    const unique = keeps ? words : [...words, ...wordsOf(item.id.slice(0, 8))];
    return { item, resourceName: unique.join("-"), variable: camel(unique) };
  });
  // Two ids that share their first 8 characters and a name: extend with the whole id (never in practice).
  const seen = new Set<string>();
  for (const entry of named) {
    if (seen.has(entry.variable) || seen.has(entry.resourceName)) {
      const words = [...wordsOf(entry.item.title), ...wordsOf(entry.item.id)];
      entry.resourceName = words.join("-");
      entry.variable = camel(words);
    }
    seen.add(entry.variable).add(entry.resourceName);
  }
  return named;
}

const literal = (value: unknown) => JSON.stringify(value);
const propertyKey = (key: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : literal(key));

/** The secret keys to declare for this store: those PingOne shows, and those its schema requires of it. */
function declaredSecretKeys(type: StoreTypeName, configuration: Record<string, unknown>): string[] {
  const schema = schemaOf(type);
  const required = new Set(schema.required);
  for (const condition of schema.allOf ?? []) {
    const matches = Object.entries(condition.if.properties).every(([key, { const: value }]) => configuration[key] === value);
    if (matches) for (const key of condition.then.required) required.add(key);
  }
  return secretKeysOf(type).filter((key) => key in configuration || required.has(key));
}

/** The stack config key of one secret: `hrScim` + `BASIC_AUTH_PASSWORD` → `hrScimBasicAuthPassword`. */
function secretConfigName(variable: string, key: string): string {
  return (
    variable +
    wordsOf(key.replace(/([a-z])([A-Z])/g, "$1 $2"))
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join("")
  );
}

function configurationLines(named: NamedStore, secrets: SecretToSet[]): string[] {
  const { store, variable } = named;
  const configuration = store.configuration ?? {};
  if (!isStoreType(store.type)) return [];
  const known = new Set(Object.keys(schemaOf(store.type).properties));
  const booleans = new Set(booleanKeysOf(store.type));
  const secretKeys = declaredSecretKeys(store.type, configuration);
  const typed: string[] = [];
  const additional: string[] = [];
  for (const key of [...new Set([...Object.keys(configuration), ...secretKeys])].sort()) {
    const value = configuration[key];
    if (secretKeys.includes(key)) {
      const configName = secretConfigName(variable, key);
      const plaintext = typeof value === "string" && value !== "" && !MASKED.test(value) ? value : undefined;
      secrets.push({ configName, store, key, ...(plaintext !== undefined && { plaintext }) });
      typed.push(`    ${propertyKey(key)}: config.requireSecret(${literal(configName)}),`);
    } else if (known.has(key)) {
      const normalized = booleans.has(key) && (value === "true" || value === "false") ? value === "true" : value;
      typed.push(`    ${propertyKey(key)}: ${literal(normalized)},`);
    } else {
      // Kept as PingOne returned it; additionalConfiguration takes strings and booleans only.
      additional.push(`    ${propertyKey(key)}: ${literal(typeof value === "boolean" ? value : String(value))},`);
    }
  }
  // PingOne showed none of the store's secrets: it omits them on read, so the optional ones may exist too.
  const shownNone = secretKeysOf(store.type).every((key) => !(key in configuration));
  const unknown = shownNone ? secretKeysOf(store.type).filter((key) => !secretKeys.includes(key)) : [];
  if (unknown.length > 0) {
    typed.push("    // PingOne does not return secrets, so these may be set on the store too: uncomment those it has, and set them.");
    for (const key of unknown) typed.push(`    // ${propertyKey(key)}: config.requireSecret(${literal(secretConfigName(variable, key))}),`);
  }
  const lines: string[] = [];
  if (typed.length > 0 || store.type !== "directory") lines.push("  configuration: {", ...typed, "  },");
  if (additional.length > 0) lines.push("  additionalConfiguration: {", ...additional, "  },");
  return lines;
}

function declaration(named: NamedStore, secrets: SecretToSet[]): string {
  const { store, resourceName, variable } = named;
  const lines = [`export const ${variable} = new PropagationStore(${literal(resourceName)}, {`, `  adopt: { id: ${literal(store.id)} },`];
  lines.push(`  type: ${literal(store.type)},`, `  name: ${literal(store.name)},`);
  if (store.description !== undefined) lines.push(`  description: ${literal(store.description)},`);
  if (store.image?.href) lines.push(`  image: { href: ${literal(store.image.href)} },`);
  if (store.managed !== undefined) lines.push(`  managed: ${literal(store.managed)},`);
  if (store.status !== undefined) lines.push(`  status: ${literal(store.status)},`);
  lines.push(...configurationLines(named, secrets), "});");
  return lines.join("\n");
}

/** A pipeline object's declaration: its fields by its kind's own list, references as references. */
function pipelineDeclaration<A extends ApiObject>(
  className: string,
  kind: PipelineKind<never, A>,
  named: Named<Nameable & { object: A }>,
  referenceTo: (id: string) => string | undefined,
): string {
  const { item, resourceName, variable } = named;
  const lines = [`export const ${variable} = new ${className}(${literal(resourceName)}, {`, `  adopt: { id: ${literal(item.id)} },`];
  const values = kind.fieldsOf(item.object);
  for (const [field, spec] of Object.entries(kind.fields)) {
    const value = values[field];
    if (field === "environmentId" || value === undefined) continue;
    if (spec.kind === "id" && typeof value === "string") {
      const reference = referenceTo(value);
      lines.push(reference ? `  ${field}: ${reference},` : `  ${field}: ${literal(value)}, // not in this export: an id kept as it is`);
    } else {
      lines.push(`  ${propertyKey(field)}: ${literal(value)},`);
    }
  }
  lines.push("});");
  return lines.join("\n");
}

export function generateModule(objects: EnvironmentObjects, environmentId: string, generatedAt = new Date()): ExportedModule {
  const items: Array<Nameable & { object: ApiObject; className: string }> = [
    ...objects.stores.map((store) => ({
      id: store.id,
      createdAt: store.createdAt,
      title: store.name,
      object: store,
      className: "PropagationStore",
    })),
    ...objects.plans.map((plan) => ({
      id: plan.id,
      createdAt: plan.createdAt,
      title: plan.name,
      object: plan,
      className: "PropagationPlan",
    })),
    ...objects.rules.map((rule) => ({
      id: rule.id,
      createdAt: rule.createdAt,
      title: rule.name,
      object: rule,
      className: "PropagationRule",
    })),
  ];
  const ruleNames = new Map(objects.rules.map((rule) => [rule.id, rule.name]));
  for (const mapping of objects.mappings) {
    const ruleName = mapping.rule?.id ? (ruleNames.get(mapping.rule.id) ?? "") : "";
    items.push({
      id: mapping.id,
      createdAt: mapping.createdAt,
      title: `${ruleName} ${mapping.targetAttribute}`,
      object: mapping,
      className: "PropagationMapping",
    });
  }
  // Declared in the order they depend on each other; within a kind, by name then id, so that the module is stable.
  const order = ["PropagationStore", "PropagationPlan", "PropagationRule", "PropagationMapping"];
  items.sort(
    (a, b) => order.indexOf(a.className) - order.indexOf(b.className) || a.title.localeCompare(b.title, "en") || a.id.localeCompare(b.id),
  );
  const named = nameObjects(items);
  const idOutputs: Record<string, string> = {
    PropagationStore: "storeId",
    PropagationPlan: "planId",
    PropagationRule: "ruleId",
    PropagationMapping: "mappingId",
  };
  const references = new Map(named.map((entry) => [entry.item.id, `${entry.variable}.${idOutputs[entry.item.className]}`]));
  const referenceTo = (id: string) => references.get(id);
  const kinds: Record<string, PipelineKind<never, ApiObject>> = {
    PropagationPlan: planKind as unknown as PipelineKind<never, ApiObject>,
    PropagationRule: ruleKind as unknown as PipelineKind<never, ApiObject>,
    PropagationMapping: mappingKind as unknown as PipelineKind<never, ApiObject>,
  };

  const secrets: SecretToSet[] = [];
  const stores: NamedStore[] = [];
  const declarations = named.map((entry) => {
    if (entry.item.className === "PropagationStore") {
      const store = { store: entry.item.object as ApiStore, resourceName: entry.resourceName, variable: entry.variable };
      stores.push(store);
      return declaration(store, secrets);
    }
    return pipelineDeclaration(
      entry.item.className,
      kinds[entry.item.className],
      entry as Named<Nameable & { object: ApiObject }>,
      referenceTo,
    );
  });
  const counts = `${objects.stores.length} store(s), ${objects.plans.length} plan(s), ${objects.rules.length} rule(s) and ${objects.mappings.length} mapping(s)`;
  const header = [
    "/**",
    ` * Generated by \`pingone-propagation export\` from environment ${environmentId} on ${generatedAt.toISOString()}.`,
    ` * ${counts}, each adopted by id on the first \`pulumi up\` (which then changes nothing)`,
    " * and managed by this stack afterwards. They default to the stack's pingone:environmentId: export from the",
    " * environment the stack manages. Secrets are read from the stack's secret config; set them as printed.",
    " */",
  ];
  const classes = order.filter((className) => named.some((entry) => entry.item.className === className));
  const imports = [
    ...(secrets.length > 0 ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    ...(classes.length > 0 ? [`import { ${classes.join(", ")} } from "pulumi-pingone-propagation";`] : []),
  ];
  const body = [...(secrets.length > 0 ? ["const config = new pulumi.Config();", ""] : []), ...declarations.flatMap((text) => [text, ""])];
  const source = [
    ...header,
    ...imports,
    ...(imports.length > 0 ? [""] : []),
    ...body,
    ...(named.length === 0 ? ["export {};", ""] : []),
  ].join("\n");
  return { source, secrets, stores, declared: named.length };
}

/** The `pulumi config set --secret` line for one secret, with a placeholder instead of the value. */
export function configSetLine(secret: SecretToSet, stack?: string): string {
  const placeholder = `<${secret.key} of ${secret.store.type} store "${secret.store.name}">`.replace(/'/g, "");
  return `pulumi config set --secret ${secret.configName} '${placeholder}'${stack ? ` --stack ${stack}` : ""}`;
}
