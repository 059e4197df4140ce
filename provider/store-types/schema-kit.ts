/**
 * The vocabulary every store type's schema is written in.
 *
 * A schema is plain JSON Schema (draft-07, compiled by ajv) plus three annotations that make it the
 * single source of truth for its store type:
 *
 * - `writeOnly: true` marks a secret. This is the ONLY list of secrets in the code base: the resource
 *   wraps these keys in `pulumi.secret`, the lifecycle keeps them from inputs instead of reads, and
 *   error messages never echo their values.
 * - `deprecated: true` plus `x-replacedBy` marks a deprecated key and names its successor, for warnings.
 * - `x-replaceOnChange: true` marks a key PingOne cannot change in place (the store must be replaced).
 *
 * Schemas are declared `as const`, so the TypeScript configuration types are derived from the very same
 * objects the validator compiles (see {@link ConfigurationOf}).
 */
import type { Input } from "@pulumi/pulumi";

/** Strings longer than this are rejected: nothing PingOne stores here is legitimately larger. */
export const MAX_STRING_LENGTH = 8192;

/** The subset of JSON Schema a configuration property may use. */
export interface PropertySchema {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly enum?: readonly string[];
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

export function oneOf<const E extends readonly string[]>(values: E, description: string) {
  return { type: "string", enum: values, description } as const;
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
  return { if: { properties: { [key]: { const: value } } as { readonly [P in K]: { readonly const: V } }, required: [key] as const }, then: { required } } as const;
}

/** The provisioning switches most store types share. */
export const provisioningFlags = {
  CREATE_USERS: flag("Create users in the target when they appear in PingOne."),
  UPDATE_USERS: flag("Update users in the target when they change in PingOne."),
  DISABLE_USERS: flag("Disable users in the target when they are disabled in PingOne."),
} as const;

export const REMOVE_ACTIONS = ["Disable", "Delete"] as const;

// ---- type-level derivation: the TypeScript configuration type of a schema ----

type ValueOf<P> = P extends { readonly type: "boolean" }
  ? boolean
  : P extends { readonly enum: readonly (infer E)[] }
    ? E
    : string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The configuration object a user writes for a schema: required keys are required, every value may be
 * a Pulumi `Input`, enum keys offer their values, and a misspelled key is a compile error.
 */
export type ConfigurationOf<S extends StoreTypeSchema> = Simplify<
  { -readonly [K in S["required"][number] & keyof S["properties"]]: Input<ValueOf<S["properties"][K]>> } & {
    -readonly [K in Exclude<keyof S["properties"], S["required"][number]>]?: Input<ValueOf<S["properties"][K]>>;
  }
>;
