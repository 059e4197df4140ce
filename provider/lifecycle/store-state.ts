/**
 * The three shapes of a store and the conversions between them:
 * - inputs: what the user declared (after `check`);
 * - the API body: what PingOne receives on POST and PUT;
 * - outputs (Pulumi state): the store as PingOne returned it, with secrets kept from the inputs, plus the
 *   list of what the user declared, so that `diff` compares only that.
 */
import { booleanKeysOf, isStoreType, secretKeysOf } from "../store-types";
import { OPTIONAL_STORE_FIELDS, type StoreFieldValues, type StoreRequestBody, type StoreSyncStatus } from "../store-types/store-fields";
import { carryLogicalName, LOGICAL_NAME_KEY } from "../resource/logical-name";
import type { ApiStore } from "./pingone-client";
import type { AdoptInput } from "./adoption";

export type ConfigurationValues = Record<string, unknown>;

export interface StoreInputs extends Partial<StoreFieldValues> {
  type: string;
  name: string;
  environmentId?: string;
  configuration?: ConfigurationValues;
  additionalConfiguration?: ConfigurationValues;
  /** The resource's Pulumi name (provider/resource/logical-name.ts), kept in the outputs so read has it too. */
  [LOGICAL_NAME_KEY]?: string;
  /** Test the connection before each create and update; not sent to PingOne, never a change. */
  verifyConnection?: boolean;
  /** Adopt this existing store on the first `pulumi up`; inert afterwards (never sent, never a change). */
  adopt?: AdoptInput;
}

export interface StoreOutputs extends StoreInputs {
  storeId: string;
  environmentId: string;
  image?: { href: string; id?: string };
  createdAt?: string;
  updatedAt?: string;
  syncStatus?: StoreSyncStatus;
  /** Set by an adoption that wrote nothing (see `changedSinceAdoption` in adoption.ts); kept by refreshes. */
  adoptedAsOf?: string;
  /** Dotted paths the user declared (`description`, `configuration.SCIM_URL`, `additionalConfiguration.X`). */
  declaredProperties: string[];
}

/** The optional top-level fields a user may declare. `type` and `name` are always declared. */
export const OPTIONAL_FIELDS = OPTIONAL_STORE_FIELDS;

/** Declared configuration: the typed keys and the escape hatch's keys, as PingOne receives them. */
export function declaredConfiguration(inputs: StoreInputs): ConfigurationValues {
  return { ...inputs.additionalConfiguration, ...inputs.configuration };
}

export function declaredPropertiesOf(inputs: StoreInputs): string[] {
  return [
    ...OPTIONAL_FIELDS.filter((field) => inputs[field] !== undefined),
    ...Object.keys(inputs.configuration ?? {}).map((key) => `configuration.${key}`),
    ...Object.keys(inputs.additionalConfiguration ?? {}).map((key) => `additionalConfiguration.${key}`),
  ];
}

export function requestBodyOf(inputs: StoreInputs): StoreRequestBody {
  const configuration = declaredConfiguration(inputs);
  const body: StoreRequestBody = { type: inputs.type, name: inputs.name };
  for (const field of OPTIONAL_FIELDS) {
    if (field === "image") {
      if (inputs.image?.href !== undefined) body.image = { href: inputs.image.href };
    } else if (inputs[field] !== undefined) {
      (body as Record<string, unknown>)[field] = inputs[field];
    }
  }
  if (Object.keys(configuration).length > 0) body.configuration = configuration;
  return body;
}

/**
 * State from what the server returned. Secrets come from `known` (the inputs on create and update, the
 * previous state on read), never from the response: PingOne may omit or mask them, or return them in
 * plaintext, and none of that is drift. A secret the user never declared is not kept at all.
 */
