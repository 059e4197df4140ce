/**
 * pulumi-pingone-propagation: PingOne identity propagation stores as Pulumi resources.
 *
 * Layout, by the process the code runs in:
 * - `resource/`    the user's Pulumi program: the PropagationStore class and the tiny serialized provider;
 * - `lifecycle/`   the provider process: check, diff, create, read, update, delete, settings, HTTP client;
 * - `store-types/` both: one folder per store type with its JSON Schema, the single source of truth for
 *                  validation, secrets, deprecations, docs and TypeScript types.
 */
export { PropagationStore, type PropagationStoreArgs, type StoreArgsOf } from "./resource/propagation-store";
export { propagationStoreProvider, createPropagationStoreProvider, type PropagationStoreProvider, type StoreInputs, type StoreOutputs } from "./lifecycle";
export {
  storeTypes,
  storeTypeSchemas,
  secretKeysOf,
  deprecatedKeysOf,
  replaceOnChangeKeysOf,
  type StoreTypeName,
  type ConfigurationOf,
} from "./store-types";
export { validateStore, PREVIEW_UNKNOWN } from "./store-types/validation";
