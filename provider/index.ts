/**
 * pulumi-pingone-propagation: PingOne identity propagation stores as Pulumi resources.
 *
 * Layout, by the process the code runs in:
 * - `resource/`    the user's Pulumi program: the PropagationStore, PropagationPlan, PropagationRule and
 *                  PropagationMapping classes and their tiny serialized providers;
 * - `lifecycle/`   the provider process: check, diff, create, read, update, delete of each resource (the
 *                  pipeline's in `plan/`, `rule/`, `mapping/`), revisions, settings, HTTP client;
 * - `lookups/`     the user's Pulumi program: getPropagationStore(s), getPropagationPlan, getGroups, which
 *                  read objects managed elsewhere through the lifecycle's settings and client;
 * - `store-types/` both: one folder per store type with its JSON Schema, the single source of truth for
 *                  validation, secrets, deprecations, docs and TypeScript types.
 */
export { PropagationStore, type PropagationStoreArgs, type PropagationStoreGetState, type StoreArgsOf } from "./resource/propagation-store";
export { PropagationPlan, type PropagationPlanArgs } from "./resource/propagation-plan";
export { PropagationRule, type PropagationRuleArgs } from "./resource/propagation-rule";
export { PropagationMapping, type PropagationMappingArgs } from "./resource/propagation-mapping";
export {
  propagationStoreProvider,
  createPropagationStoreProvider,
  type PropagationStoreProvider,
  type StoreInputs,
  type StoreOutputs,
} from "./lifecycle";
export * from "./lookups";
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
