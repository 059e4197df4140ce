/**
 * The lifecycle of every resource: the code that runs in the provider process the Pulumi engine starts.
 *
 * The serialized `__provider` stored with each resource only `require`s this module by package name
 * (`pulumi-pingone-propagation/lifecycle`) and forwards to one of the providers exported here:
 * {@link propagationStoreProvider} (stores, below), and the pipeline's plan, rule and mapping providers
 * (`plan/`, `rule/`, `mapping/`). They share one context (settings, HTTP client, revision publisher,
 * see `context.ts`), created lazily, once per process.
 */
import { secretKeysOf } from "../store-types";
import type * as Validation from "../store-types/validation";
import { compareStore, diffStore } from "./diff";
import { LOGICAL_NAME_KEY, logicalNameIn } from "../resource/logical-name";
import { PingOneApiError } from "./api-error";
import { defaultContext, LifecycleContext, type LifecycleProvider, type ProviderOptions } from "./context";
import { unlessGone } from "./gone";
import { connectionCheckFailure, interpretConnectionCheck } from "./connection-check";
import type { PingOneClient } from "./pingone-client";
import { createPropagationPlanProvider, type PropagationPlanProvider } from "./plan";
import { createPropagationRuleProvider, type PropagationRuleProvider } from "./rule";
import { createPropagationMappingProvider, type PropagationMappingProvider } from "./mapping";
import { readUnmanaged } from "./read-unmanaged";
import {
  declaredConfiguration,
  declaredPropertiesOf,
  isManagedElsewhere,
  outputsOf,
  plainStoreOf,
  refreshedInputsOf,
  requestBodyOf,
  type StoreInputs,
  type StoreOutputs,
} from "./store-state";

export type { StoreInputs, StoreOutputs } from "./store-state";
export type { PlanInputs, PlanOutputs, PropagationPlanProvider } from "./plan";
export type { RuleInputs, RuleOutputs, PropagationRuleProvider } from "./rule";
export type { MappingInputs, MappingOutputs, PropagationMappingProvider } from "./mapping";
export type { PublishResult, RevisionPublisher } from "./revisions/publisher";
export { PingOneApiError } from "./api-error";
export { ResourceGoneError, REPAIR_COMMANDS, unlessGone, type HeldResource } from "./gone";
export { SettingsError, SETTING_SOURCES } from "./settings";
export { LifecycleContext, type LifecycleProvider, type ProviderOptions } from "./context";
export { createPropagationPlanProvider, createPropagationRuleProvider, createPropagationMappingProvider };

export interface PropagationStoreProvider extends LifecycleProvider<StoreInputs, StoreOutputs> {
  /** The HTTP client's counters, for benchmarks and reliability reports. */
  readonly stats: PingOneClient["stats"] | undefined;
}

// Loaded by the first check: refresh and destroy never validate, and ajv is most of this module's load time.
let validationModule: typeof Validation | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validation = (): typeof Validation => (validationModule ??= require("../store-types/validation") as typeof Validation);

