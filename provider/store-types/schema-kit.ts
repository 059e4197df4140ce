/**
 * The vocabulary every store type's schema is written in.
 *
 * A schema is plain JSON Schema (draft-07, compiled by ajv) plus a few annotations that make it the
 * single source of truth for its store type:
 *
 * - `writeOnly: true` marks a secret. This is the ONLY list of secrets in the code base: the resource
 *   wraps these keys in `pulumi.secret`, the lifecycle keeps them from inputs instead of reads, and
 *   error messages never echo their values.
 * - `deprecated: true` plus `x-replacedBy` marks a deprecated key and names its successor, for warnings.
 * - `x-replaceOnChange: true` marks a key PingOne cannot change in place (the store must be replaced).
 * - Values. A key whose values a PingOne document enumerates is a strict `enum`, and `x-enumSource` names
 *   that document. A key the documents type only as "String" is never closed: `x-suggestions` lists the
 *   values we know, split into those the documents mention and those only examples and SDKs show. They
 *   complete in TypeScript and an unknown value warns at preview, but PingOne decides (issue 10: never block
 *   what PingOne accepts). This is the only list of known values; nothing else keeps one.
 * - `x-ruleMappings` (on the type) names attributes the documents require as rule mappings instead of keys.
 * - `default` records a default the documents state (Zoom's AUTHENTICATION_METHOD); it is never filled in,
 *   only used to warn when the default would need keys the configuration lacks.
 *
 * Schemas are declared `as const`, so the TypeScript configuration types are derived from the very same
 * objects the validator compiles (see {@link ConfigurationOf}).
 */
import type { Input } from "@pulumi/pulumi";

/** Strings longer than this are rejected: nothing PingOne stores here is legitimately larger. */
export const MAX_STRING_LENGTH = 8192;

/** The subset of JSON Schema a configuration property may use. */
/** Known values of a key the documents type only as a string; see the module comment. */
export interface Suggestions {
  /** Values a PingOne document mentions (for example in a description), without closing the list. */
  readonly documents: readonly string[];
  /** Values only example bodies or Ping's SDKs show. */
  readonly examples: readonly string[];
  /** Where exactly each group comes from. */
  readonly note: string;
}

export interface PropertySchema {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly enum?: readonly string[];
  readonly "x-enumSource"?: string;
  readonly "x-suggestions"?: Suggestions;
  readonly default?: string | boolean;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly writeOnly?: boolean;
  readonly deprecated?: boolean;
  readonly "x-replacedBy"?: string;
  readonly "x-replaceOnChange"?: boolean;
}

/** A conditional requirement: when `if` matches, the keys in `then.required` become required. */
export interface ConditionalRequirement {
  readonly if: {
    readonly properties: Readonly<Record<string, { readonly const: string }>>;
    readonly required: readonly string[];
  };
  readonly then: { readonly required: readonly string[] };
}

/** The configuration schema of one store type. */
export interface StoreTypeSchema {
  readonly $id: string;
  readonly title: string;
  readonly description: string;
  readonly type: "object";
  readonly additionalProperties: false;
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly required: readonly string[];
  readonly allOf?: readonly ConditionalRequirement[];
  /**
   * Target attributes a propagation rule into a store of this type must (`required`) or may (`optional`)
   * map, because the type's Create Store page says they are rule mappings, not configuration keys (Azure's
   * DefaultPassword and DoBase64Conversion). Read by {@link ruleMappingsOf}; nothing validates a store with it.
   */
  readonly "x-ruleMappings"?: { readonly required: readonly string[]; readonly optional: readonly string[]; readonly source: string };
}

/** Keeps literal types (for {@link ConfigurationOf}) while checking the shape. */
export function defineStoreSchema<const S extends StoreTypeSchema>(schema: S): S {
  return schema;
}

// ---- property builders: short, and they keep descriptions next to the key they describe ----

/** What a URL-valued key must look like; the image href is checked against the same pattern. */
export const URL_PATTERN = "^https?://[^\\s]+$";

export function text(description: string) {
  return { type: "string", minLength: 1, maxLength: MAX_STRING_LENGTH, description } as const;
}

