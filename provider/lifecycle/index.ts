/**
 * The lifecycle of every resource: the code that runs in the provider process the Pulumi engine starts.
 *
 * The `__provider` stored with each resource only `require`s this module by package name
 * (`pulumi-pingone-propagation/lifecycle`) and returns one of the providers exported here:
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
import { adoptFailures, adoptionErrors, alreadyInState, changedSinceAdoption } from "./adoption";
import { compareAdoptedStore } from "./store-adoption";
import type { ApiStore, PingOneClient } from "./pingone-client";
import { createPropagationPlanProvider, type PropagationPlanProvider } from "./plan";
import { createPropagationRuleProvider, type PropagationRuleProvider } from "./rule";
import { createPropagationMappingProvider, type PropagationMappingProvider } from "./mapping";
import { readUnmanaged } from "./read-unmanaged";
import { inputsIfDrifted } from "./refreshed-inputs";
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

// Loaded by the first check: refresh and destroy never validate (each type's validator loads on its first check).
let validationModule: typeof Validation | undefined;
const validation = (): typeof Validation => (validationModule ??= require("../store-types/validation") as typeof Validation);

/** The kind and the words the adoption ledger and its messages use for a store. */
const STORE_KIND = "pingone:PropagationStore";
const STORE_WHAT = "propagation store";

/** A resource in words, for messages: its Pulumi name when the resource class passed it, else the store's. */
function describeResource(inputs: StoreInputs): string {
  const name = inputs.adopt?.resource ?? logicalNameIn(inputs);
  return name ? `resource "${name}"` : `the ${inputs.type} store declared as "${inputs.name}"`;
}

