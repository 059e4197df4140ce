/**
 * The arguments of the pipeline resources (plan, rule, mapping), declared once per resource as a table
 * of fields, and what `check`, `diff` and `read` derive from that table: validation that names each
 * property and its fix, a diff of only what the user declared, and the inputs a refresh leaves behind.
 */
import { didYouMean } from "../store-types/suggest";
import { describeJsonType, isPlainObject, isPreviewUnknown, type ValidationResult } from "../store-types/validation";
import { carryLogicalName } from "../resource/logical-name";
import { sameValue } from "./store-state";

export interface FieldSpec {
  /** `id` and `idList` hold PingOne ids (non-empty strings); `object` is a map of string or boolean values. */
  kind: "string" | "id" | "boolean" | "stringOrBoolean" | "idList" | "object";
  required?: boolean;
  /** What the field is and how to set it: said when it is missing or malformed. */
  about: string;
  /** The values a string field may take. */
  values?: readonly string[];
  /** PingOne cannot change it in place (it is not in the update model): a change replaces the object. */
  replaceOnChange?: boolean;
  /** Deprecated: what to use instead, for the warning at check. */
  replacedBy?: string;
}

export type FieldSpecs = Record<string, FieldSpec>;

/** Every pipeline resource's environment, as for stores: the stack's environment unless declared. */
export const ENVIRONMENT_FIELD: FieldSpec = {
  kind: "id",
  about: "a PingOne environment id, or leave it out to use pingone:environmentId",
  replaceOnChange: true,
};

const isUnknown = (value: unknown) => isPreviewUnknown(value);

/** Validates each field against its spec, and refuses arguments the resource does not have. */
export function validateFields(resource: string, inputs: Record<string, unknown>, fields: FieldSpecs): ValidationResult {
  const result: ValidationResult = { failures: [], warnings: [] };
  const fail = (property: string, reason: string) => result.failures.push({ property, reason });
  const names = Object.keys(fields);

  for (const key of Object.keys(inputs)) {
    if (key.startsWith("__") || key in fields) continue;
    fail(key, `${key} is not a ${resource} argument.${didYouMean(key, names)} Valid arguments: ${names.join(", ")}.`);
  }

  for (const [field, spec] of Object.entries(fields)) {
    const value = inputs[field];
    if (value === undefined) {
      if (spec.required) fail(field, `${field} is required: ${spec.about}.`);
      continue;
    }
    if (spec.replacedBy) result.warnings.push(`${field} is deprecated for ${resource}; use ${spec.replacedBy} instead.`);
    if (isUnknown(value)) continue; // Checked again at up, once known.
    const problem = problemWith(spec, value);
    if (problem) fail(field, `${field} ${problem}`);
    if (spec.kind === "idList" && Array.isArray(value)) {
      value.forEach((item, index) => {
        if (!isUnknown(item) && (typeof item !== "string" || item === "")) {
          fail(
            `${field}[${index}]`,
            `${field}[${index}] must be an id (a non-empty string), not ${describeJsonType(item)}: ${spec.about}.`,
          );
        }
      });
    }
  }
  return result;
}

