/**
 * The lifecycle of a PropagationStore: the code that runs in the provider process the Pulumi engine starts.
 *
 * The serialized `__provider` stored with each resource only `require`s this module by package name
 * (`pulumi-pingone-propagation/lifecycle`) and forwards to {@link propagationStoreProvider}. Settings,
 * the HTTP client and the compiled validators all live here, created lazily, once per process.
 */
import * as pulumi from "@pulumi/pulumi";
import { secretKeysOf } from "../store-types";
import { validateStore, withoutReadOnlyFields } from "../store-types/validation";
import { diffStore } from "./diff";
import { logicalNameIn } from "../resource/logical-name";
import { PingOneApiError } from "./api-error";
import { unlessGone } from "./gone";
import { PingOneClient } from "./pingone-client";
import { readRawSettings, resolveSettings, type RawSettings } from "./settings";
import {
  declaredConfiguration,
  declaredPropertiesOf,
  outputsOf,
  refreshedInputsOf,
  requestBodyOf,
  type StoreInputs,
  type StoreOutputs,
} from "./store-state";

export type { StoreInputs, StoreOutputs } from "./store-state";
export { PingOneApiError } from "./api-error";
export { ResourceGoneError, REPAIR_COMMANDS, unlessGone, type HeldResource } from "./gone";
export { SettingsError, SETTING_SOURCES } from "./settings";

export interface PropagationStoreProvider extends pulumi.dynamic.ResourceProvider<StoreInputs, StoreOutputs> {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: StoreInputs, news: StoreInputs): Promise<pulumi.dynamic.CheckResult<StoreInputs>>;
  diff(id: string, olds: StoreOutputs, news: StoreInputs): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: StoreInputs): Promise<pulumi.dynamic.CreateResult<StoreOutputs>>;
  read(id: string, props?: StoreOutputs): Promise<pulumi.dynamic.ReadResult<StoreOutputs>>;
  update(id: string, olds: StoreOutputs, news: StoreInputs): Promise<pulumi.dynamic.UpdateResult<StoreOutputs>>;
  delete(id: string, props: StoreOutputs): Promise<void>;
  /** The HTTP client's counters, for benchmarks and reliability reports. */
  readonly stats: PingOneClient["stats"] | undefined;
}

export interface ProviderOptions {
  /** Settings to use instead of stack config and environment variables (for tests and embedding). */
  settings?: RawSettings;
  /** Where warnings go; defaults to the Pulumi log. */
  warn?: (message: string) => void;
}

const ENVIRONMENT_ID_MISSING =
  "environmentId is not set: set it on the store, or set pingone:environmentId (or PINGONE_ENVIRONMENT_ID) for the stack.";

function defaultWarn(message: string): void {
  try {
    void pulumi.log.warn(message);
  } catch {
    console.warn(`warning: ${message}`);
  }
}

/** Creates an independent provider; {@link propagationStoreProvider} is the one the engine uses. */
export function createPropagationStoreProvider(options: ProviderOptions = {}): PropagationStoreProvider {
  let raw: RawSettings | undefined = options.settings;
  let client: PingOneClient | undefined;
  const warn = options.warn ?? defaultWarn;

  const rawSettings = () => (raw ??= readRawSettings(undefined, process.env));
  // Settings are only resolved when an API call is due: check and diff must work without credentials.
  const api = () => (client ??= new PingOneClient(resolveSettings(rawSettings())));

  function environmentOf(inputs: StoreInputs): string {
    const environmentId = inputs.environmentId ?? rawSettings().environmentId;
    if (!environmentId) throw new Error(ENVIRONMENT_ID_MISSING);
    return environmentId;
  }

  function protect(inputs: StoreInputs): PingOneClient {
    const client = api();
    const configuration = declaredConfiguration(inputs);
    client.protectSecrets(secretKeysOf(inputs.type).map((key) => configuration[key]));
    return client;
  }

  return {
    get stats() {
      return client?.stats;
    },

    async configure(req) {
      raw = readRawSettings(req.config, process.env);
      client?.close();
      client = undefined;
    },

    async check(_olds, news) {
      const { failures, warnings } = validateStore(news as unknown as Record<string, unknown>);
      warnings.forEach(warn);
      // A pasted API response's read-only fields (already warned about) and an empty image are dropped here.
      const inputs: StoreInputs = withoutReadOnlyFields({ ...news });
      if (inputs.environmentId === undefined) {
        const fallback = rawSettings().environmentId;
        if (fallback) inputs.environmentId = fallback;
        else if (failures.length === 0)
          failures.push({ property: "environmentId", reason: ENVIRONMENT_ID_MISSING });
      }
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      return diffStore(olds, news);
    },

    async create(inputs) {
      // Adoption is reported by this call itself: parallel creates share the client and its counters.
      const { store, adoptedExisting } = await protect(inputs).createStore(environmentOf(inputs), requestBodyOf(inputs));
      if (adoptedExisting) {
        warn(`pingone:adoptExistingStores: adopted the existing ${inputs.type} store "${inputs.name}" (${store.id}) instead of creating another; turn the setting off once the stack is recovered.`);
      }
      return { id: store.id, outs: outputsOf(store, inputs, declaredPropertiesOf(inputs)) };
    },

    async read(id, props) {
      if (!props) throw new Error("PropagationStore cannot be imported by id alone: declare it in the program and run `pulumi up`.");
      const store = await protect(props).getStore(environmentOf(props), id);
      if (!store) return { id: "", props: {} as StoreOutputs };
      const outputs = outputsOf(store, props, props.declaredProperties ?? declaredPropertiesOf(props));
      return { id: store.id, props: outputs, inputs: refreshedInputsOf(outputs) as StoreOutputs };
    },

    async update(id, olds, news) {
      const held = { type: "PropagationStore", logicalName: logicalNameIn(news) ?? logicalNameIn(olds), id, label: `${olds.type} store "${olds.name}"` };
      const store = await unlessGone(held, () => protect(news).updateStore(olds.environmentId || environmentOf(news), id, requestBodyOf(news)));
      return { outs: outputsOf(store, news, declaredPropertiesOf(news)) };
    },

    async delete(id, props) {
      try {
        await protect(props).deleteStore(environmentOf(props), id);
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

/** The provider the engine uses through the serialized `__provider`; also callable directly. */
export const propagationStoreProvider: PropagationStoreProvider = createPropagationStoreProvider();