/** Creates an independent provider (with its own context unless given one); {@link propagationStoreProvider} is the one the engine uses. */
export function createPropagationStoreProvider(options: ProviderOptions = {}): PropagationStoreProvider {
  const context = options.context ?? new LifecycleContext(options);
  const { warn, revisions } = context;
  const environmentOf = (inputs: StoreInputs) => context.environmentOf(inputs.environmentId, "store");

  /**
   * With `verifyConnection` (or `pingone:verifyConnections`) on, a create or an update first tests the
   * declared configuration; a failed test throws before anything is written. `directory` stores are
   * PingOne's own directory: there is no connection to test.
   */
  async function verifyBeforeWrite(operation: "create" | "update", client: PingOneClient, environmentId: string, inputs: StoreInputs): Promise<void> {
    if (inputs.type === "directory" || !(inputs.verifyConnection ?? client.settings.verifyConnections)) return;
    let answer: unknown;
    try {
      answer = await client.checkConnection(environmentId, requestBodyOf(inputs));
    } catch (error) {
      if (!(error instanceof PingOneApiError)) throw error;
      throw connectionCheckFailure(operation, inputs, `PingOne refused the check.\n${error.message}`);
    }
    const outcome = interpretConnectionCheck(answer, client.protectedValues);
    if (outcome.result === "failed") throw connectionCheckFailure(operation, inputs, outcome.reason);
    if (outcome.result === "unrecognized") {
      warn(`The connection check of ${inputs.type} store "${inputs.name}" gave an answer this provider does not know (${outcome.answer}); treating it as passed.`);
    }
  }

  function protect(inputs: StoreInputs): PingOneClient {
    const client = context.api();
    const configuration = declaredConfiguration(inputs);
    client.protectSecrets(secretKeysOf(inputs.type).map((key) => configuration[key]));
    return client;
  }

  const label = (inputs: StoreInputs) => `PropagationStore "${inputs.name}"`;

  return {
    get stats() {
      return context.stats;
    },

    async configure(req) {
      context.configure(req);
    },

    async check(_olds, news) {
      const { failures, warnings } = validation().validateStore(news as unknown as Record<string, unknown>);
      warnings.forEach(warn);
      // A pasted API response's read-only fields (already warned about) and an empty image are dropped here.
      return { inputs: context.defaultEnvironment(validation().withoutReadOnlyFields({ ...news }), failures, "store"), failures };
    },

    async diff(id, olds, news) {
      const result = diffStore(olds, news);
      if (result.changes) return result;
      // Nothing declared changed; but a revision may still be owed for a change a previous run made.
      return { ...result, changes: (await revisions.owedFor(olds.environmentId, olds.updatedAt, id)) !== undefined };
    },

    async create(inputs) {
      const environmentId = environmentOf(inputs);
      const client = protect(inputs);
      await verifyBeforeWrite("create", client, environmentId, inputs);
      // Adoption is reported by this call itself: parallel creates share the client and its counters.
      const { store, adoptedExisting } = await revisions.write(
        environmentId,
        `created ${label(inputs)}`,
        () => client.createStore(environmentId, requestBodyOf(inputs)),
        (result) => ({ changed: true, id: result.store.id }),
      );
      if (adoptedExisting) {
        warn(`pingone:adoptExistingStores: adopted the existing ${inputs.type} store "${inputs.name}" (${store.id}) instead of creating another; turn the setting off once the stack is recovered.`);
      }
      return { id: store.id, outs: outputsOf(store, inputs, declaredPropertiesOf(inputs)) };
    },

    async read(id, props) {
      if (!props) throw new Error("PropagationStore cannot be imported by id alone: declare it in the program and run `pulumi up`, or read it with PropagationStore.get.");
      if (isManagedElsewhere(props)) {
        const environmentId = environmentOf(props);
        const logicalName = logicalNameIn(props);
        return readUnmanaged({
          className: "PropagationStore",
          logicalName,
          kind: "propagation store",
          id,
          environmentId,
          // The first read gets what the program passed to `get` (`type`, `environmentId`), never a storeId.
          firstRead: props.storeId === undefined,
          fetch: () => context.api().getStore(environmentId, id),
          mismatch: (store) =>
            props.type !== undefined && store.type !== props.type
              ? `store "${id}" ("${store.name}") is a ${store.type} store, not the ${props.type} store asked for. Check the id, or pass type: "${store.type}".`
              : undefined,
          // Its state lists no declared properties: that is what tells the next refresh it is not managed.
          outputs: (store) => ({ ...plainStoreOf(store, environmentId), ...(logicalName && { [LOGICAL_NAME_KEY]: logicalName }) }) as StoreOutputs,
        });
      }
      const store = await protect(props).readStore(environmentOf(props), id);
      if (!store) return { id: "", props: {} as StoreOutputs };
      const outputs = outputsOf(store, props, props.declaredProperties ?? declaredPropertiesOf(props));
      return { id: store.id, props: outputs, inputs: refreshedInputsOf(outputs) as StoreOutputs };
    },

    async update(id, olds, news) {
      const environmentId = olds.environmentId || environmentOf(news);
      if (Object.keys(compareStore(olds, news).changed).length === 0) {
        // Only a revision was owed (diff said so): nothing to write, the run's revision publishes it.
        revisions.mark(environmentId, `unpublished ${label(news)}`);
        return { outs: olds };
      }
      const held = { type: "PropagationStore", logicalName: logicalNameIn(news) ?? logicalNameIn(olds), id, label: `${olds.type} store "${olds.name}"` };
      const client = protect(news);
      await verifyBeforeWrite("update", client, environmentId, news);
      const store = await revisions.write(
        environmentId,
        `updated ${label(news)}`,
        () => unlessGone(held, () => client.updateStore(environmentId, id, requestBodyOf(news))),
        () => ({ changed: true, id }),
      );
      return { outs: outputsOf(store, news, declaredPropertiesOf(news)) };
    },

    async delete(id, props) {
      const environmentId = environmentOf(props);
      try {
        await revisions.write(environmentId, `deleted ${label(props)}`, () => protect(props).deleteStore(environmentId, id), (removed) => ({ changed: removed }));
      } catch (error) {
        if (error instanceof PingOneApiError && error.isReferencedByRule) {
          throw new Error(
            `PingOne refused to delete propagation store "${props.name}" (${id}) because a propagation rule still uses it. ` +
              `Delete or repoint the rule(s) first, then run the Pulumi command again; the store stays in the stack until then.\n${error.message}`,
          );
        }
        throw error;
      }
    },
  };
}

/** The providers the engine uses through the serialized `__provider`s; they share {@link defaultContext}. */
export const propagationStoreProvider: PropagationStoreProvider = createPropagationStoreProvider({ context: defaultContext });
export const propagationPlanProvider: PropagationPlanProvider = createPropagationPlanProvider({ context: defaultContext });
export const propagationRuleProvider: PropagationRuleProvider = createPropagationRuleProvider({ context: defaultContext });
export const propagationMappingProvider: PropagationMappingProvider = createPropagationMappingProvider({ context: defaultContext });

/** One provider of each kind sharing one context, as the engine's are (for tests and embedding). */
export function createProviders(options: ProviderOptions = {}) {
  const context = options.context ?? new LifecycleContext(options);
  return {
    context,
    revisions: context.revisions,
    store: createPropagationStoreProvider({ context }),
    plan: createPropagationPlanProvider({ context }),
    rule: createPropagationRuleProvider({ context }),
    mapping: createPropagationMappingProvider({ context }),
  };
}