/** What is wrong with a known value, as the end of a sentence that starts with the field's name. */
function problemWith(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case "string":
    case "id":
      if (typeof value !== "string") return `must be a string, not ${describeJsonType(value)}: ${spec.about}.`;
      if (value.trim() === "" && (spec.required || spec.kind === "id")) return `must not be empty: ${spec.about}.`;
      if (spec.values && !spec.values.includes(value))
        return `must be ${spec.values.map((v) => JSON.stringify(v)).join(" or ")} (got ${JSON.stringify(value)}).`;
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false, not ${describeJsonType(value)}.`;
    case "stringOrBoolean":
      return typeof value === "string" || typeof value === "boolean"
        ? undefined
        : `must be a string or a boolean, not ${describeJsonType(value)}.`;
    case "idList":
      return Array.isArray(value) ? undefined : `must be a list of ids, not ${describeJsonType(value)}: ${spec.about}.`;
    case "object":
      return isPlainObject(value) ? undefined : `must be an object, not ${describeJsonType(value)}: ${spec.about}.`;
  }
}

/** Dotted paths of what the user declared: optional fields, and each key of an object field. */
export function declaredPropertiesOf(inputs: Record<string, unknown>, fields: FieldSpecs): string[] {
  const declared: string[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    const value = inputs[field];
    if (value === undefined || spec.required) continue;
    if (spec.kind === "object" && isPlainObject(value)) declared.push(...Object.keys(value).map((key) => `${field}.${key}`));
    else declared.push(field);
  }
  return declared;
}

/** Two values of a field are the same: lists of ids as sets, booleans whatever their spelling. */
function sameFieldValue(spec: FieldSpec, before: unknown, after: unknown): boolean {
  if (isUnknown(after)) return false;
  if (spec.kind === "idList") {
    if (!Array.isArray(before) || !Array.isArray(after) || after.some(isUnknown)) return false;
    const sorted = (ids: unknown[]) => JSON.stringify([...ids].map(String).sort());
    return sorted(before) === sorted(after);
  }
  return sameValue(before, after);
}

/**
 * What changed, comparing the state (`olds`: what PingOne returned, and what was declared) with the new
 * declaration. Only declared fields count; a field declared before and now left out is a change (the
 * user removed it); fields PingOne cannot update in place force a replacement.
 */
export function compareFields(
  olds: Record<string, unknown> & { declaredProperties?: string[] },
  news: Record<string, unknown>,
  fields: FieldSpecs,
): { changed: string[]; replaces: string[] } {
  const changed: string[] = [];
  const replaces: string[] = [];
  const declaredBefore = new Set(olds.declaredProperties ?? []);
  for (const [field, spec] of Object.entries(fields)) {
    const before = olds[field];
    const after = news[field];
    if (spec.kind === "object") {
      changed.push(...changedKeys(field, before, after, declaredBefore));
      continue;
    }
    if (after === undefined) {
      if (declaredBefore.has(field) && before !== undefined) changed.push(field);
      continue;
    }
    if (sameFieldValue(spec, before, after)) continue;
    changed.push(field);
    if (spec.replaceOnChange) replaces.push(field);
  }
  return { changed, replaces };
}

/** The keys of an object field that changed, or were declared before and are now left out. */
function changedKeys(field: string, before: unknown, after: unknown, declaredBefore: Set<string>): string[] {
  if (isUnknown(after)) return [field];
  const previous = isPlainObject(before) ? before : {};
  const next = isPlainObject(after) ? after : {};
  const changed = Object.entries(next)
    .filter(([key, value]) => !sameValue(previous[key], value))
    .map(([key]) => `${field}.${key}`);
  for (const path of declaredBefore) {
    const key = path.startsWith(`${field}.`) ? path.slice(field.length + 1) : undefined;
    if (key !== undefined && !(key in next) && previous[key] !== undefined) changed.push(path);
  }
  return changed;
}

/**
 * The inputs a refresh leaves behind: every required field and every declared one, with PingOne's
 * current values (only the declared keys of an object field), so the next diff shows the drift; and the
 * Pulumi name, as the program passed it.
 */
export function refreshedInputsOf(
  outputs: Record<string, unknown> & { declaredProperties?: string[] },
  fields: FieldSpecs,
): Record<string, unknown> {
  const declared = new Set(outputs.declaredProperties ?? []);
  const inputs: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(fields)) {
    const value = outputs[field];
    if (spec.kind === "object") {
      const keys = [...declared].filter((path) => path.startsWith(`${field}.`)).map((path) => path.slice(field.length + 1));
      const current = isPlainObject(value) ? value : {};
      if (keys.length > 0)
        inputs[field] = Object.fromEntries(keys.filter((key) => current[key] !== undefined).map((key) => [key, current[key]]));
    } else if (value !== undefined && (spec.required || declared.has(field) || field === "environmentId")) {
      inputs[field] = value;
    }
  }
  carryLogicalName(outputs, inputs);
  return inputs;
}