/** Creates an independent provider (with its own context unless given one); {@link propagationStoreProvider} is the one the engine uses. */
export function createPropagationStoreProvider(options: ProviderOptions = {}): PropagationStoreProvider {
  const context = options.context ?? new LifecycleContext(options);
  const { warn, info, revisions, adoptions: ledger } = context;
  const environmentOf = (inputs: StoreInputs) => context.environmentOf(inputs.environmentId, "store");

  /**
   * With `verifyConnection` (or `pingone:verifyConnections`) on, a create or an update first tests the
   * declared configuration; a failed test throws before anything is written. `directory` stores are
   * PingOne's own directory: there is no connection to test.
   */
  async function verifyBeforeWrite(
    operation: "create" | "update",
    client: PingOneClient,
    environmentId: string,
    inputs: StoreInputs,
  ): Promise<void> {
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
      warn(
        `The connection check of ${inputs.type} store "${inputs.name}" gave an answer this provider does not know (${outcome.answer}); treating it as passed.`,
      );
    }
  }

  /**
   * The first `pulumi up` of a resource with `adopt`: read the store instead of creating it, refuse it when
   * it is not what the declaration says, and PUT only what differs. Undefined when this create replaces
   * the very store `adopt` names (a replacement is a new store).
   */
  async function adoptStore(client: PingOneClient, environmentId: string, inputs: StoreInputs) {
    const id = inputs.adopt!.id;
    const by = describeResource(inputs);
    if ((await ledger.beginAdoption(STORE_KIND, id, by, STORE_WHAT, inputs.adopt!.stack)) === "create") return undefined;
    try {
      const remote = await client.getStore(environmentId, id);
      const refusal = adoptionRefusal(remote, id, environmentId, inputs);
      if (refusal) throw refusal;
      const { changed, uncomparableSecrets } = compareAdoptedStore(remote!, inputs);
      if (uncomparableSecrets.length > 0) {
        warn(
          `${by}: adopted ${STORE_WHAT} ${id} without comparing ${uncomparableSecrets.join(", ")}: PingOne does not return ${uncomparableSecrets.length === 1 ? "it" : "them"}. ` +
            `The stack holds the declared value${uncomparableSecrets.length === 1 ? "" : "s"}, which PingOne receives with the store's next update.`,
        );
      }
      if (changed.length === 0) {
        // Nothing written: what the store is now was not this stack's change (see changedSinceAdoption).
        const outs = outputsOf(remote!, { ...inputs, adoptedAsOf: remote!.updatedAt }, declaredPropertiesOf(inputs));
        return { id: remote!.id, outs };
      }
      info(`${by}: adopted ${STORE_WHAT} ${id}; updating what the declaration changes: ${changed.join(", ")}.`);
      await verifyBeforeWrite("update", client, environmentId, inputs);
      const store = await revisions.write(
        environmentId,
        `adopted and updated ${label(inputs)}`,
        () => client.updateStore(environmentId, id, requestBodyOf(inputs)),
        () => ({ changed: true, id }),
      );
      return { id: store.id, outs: outputsOf(store, inputs, declaredPropertiesOf(inputs)) };
    } catch (error) {
      ledger.abandonAdoption(STORE_KIND, id);
      throw error;
    }
  }

  /** Why the store `adopt.id` names cannot be adopted by this declaration, if it cannot. */
  function adoptionRefusal(remote: ApiStore | undefined, id: string, environmentId: string, inputs: StoreInputs): Error | undefined {
    if (!remote) return adoptionErrors.missing(STORE_WHAT, id, environmentId);
    if (remote.environment?.id && remote.environment.id !== environmentId)
      return adoptionErrors.otherEnvironment(STORE_WHAT, id, remote.environment.id, environmentId);
    if (remote.type !== inputs.type) return adoptionErrors.otherType(STORE_WHAT, id, remote.type, inputs.type);
    return undefined;
  }

  /**
   * At check, for a resource not in the stack yet: is there a store to adopt? So that a wrong id fails at
   * preview. Anything that keeps the question open (no credentials, an unreachable API) is left to create.
   */
  async function adoptionFailuresAtCheck(olds: StoreInputs, inputs: StoreInputs): Promise<Array<{ property: string; reason: string }>> {
    const id = inputs.adopt?.id;
    if (Object.keys(olds ?? {}).length > 0 || typeof id !== "string" || id === "" || !inputs.environmentId) return [];
    if (validation().isPreviewUnknown(inputs.environmentId) || validation().isPreviewUnknown(inputs.type)) return [];
    const stack = inputs.adopt?.stack;
    const holder = await ledger.stateHolderOf(STORE_KIND, id, stack);
    if (holder) return [{ property: "adopt.id", reason: alreadyInState(STORE_WHAT, id, describeResource(inputs), holder, stack!).message }];
    try {
      const refusal = adoptionRefusal(await protect(inputs).getStore(inputs.environmentId, id), id, inputs.environmentId, inputs);
      return refusal ? [{ property: "adopt.id", reason: refusal.message }] : [];
    } catch {
      return [];
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

    async check(olds, news) {
      const { failures, warnings } = validation().validateStore(news as unknown as Record<string, unknown>);
      failures.push(...adoptFailures(news.adopt, STORE_WHAT));
      warnings.forEach(warn);
      // A pasted API response's read-only fields (already warned about) and an empty image are dropped here.
      const inputs = context.defaultEnvironment(validation().withoutReadOnlyFields({ ...news }), failures, "store");
      if (failures.length === 0) failures.push(...(await adoptionFailuresAtCheck(olds, inputs)));
      return { inputs, failures };
    },

    async diff(id, olds, news) {
      ledger.managed(STORE_KIND, id, `the resource of ${STORE_WHAT} "${olds.name}"`, STORE_WHAT);
      const result = diffStore(olds, news);
      if ((result.replaces ?? []).length > 0) ledger.replaces(STORE_KIND, id);
      if (result.changes) return result;
      // Nothing declared changed; but a revision may still be owed for a change a previous run made.
      return { ...result, changes: (await revisions.owedFor(olds.environmentId, changedSinceAdoption(olds), id)) !== undefined };
    },

    async create(inputs) {
      const environmentId = environmentOf(inputs);
      const client = protect(inputs);
      if (inputs.adopt?.id !== undefined) {
        const adopted = await adoptStore(client, environmentId, inputs);
        if (adopted) return adopted;
      }
      await verifyBeforeWrite("create", client, environmentId, inputs);
      // Adoption is reported by this call itself: parallel creates share the client and its counters.
      const { store, adoptedExisting } = await revisions.write(
        environmentId,
        `created ${label(inputs)}`,
        () => client.createStore(environmentId, requestBodyOf(inputs)),
        (result) => ({ changed: true, id: result.store.id }),
      );
      if (adoptedExisting) {
        warn(
          `pingone:adoptExistingStores: adopted the existing ${inputs.type} store "${inputs.name}" (${store.id}) instead of creating another; turn the setting off once the stack is recovered.`,
        );
      }
      return { id: store.id, outs: outputsOf(store, inputs, declaredPropertiesOf(inputs)) };
    },

    async read(id, props) {
      if (!props)
        throw new Error(
          "PropagationStore cannot be imported by id alone: declare it in the program and run `pulumi up`, or read it with PropagationStore.get.",
        );
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
          outputs: (store) =>
            ({ ...plainStoreOf(store, environmentId), ...(logicalName && { [LOGICAL_NAME_KEY]: logicalName }) }) as StoreOutputs,
        });
      }
      const store = await protect(props).readStore(environmentOf(props), id);
      if (!store) return { id: "", props: {} as StoreOutputs };
      ledger.managed(STORE_KIND, id, `the resource of ${STORE_WHAT} "${props.name}"`, STORE_WHAT);
      const outputs = outputsOf(store, props, props.declaredProperties ?? declaredPropertiesOf(props));
      const inputs = inputsIfDrifted(refreshedInputsOf(outputs), refreshedInputsOf(props));
      return { id: store.id, props: outputs, ...(inputs && { inputs: inputs as StoreOutputs }) };
    },

    async update(id, olds, news) {
      const environmentId = olds.environmentId || environmentOf(news);
      if (Object.keys(compareStore(olds, news).changed).length === 0) {
        // Only a revision was owed (diff said so): nothing to write, the run's revision publishes it.
        revisions.mark(environmentId, `unpublished ${label(news)}`);
        return { outs: olds };
      }
      const held = {
        type: "PropagationStore",
        logicalName: logicalNameIn(news) ?? logicalNameIn(olds),
        id,
        label: `${olds.type} store "${olds.name}"`,
      };
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
      ledger.assertDeletable(STORE_KIND, id, `the resource of ${STORE_WHAT} "${props.name}"`, STORE_WHAT);
      const environmentId = environmentOf(props);
      try {
        await revisions.write(
          environmentId,
          `deleted ${label(props)}`,
          () => protect(props).deleteStore(environmentId, id),
          (removed) => ({ changed: removed }),
        );
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

/**
 * The providers the engine uses, named by the `__provider` text in each resource's state
 * (`../resource/lifecycle-resource.ts`); they share {@link defaultContext}. A state keeps the text of the
 * release that wrote it, so these names are permanent: never rename or remove one.
 */
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
