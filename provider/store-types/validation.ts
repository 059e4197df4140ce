/**
 * Validation of a store's declared arguments, run by `check` in the provider process before any API call.
 *
 * Every failure names the dotted property path (`configuration.SCIM_URL`) and says what to do. Secret
 * values are never echoed. Values Pulumi does not know yet during preview are skipped here and checked
 * again once known (the engine calls `check` again at `up` with the real values).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runtime } from "@pulumi/pulumi";
import type Ajv from "ajv";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { isStoreType, schemaOf, storeTypes, deprecatedKeysOf, type StoreTypeName } from "./index";
import { closestMatches, didYouMean } from "./suggest";
import { knownValuesOf, URL_PATTERN, type StoreTypeSchema } from "./schema-kit";
import { READ_ONLY_STORE_FIELDS, STORE_ARGUMENTS, STORE_STATUSES } from "./store-fields";

/** The placeholder the Pulumi engine passes for values that are unknown during preview (the SDK's own constant). */
export const PREVIEW_UNKNOWN = runtime.unknownValue;

export function isPreviewUnknown(value: unknown): boolean {
  return value === PREVIEW_UNKNOWN;
}

export interface ValidationFailure {
  /** Dotted path of the offending property, as Pulumi shows it: `configuration.SCIM_URL`. */
  property: string;
  /** A full sentence that names the property and the fix. */
  reason: string;
}

export interface ValidationResult {
  failures: ValidationFailure[];
  warnings: string[];
}

// No length limit on name or description: no PingOne document states one, and guessing one would block a
// store PingOne accepts (issue 10).

// Each type's validator is loaded lazily, once per process, and only in the provider process: the
// `__provider` text the program registers names only the lifecycle module's providers, so no validator ever
// leaves this process.
const validators: Partial<Record<StoreTypeName, ValidateFunction>> = {};

function validatorFor(type: StoreTypeName): ValidateFunction {
  validators[type] ??= precompiledValidator(type) ?? compiledHere(type);
  return validators[type];
}

let ajv: Ajv | undefined;

function compiledHere(type: StoreTypeName): ValidateFunction {
  ajv ??= newAjv();
  return ajv.compile(schemaOf(type));
}

/**
 * The validator the build compiled from the type's schema (`<type>/validator.js`, see precompile-validators.ts):
 * loading it compiles nothing and loads none of ajv's compiler, which saves the provider process about 10 ms and
 * 1 MiB per type. Run from the TypeScript sources (jest, ts-node) there is none, and the schema is compiled here.
 */
function precompiledValidator(type: StoreTypeName): ValidateFunction | undefined {
  const file = path.join(__dirname, type, PRECOMPILED_VALIDATOR_FILE);
  return fs.existsSync(file) ? (require(file) as ValidateFunction) : undefined;
}

/** The file name of a type's precompiled validator, in the type's folder of the built package. */
export const PRECOMPILED_VALIDATOR_FILE = "validator.js";

/** ajv's options: the build's precompiled validators and a schema compiled here are made alike. */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  keywords: ["x-replacedBy", "x-replaceOnChange", "x-suggestions", "x-enumSource", "x-ruleMappings"],
} satisfies Options;

