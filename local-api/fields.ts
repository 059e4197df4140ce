/**
 * Reading the JSON bodies of the pipeline resources (plans, rules, mappings): one reader per body collects
 * every problem as a PingOne error detail (`REQUIRED_VALUE` / `INVALID_VALUE`, with the property's path as
 * `target`), so one 400 lists them all, as PingOne does. The rules themselves (what is required, what must
 * exist) live in each resource's route, written from the documents.
 */
import { invalidData, type Reply } from "./http";
import { requireJson, type ApiRequest } from "./request";
import type { ErrorDetail, Json, JsonObject } from "./schema";

export type BodyResult = { ok: true; body: JsonObject } | { ok: false; reply: Reply };

/** The request's JSON body, which must be an object (415 / 400 otherwise, as for stores). */
export function objectBody(request: ApiRequest): BodyResult {
  const parsed = requireJson(request);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reply: invalidData([{ code: "INVALID_VALUE", message: "The request body must be a JSON object." }]) };
  }
  return { ok: true, body: value as JsonObject };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const typeName = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`);

export class BodyReader {
  readonly details: ErrorDetail[] = [];

  constructor(readonly body: JsonObject) {}

  has(key: string): boolean {
    return this.body[key] !== undefined && this.body[key] !== null;
  }

  /** Records a problem: `code` is PingOne's detail code (REQUIRED_VALUE, INVALID_VALUE, UNIQUENESS_VIOLATION). */
  refuse(code: string, target: string, message: string): void {
    this.details.push({ code, target, message });
  }

  /** A string that must be present and non-empty. */
  requiredString(key: string): string | undefined {
    const value = this.body[key];
    if (value === undefined || value === null || value === "") {
      this.refuse("REQUIRED_VALUE", key, `${key} is required: send a non-empty string.`);
      return undefined;
    }
    return this.string(key);
  }

  /** An optional string: undefined when absent (or null), refused when another type. */
  string(key: string, target = key, source: JsonObject = this.body): string | undefined {
    const value = source[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      this.refuse("INVALID_VALUE", target, `${target} must be a string, not ${typeName(value)}.`);
      return undefined;
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") {
      this.refuse("INVALID_VALUE", key, `${key} must be a boolean (true or false), not ${typeName(value)}.`);
      return undefined;
    }
    return value;
  }

  /** One of `allowed`, when sent. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
    this.refuse(
      "INVALID_VALUE",
      key,
      `${key} must be one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}, not ${JSON.stringify(value)}.`,
    );
    return undefined;
  }

  /** An optional JSON object. */
  object(key: string): JsonObject | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.refuse("INVALID_VALUE", key, `${key} must be a JSON object, not ${typeName(value)}.`);
      return undefined;
    }
    return value;
  }

  /** `{ "id": "<string>" }` under `key`: the id, undefined when absent (REQUIRED_VALUE when `required`). */
  reference(key: string, required: boolean): string | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) {
      if (required) this.refuse("REQUIRED_VALUE", `${key}.id`, `${key}.id is required: send ${key}: {"id": "<uuid>"}.`);
      return undefined;
    }
    if (!isObject(value)) {
      this.refuse("INVALID_VALUE", key, `${key} must be an object {"id": "<uuid>"}, not ${typeName(value)}.`);
      return undefined;
    }
    const id = value.id;
    if (typeof id !== "string" || id === "") {
      this.refuse(id === undefined || id === "" ? "REQUIRED_VALUE" : "INVALID_VALUE", `${key}.id`, `${key}.id must be a non-empty string.`);
      return undefined;
    }
    return id;
  }

  /** `[{ "id": "<string>" }, ...]` under `key`: the ids in order, undefined when absent. */
  references(key: string): string[] | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.refuse("INVALID_VALUE", key, `${key} must be an array of {"id": "<uuid>"} objects, not ${typeName(value)}.`);
      return undefined;
    }
    const ids: string[] = [];
    value.forEach((item: Json, index) => {
      const id = isObject(item) ? item.id : undefined;
      if (typeof id === "string" && id !== "") ids.push(id);
      else
        this.refuse(
          "INVALID_VALUE",
          `${key}[${index}].id`,
          `${key}[${index}] must be an object {"id": "<uuid>"} with a non-empty string id.`,
        );
    });
    return ids;
  }

  /** undefined when everything read was valid, else PingOne's 400 listing every problem. */
  refusal(): Reply | undefined {
    return this.details.length > 0 ? invalidData(this.details) : undefined;
  }
}