export function outputsOf(
  store: ApiStore,
  known: StoreInputs & { declaredProperties?: string[]; adoptedAsOf?: string },
  declaredProperties: string[],
): StoreOutputs {
  const configuration: ConfigurationValues = { ...store.configuration };
  const knownConfiguration = declaredConfiguration(known);
  for (const key of secretKeysOf(store.type)) {
    if (knownConfiguration[key] !== undefined) configuration[key] = knownConfiguration[key];
    else delete configuration[key];
  }
  // The fields PingOne owns come as they do for a store managed elsewhere; only the configuration differs.
  const { configuration: _withoutSecrets, ...fields } = plainStoreOf(store, known.environmentId ?? "");
  const outputs: StoreOutputs = { ...fields, declaredProperties };
  carryLogicalName(known, outputs);
  if (store.configuration !== undefined || Object.keys(knownConfiguration).length > 0) outputs.configuration = configuration;
  if (known.additionalConfiguration !== undefined)
    outputs.additionalConfiguration = pick(configuration, Object.keys(known.additionalConfiguration));
  // Only a previous state carries it (a refresh); an update's inputs do not, so the stack's own write ends it.
  if (known.adoptedAsOf !== undefined) outputs.adoptedAsOf = known.adoptedAsOf;
  return outputs;
}

/**
 * A store as plain data, for a store this stack does not manage (`PropagationStore.get`, the lookups): what
 * PingOne returned, without one secret value whatever the server sent (plaintext, masked or omitted). Every
 * key the type's schema marks `writeOnly` is dropped; a type this release has no schema for keeps no
 * configuration at all, since nothing says which of its keys are secret.
 */
export type PlainStore = Omit<StoreOutputs, "declaredProperties" | "additionalConfiguration">;

export function plainStoreOf(store: ApiStore, fallbackEnvironmentId: string): PlainStore {
  const plain: PlainStore = {
    storeId: store.id,
    environmentId: store.environment?.id ?? fallbackEnvironmentId,
    type: store.type,
    name: store.name,
  };
  if (store.description !== undefined) plain.description = store.description;
  if (store.image?.href !== undefined) plain.image = { href: store.image.href, ...(store.image.id && { id: store.image.id }) };
  if (store.managed !== undefined) plain.managed = store.managed;
  if (store.status !== undefined) plain.status = store.status;
  if (store.configuration !== undefined && isStoreType(store.type)) {
    const secrets = new Set(secretKeysOf(store.type));
    plain.configuration = Object.fromEntries(Object.entries(store.configuration).filter(([key]) => !secrets.has(key)));
  }
  if (store.createdAt !== undefined) plain.createdAt = store.createdAt;
  if (store.updatedAt !== undefined) plain.updatedAt = store.updatedAt;
  if (isPlainObject(store.syncStatus)) plain.syncStatus = store.syncStatus as StoreSyncStatus;
  return plain;
}

/**
 * A managed store's state always lists what the user declared (possibly nothing); the state of a store read
 * with `PropagationStore.get` has no such list, since nothing was declared. That is how `read` tells them apart.
 */
export function isManagedElsewhere(props: Partial<StoreOutputs>): boolean {
  return props.declaredProperties === undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pick(values: ConfigurationValues, keys: string[]): ConfigurationValues {
  return Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]]));
}

/**
 * The inputs a refresh leaves behind: the declared properties with their current server values, in the
 * JSON types the schema declares (PingOne may return `"false"` for `false`).
 */
export function refreshedInputsOf(outputs: StoreOutputs): StoreInputs {
  const declared = new Set(outputs.declaredProperties);
  const booleans = new Set(booleanKeysOf(outputs.type));
  const inputs: StoreInputs = { type: outputs.type, name: outputs.name, environmentId: outputs.environmentId };
  carryLogicalName(outputs, inputs);
  for (const field of OPTIONAL_FIELDS) {
    if (!declared.has(field) || outputs[field] === undefined) continue;
    if (field === "image") inputs.image = { href: outputs.image!.href };
    else (inputs as unknown as Record<string, unknown>)[field] = outputs[field];
  }
  for (const section of ["configuration", "additionalConfiguration"] as const) {
    const keys = outputs.declaredProperties.filter((p) => p.startsWith(`${section}.`)).map((p) => p.slice(section.length + 1));
    if (keys.length === 0) continue;
    const values: ConfigurationValues = {};
    for (const key of keys) {
      const value = outputs.configuration?.[key];
      if (value === undefined) continue;
      values[key] = booleans.has(key) ? normalizeValue(value) : value;
    }
    inputs[section] = values;
  }
  return inputs;
}

/** Harmless representation differences: PingOne may answer `"false"` where `false` was sent. */
export function normalizeValue(value: unknown): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return normalizeValue(a) === normalizeValue(b);
}