export function newAjv(options: Options = {}): Ajv {
  return new (require("ajv").default as typeof Ajv)({ ...AJV_OPTIONS, ...options });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const httpUrl = new RegExp(URL_PATTERN);
function isHttpUrl(value: string): boolean {
  return httpUrl.test(value);
}

/** The read-only fields present in `inputs`, as dotted paths (`image.id` included). */
function readOnlyFieldsIn(inputs: Record<string, unknown>): string[] {
  const present: string[] = READ_ONLY_STORE_FIELDS.filter((field) => inputs[field] !== undefined);
  if (isPlainObject(inputs.image) && inputs.image.id !== undefined) present.push("image.id");
  return present;
}

/**
 * The declaration as check hands it on: read-only fields from a pasted API response dropped, and an
 * empty `image: {}` (the list response's way of saying "no image") treated as no image at all.
 */
export function withoutReadOnlyFields<T extends object>(inputs: T): T {
  const kept: Record<string, unknown> = { ...(inputs as Record<string, unknown>) };
  for (const field of READ_ONLY_STORE_FIELDS) delete kept[field];
  if (isPlainObject(kept.image)) {
    const { id: _imageId, ...image } = kept.image;
    if (Object.keys(image).length === 0) delete kept.image;
    else kept.image = image;
  }
  return kept as T;
}

export function validateStore(inputs: Record<string, unknown>): ValidationResult {
  const failures: ValidationFailure[] = [];
  const warnings: string[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const readOnly = readOnlyFieldsIn(inputs);
  if (readOnly.length > 0) {
    warnings.push(
      `${readOnly.join(", ")} ${readOnly.length === 1 ? "is a read-only field" : "are read-only fields"} of a store as PingOne returns it, ` +
        `not arguments: they are ignored and can be removed from the declaration.`,
    );
  }
  for (const key of Object.keys(inputs)) {
    if (
      key.startsWith("__") ||
      (STORE_ARGUMENTS as readonly string[]).includes(key) ||
      (READ_ONLY_STORE_FIELDS as readonly string[]).includes(key)
    )
      continue;
    fail(
      key,
      `${key} is not a PropagationStore argument.${didYouMean(key, STORE_ARGUMENTS)} Valid arguments: ${STORE_ARGUMENTS.join(", ")}.`,
    );
  }

  const { type, name, description, image, managed, status, environmentId } = inputs;

  if (!isPreviewUnknown(name) && (typeof name !== "string" || name.trim() === "")) {
    fail("name", "name is required: give the store a non-empty display name.");
  }
  if (description !== undefined && !isPreviewUnknown(description) && typeof description !== "string") {
    fail("description", `description must be a string, not ${describeJsonType(description)}.`);
  }
  if (environmentId !== undefined && !isPreviewUnknown(environmentId) && (typeof environmentId !== "string" || environmentId === "")) {
    fail("environmentId", "environmentId must be a PingOne environment id (a UUID string), or left out to use pingone:environmentId.");
  }
  if (managed !== undefined && !isPreviewUnknown(managed) && typeof managed !== "boolean") {
    fail("managed", `managed must be true or false, not ${describeJsonType(managed)}.`);
  }
  if (inputs.verifyConnection !== undefined && !isPreviewUnknown(inputs.verifyConnection) && typeof inputs.verifyConnection !== "boolean") {
    fail("verifyConnection", `verifyConnection must be true or false, not ${describeJsonType(inputs.verifyConnection)}.`);
  }
  if (status !== undefined && !isPreviewUnknown(status) && !(STORE_STATUSES as readonly unknown[]).includes(status)) {
    fail("status", `status must be ${STORE_STATUSES.map((value) => JSON.stringify(value)).join(" or ")}.`);
  }
  if (image !== undefined && !isPreviewUnknown(image)) {
    if (!isPlainObject(image)) fail("image", 'image must be an object like { href: "https://..." }, or {} for no image.');
    // `image: {}` is how PingOne's list response shows a store without an image: it means no image.
    else if (image.href !== undefined && !isPreviewUnknown(image.href) && (typeof image.href !== "string" || !isHttpUrl(image.href)))
      fail("image.href", "image.href must be an http:// or https:// URL of the store's image.");
  }

  if (isPreviewUnknown(type)) return { failures, warnings };
  if (typeof type !== "string" || type === "") {
    fail("type", `type is required: one of ${storeTypes.join(", ")}.`);
    return { failures, warnings };
  }
  if (!isStoreType(type)) {
    const hint = didYouMean(type, storeTypes, '"');
    fail(
      "type",
      `type "${type}" is not a PingOne store type.${hint} Type names are case-sensitive; valid types: ${storeTypes.join(", ")}.`,
    );
    return { failures, warnings };
  }

  validateConfiguration(type, inputs.configuration, inputs.additionalConfiguration, fail, warnings);
  return { failures, warnings };
}

function validateConfiguration(
  type: StoreTypeName,
  configuration: unknown,
  additionalConfiguration: unknown,
  fail: (property: string, reason: string) => void,
  warnings: string[],
): void {
  const schema = schemaOf(type);
  const knownKeys = Object.keys(schema.properties);

  if (additionalConfiguration !== undefined && !isPreviewUnknown(additionalConfiguration)) {
    if (!isPlainObject(additionalConfiguration)) {
      fail("additionalConfiguration", "additionalConfiguration must be an object of extra configuration keys.");
    } else {
      for (const [key, value] of Object.entries(additionalConfiguration)) {
        if (knownKeys.includes(key)) {
          fail(
            `additionalConfiguration.${key}`,
            `additionalConfiguration.${key} is a known ${type} key: move it to configuration.${key}, where it is validated.`,
          );
        } else if (!isPreviewUnknown(value) && typeof value !== "string" && typeof value !== "boolean") {
          fail(
            `additionalConfiguration.${key}`,
            `additionalConfiguration.${key} must be a string or a boolean, not ${describeJsonType(value)}.`,
          );
        }
      }
    }
  }

  if (knownKeys.length === 0) {
    if (configuration !== undefined && !(isPlainObject(configuration) && Object.keys(configuration).length === 0)) {
      fail("configuration", `a ${type} store has no configuration: remove configuration.`);
    }
    return;
  }
  if (isPreviewUnknown(configuration)) return;
  if (configuration === undefined) {
    fail("configuration", `configuration is required for a ${type} store; it needs at least ${schema.required.join(", ")}.`);
    return;
  }
  if (!isPlainObject(configuration)) {
    fail("configuration", `configuration must be an object of ${type} keys, not ${describeJsonType(configuration)}.`);
    return;
  }

  const validate = validatorFor(type);
  const reported = new Set<string>();
  if (!validate(configuration)) {
    // One failure per key, the most basic first: a number given for an enum key is a wrong type, and an
    // empty URL is empty; saying "not one of" or "not a URL" as well would only add noise.
    const byPriority = [...(validate.errors ?? [])].sort((a, b) => keywordPriority(a.keyword) - keywordPriority(b.keyword));
    for (const error of byPriority) {
      const failure = describeSchemaError(type, schema, configuration, error);
      if (!failure || reported.has(failure.property)) continue;
      reported.add(failure.property);
      fail(failure.property, failure.reason);
    }
  }

  for (const { key, replacedBy } of deprecatedKeysOf(type)) {
    if (key in configuration) {
      warnings.push(`configuration.${key} is deprecated for ${type} stores${replacedBy ? `; use ${replacedBy} instead` : ""}.`);
    }
  }
  warnAboutUnknownSuggestions(type, schema, configuration, reported, warnings);
  warnAboutDefaults(schema, configuration, warnings);
}

/** How much of an unknown value a warning quotes: enough to recognise it, never a pasted blob. */
const MAX_SHOWN_VALUE = 60;

/**
 * A value outside a suggestion-only key's known values warns and passes: the documents type the key only
 * as a string, so PingOne, not this provider, decides whether it is valid.
 */
function warnAboutUnknownSuggestions(
  type: StoreTypeName,
  schema: StoreTypeSchema,
  configuration: Record<string, unknown>,
  failed: ReadonlySet<string>,
  warnings: string[],
): void {
  for (const [key, property] of Object.entries(schema.properties)) {
    const value = configuration[key];
    const known = knownValuesOf(property);
    // A key that already failed (too long, say) has its failure; a secret is never shown (none is suggestion-only).
    if (known.length === 0 || failed.has(`configuration.${key}`) || property.writeOnly) continue;
    if (typeof value !== "string" || value === "" || isPreviewUnknown(value) || known.includes(value)) continue;
    const hint = didYouMean(value, known, '"');
    const shown = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
    warnings.push(
      `configuration.${key} is ${JSON.stringify(shown)}, which is not a value this provider knows for ${type} stores ` +
        `(known: ${known.map((v) => JSON.stringify(v)).join(", ")}).${hint} It is sent as written; PingOne decides whether it is valid.`,
    );
  }
}

/**
 * A discriminator the documents give a default (Zoom's AUTHENTICATION_METHOD) is not required, so leaving
 * it out requires nothing more; but PingOne then applies the default, and a default that needs keys the
 * configuration lacks deserves a warning before the store is written.
 */
function warnAboutDefaults(schema: StoreTypeSchema, configuration: Record<string, unknown>, warnings: string[]): void {
  for (const condition of schema.allOf ?? []) {
    const [[discriminator, { const: value }]] = Object.entries(condition.if.properties);
    if (configuration[discriminator] !== undefined || schema.properties[discriminator]?.default !== value) continue;
    const missing = condition.then.required.filter((key) => configuration[key] === undefined);
    if (missing.length === 0) continue;
    warnings.push(
      `configuration.${discriminator} is not set, and PingOne's documented default is "${value}", which needs ` +
        `${missing.map((key) => `configuration.${key}`).join(" and ")}. Set ${discriminator} to the method you use.`,
    );
  }
}

const KEYWORD_PRIORITY = ["required", "additionalProperties", "type", "minLength"];
function keywordPriority(keyword: string): number {
  const index = KEYWORD_PRIORITY.indexOf(keyword);
  return index === -1 ? KEYWORD_PRIORITY.length : index;
}

/** Turns one ajv error into a failure a person can act on, or undefined when it adds nothing. */
function describeSchemaError(
  type: StoreTypeName,
  schema: StoreTypeSchema,
  configuration: Record<string, unknown>,
  error: ErrorObject,
): ValidationFailure | undefined {
  const key = error.instancePath.replace(/^\//, "").split("/")[0];
  const property = `configuration.${key}`;
  const value = configuration[key];
  // A value Pulumi does not know yet cannot be judged; it is checked again once known.
  if (key && isPreviewUnknown(value)) return undefined;
  const isSecret = key ? schema.properties[key]?.writeOnly === true : false;
  const shown = isSecret ? "" : ` (got ${JSON.stringify(value)})`;

  switch (error.keyword) {
    case "required": {
      const missing = String(error.params.missingProperty);
      const path = `configuration.${missing}`;
      const about = schema.properties[missing]?.description ?? "";
      const condition = /allOf\/(\d+)\/then/.exec(error.schemaPath);
      if (condition) {
        const [[discriminator, { const: value }]] = Object.entries(schema.allOf![Number(condition[1])].if.properties);
        return {
          property: path,
          reason:
            `${path} is required when ${discriminator} is "${value}". Add it to configuration, or choose another ${discriminator}. ${about}`.trim(),
        };
      }
      return { property: path, reason: `${path} is required for a ${type} store. Add it to configuration. ${about}`.trim() };
    }
    case "additionalProperties": {
      const unknownKey = String(error.params.additionalProperty);
      const path = `configuration.${unknownKey}`;
      const hint = didYouMean(unknownKey, Object.keys(schema.properties));
      return {
        property: path,
        reason:
          `${path} is not a ${type} configuration key.${hint} Keys are case-sensitive. ` +
          `If PingOne added this key after this provider was released, pass it in additionalConfiguration instead.`,
      };
    }
    case "type": {
      const quotedBoolean = error.params.type === "boolean" && (value === "true" || value === "false");
      const hint = quotedBoolean ? ` Write ${value} without quotes.` : "";
      return {
        property,
        reason: `${property} must be ${error.params.type === "boolean" ? "a boolean (true or false)" : `a ${error.params.type}`}, not ${describeJsonType(value)}.${hint}`,
      };
    }
    case "enum": {
      const source = schema.properties[key]?.["x-enumSource"];
      return {
        property,
        reason: `${property} must be one of ${(error.params.allowedValues as string[]).map((v) => JSON.stringify(v)).join(", ")}${shown}.${source ? ` Source: ${source}` : ""}`,
      };
    }
    case "pattern":
      return { property, reason: `${property} must be an http:// or https:// URL${shown}.` };
    case "minLength":
      return { property, reason: `${property} must not be empty: set a value or remove the key.` };
    case "maxLength":
      return { property, reason: `${property} is ${String(value).length} characters long; the limit is ${error.params.limit}.` };
    case "if":
      return undefined; // Reported through the `then` requirement it guards.
    default:
      return { property, reason: `${property} ${error.message ?? "is invalid"}.` };
  }
}

export { closestMatches };
