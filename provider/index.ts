/**
 * pulumi-pingone-propagation: PingOne identity propagation stores as Pulumi resources.
 *
 * Layout, by the process the code runs in:
 * - `resource/`    the user's Pulumi program: the PropagationStore, PropagationPlan, PropagationRule and
 *                  PropagationMapping classes, registered with a one-line `__provider`;
 * - `lifecycle/`   the provider process: check, diff, create, read, update, delete of each resource (the
 *                  pipeline's in `plan/`, `rule/`, `mapping/`), revisions, settings, HTTP client;
 * - `lookups/`     the user's Pulumi program: getPropagationStore(s), getPropagationPlan, getGroups, which
 *                  read objects managed elsewhere through the lifecycle's settings and client;
 * - `store-types/` both: one folder per store type with its JSON Schema, the single source of truth for
 *                  validation, secrets, deprecations, docs and TypeScript types.
 *
 * A program only declares resources, so this entry point loads only what a declaration needs. The lifecycle
 * and the validators (precompiled from the schemas by the build) are provider-process code: they are exported here for
 * embedding and tests, but loaded on first use, never by a program that does not call them.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as Lifecycle from "./lifecycle";
import type * as Validation from "./store-types/validation";

export {
  PropagationStore,
  type PropagationStoreArgs,
  type PropagationStoreGetState,
  type StoreArgsOf,
  type AdoptArgs,
  type StoreSyncStatus,
} from "./resource/propagation-store";
export { PropagationPlan, type PropagationPlanArgs } from "./resource/propagation-plan";
export { PropagationRule, type PropagationRuleArgs } from "./resource/propagation-rule";
export { PropagationMapping, type PropagationMappingArgs } from "./resource/propagation-mapping";
export type { PropagationStoreProvider, StoreInputs, StoreOutputs } from "./lifecycle";
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

const lifecycle = (): typeof Lifecycle => require("./lifecycle");

export const createPropagationStoreProvider: typeof Lifecycle.createPropagationStoreProvider = (options) =>
  lifecycle().createPropagationStoreProvider(options);
export const validateStore: typeof Validation.validateStore = (inputs) =>
  (require("./store-types/validation") as typeof Validation).validateStore(inputs);
/** The placeholder the engine passes for values unknown during preview: the SDK's own constant. */
export const PREVIEW_UNKNOWN: typeof Validation.PREVIEW_UNKNOWN = pulumi.runtime.unknownValue;
/** The provider the engine uses (see lifecycle/index.ts), loaded when first read. */
export declare const propagationStoreProvider: Lifecycle.PropagationStoreProvider;
Object.defineProperty(exports, "propagationStoreProvider", { enumerable: true, get: () => lifecycle().propagationStoreProvider });