export function url(description: string) {
  return { type: "string", minLength: 1, maxLength: MAX_STRING_LENGTH, pattern: URL_PATTERN, description } as const;
}

export function secret(description: string) {
  return { type: "string", minLength: 1, maxLength: MAX_STRING_LENGTH, writeOnly: true, description } as const;
}

/** A strict list: only for values a PingOne document enumerates, which `source` names. */
export function oneOf<const E extends readonly string[]>(values: E, description: string, source: string) {
  return { type: "string", enum: values, "x-enumSource": source, description } as const;
}

/**
 * A string whose known values are suggestions, not a closed list: the documents type the key only as
 * "String". TypeScript completes the known values; any other non-empty string is valid and warns.
 */
export function suggested<const D extends readonly string[] = readonly [], const X extends readonly string[] = readonly []>(
  description: string,
  known: { documents?: D; examples?: X; note: string },
) {
  const suggestions = {
    documents: known.documents ?? ([] as unknown as D),
    examples: known.examples ?? ([] as unknown as X),
    note: known.note,
  };
  return { type: "string", minLength: 1, maxLength: MAX_STRING_LENGTH, description, "x-suggestions": suggestions } as const;
}

/** Every value a suggestion-only key is known to take, documents first. */
export function knownValuesOf(property: PropertySchema): readonly string[] {
  const suggestions = property["x-suggestions"];
  return suggestions ? [...suggestions.documents, ...suggestions.examples] : [];
}

export function flag(description: string) {
  return { type: "boolean", description } as const;
}

export function deprecatedFlag<const R extends string>(replacedBy: R) {
  return {
    type: "boolean",
    deprecated: true,
    "x-replacedBy": replacedBy,
    description: `Deprecated: use ${replacedBy}.`,
  } as const;
}

/** `required` keys when `key` equals `value`. */
export function requiredWhen<const K extends string, const V extends string, const R extends readonly string[]>(
  key: K,
  value: V,
  required: R,
) {
  return {
    if: { properties: { [key]: { const: value } } as { readonly [P in K]: { readonly const: V } }, required: [key] as const },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords; ajv reads them, nothing awaits this object.
    then: { required },
  } as const;
}

/** The provisioning switches most store types share. */
export const provisioningFlags = {
  CREATE_USERS: flag("Create users in the target when they appear in PingOne."),
  UPDATE_USERS: flag("Update users in the target when they change in PingOne."),
  DISABLE_USERS: flag("Disable users in the target when they are disabled in PingOne."),
} as const;

/**
 * REMOVE_ACTION: every request model types it "String" and none lists its values. `Disable` is in the
 * Create Store (PingOne) example; `Delete` is in Ping's SDK enum (EnumPropagationStoreTypeRemoveAction).
 */
export function removeAction<const X extends readonly string[]>(examples: X, note: string) {
  return suggested("What happens to a user removed from the propagation rule.", { examples, note });
}

export const REMOVE_ACTION = removeAction(
  ["Disable", "Delete"],
  "Disable: the Create Store (PingOne) and Test Connection examples; Delete: Ping's SDK (EnumPropagationStoreTypeRemoveActionDisableDelete).",
);

// ---- type-level derivation: the TypeScript configuration type of a schema ----

type ValueOf<P> = P extends { readonly type: "boolean" }
  ? boolean
  : P extends { readonly enum: readonly (infer E)[] }
    ? E
    : P extends { readonly "x-suggestions": { readonly documents: readonly (infer D)[]; readonly examples: readonly (infer X)[] } }
      ? D | X | (string & {}) // completes the known values, accepts any string
      : string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The configuration object a user writes for a schema: required keys are required, every value may be
 * a Pulumi `Input`, enum keys offer their values (suggestion-only keys offer them without closing the
 * list), and a misspelled key is a compile error.
 */
export type ConfigurationOf<S extends StoreTypeSchema> = Simplify<
  { -readonly [K in S["required"][number] & keyof S["properties"]]: Input<ValueOf<S["properties"][K]>> } & {
    -readonly [K in Exclude<keyof S["properties"], S["required"][number]>]?: Input<ValueOf<S["properties"][K]>>;
  }
>;
