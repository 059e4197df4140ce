/**
 * `pingone-propagation export`: every store of an environment as a TypeScript module of `PropagationStore`
 * declarations, each with its exact current configuration and `adopt: { id }`, so that the first
 * `pulumi up` adopts the stores rather than creating them, and changes nothing.
 *
 * - Keys the store type's schema knows go in `configuration` (booleans as booleans, though PingOne may
 *   answer `"false"`); any other key goes in `additionalConfiguration`, exactly as PingOne returned it.
 * - The module never holds a secret: each secret key (the schema's `writeOnly` keys) becomes
 *   `config.requireSecret("<name>")`, and the command prints the `pulumi config set --secret` line to run for
 *   each. A secret is declared when PingOne shows the key (in plaintext or masked) or when the schema requires
 *   it for this store; PingOne may omit secrets on read, so a secret the store has but neither says can be
 *   missing from the module: add it to the declaration by hand.
 * - Names: the resource name is the store name in lower-case words joined by `-`, the variable the same words
 *   in camelCase. When stores would get the same name, the oldest keeps it and each of the others gets the
 *   first 8 characters of its id appended: a store created later never renames one an earlier export named.
 */
import { booleanKeysOf, isStoreType, schemaOf, secretKeysOf, type StoreTypeName } from "../store-types";
import type { ApiStore } from "../lifecycle/pingone-client";

export interface NamedStore {
  store: ApiStore;
  /** The Pulumi resource name: `hr-scim`. */
  resourceName: string;
  /** The TypeScript variable: `hrScim`. */
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
}

const MASKED = /^\*+$/;

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
    "let package private protected public static yield await config pulumi PropagationStore").split(" "),
);

function wordsOf(name: string): string[] {
  return name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[a-z0-9]+/g) ?? [];
}

function camel(words: string[]): string {
  const text = words.map((word, index) => (index === 0 ? word : word[0].toUpperCase() + word.slice(1))).join("");
  return /^[a-z_$]/.test(text) && !RESERVED.has(text) ? text : `store${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
}

/** Stable, unique resource names and variables (see the module comment). Sorted by store name, then id. */
export function nameStores(stores: ApiStore[]): NamedStore[] {
  const sorted = [...stores].sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
  const base = (store: ApiStore) => {
    const words = wordsOf(store.name);
    return words.length > 0 ? words : ["store"];
  };
  // In each group of colliding names the oldest store keeps the name: a store created later never renames it.
  const age = (store: ApiStore) => `${store.createdAt ?? ""} ${store.id}`;
  const oldest = new Map<string, ApiStore>();
  for (const store of sorted) {
    for (const key of [`r:${base(store).join("-")}`, `v:${camel(base(store))}`]) {
      const holder = oldest.get(key);
      if (!holder || age(store) < age(holder)) oldest.set(key, store);
    }
  }
  const named = sorted.map((store) => {
    const words = base(store);
    const keeps = oldest.get(`r:${words.join("-")}`) === store && oldest.get(`v:${camel(words)}`) === store;
    const unique = keeps ? words : [...words, ...wordsOf(store.id.slice(0, 8))];
    return { store, resourceName: unique.join("-"), variable: camel(unique) };
  });
  // Two ids that share their first 8 characters and a name: extend with the whole id (never in practice).
  const seen = new Set<string>();
  for (const entry of named) {
    if (seen.has(entry.variable) || seen.has(entry.resourceName)) {
      const words = [...wordsOf(entry.store.name), ...wordsOf(entry.store.id)];
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
    if (matches) condition.then.required.forEach((key) => required.add(key));
  }
  return secretKeysOf(type).filter((key) => key in configuration || required.has(key));
}

/** The stack config key of one secret: `hrScim` + `BASIC_AUTH_PASSWORD` → `hrScimBasicAuthPassword`. */
function secretConfigName(variable: string, key: string): string {
  return variable + wordsOf(key.replace(/([a-z])([A-Z])/g, "$1 $2")).map((word) => word[0].toUpperCase() + word.slice(1)).join("");
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

export function generateModule(stores: ApiStore[], environmentId: string, generatedAt = new Date()): ExportedModule {
  const named = nameStores(stores);
  const secrets: SecretToSet[] = [];
  const declarations = named.map((entry) => declaration(entry, secrets));
  const header = [
    "/**",
    ` * Generated by \`pingone-propagation export\` from environment ${environmentId} on ${generatedAt.toISOString()}.`,
    ` * ${named.length} store(s), each adopted by id on the first \`pulumi up\` (which then changes nothing) and`,
    " * managed by this stack afterwards. The stores default to the stack's pingone:environmentId: export from the",
    " * environment the stack manages. Secrets are read from the stack's secret config; set them as printed.",
    " */",
  ];
  const imports = [
    ...(secrets.length > 0 ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    ...(named.length > 0 ? ['import { PropagationStore } from "pulumi-pingone-propagation";'] : []),
  ];
  const body = [...(secrets.length > 0 ? ["const config = new pulumi.Config();", ""] : []), ...declarations.flatMap((text) => [text, ""])];
  const source = [...header, ...imports, ...(imports.length > 0 ? [""] : []), ...body, ...(named.length === 0 ? ["export {};", ""] : [])].join("\n");
  return { source, secrets, stores: named };
}

/** The `pulumi config set --secret` line for one secret, with a placeholder instead of the value. */
export function configSetLine(secret: SecretToSet, stack?: string): string {
  const placeholder = `<${secret.key} of ${secret.store.type} store "${secret.store.name}">`.replace(/'/g, "");
  return `pulumi config set --secret ${secret.configName} '${placeholder}'${stack ? ` --stack ${stack}` : ""}`;
}
