/**
 * What adopting an existing store would change: the store as PingOne returned it, compared with the
 * declaration by the same rules as `diff` (only what is declared; `"false"` equals `false`).
 *
 * Secrets are the one difference from `diff`. There, a secret is compared with its previous input; an
 * adopted store has none, so it is compared with what PingOne returned when that is the value itself
 * (plaintext). A secret PingOne masks (`******`) or omits cannot be compared: the adoption then assumes it
 * matches, keeps the declared value in the state, and says so; it is sent with the store's next update.
 */
import { secretKeysOf } from "../store-types";
import { compareStore } from "./diff";
import type { ApiStore } from "./pingone-client";
import { declaredConfiguration, declaredPropertiesOf, outputsOf, type StoreInputs } from "./store-state";

const MASKED = /^\*+$/;

export interface AdoptionComparison {
  /** Dotted paths where the declaration differs from the store. */
  changed: string[];
  /** Declared secret keys whose server value could not be read. */
  uncomparableSecrets: string[];
}

export function compareAdoptedStore(remote: ApiStore, inputs: StoreInputs): AdoptionComparison {
  const declared = declaredConfiguration(inputs);
  const asOnServer: Record<string, unknown> = { ...declared };
  const uncomparableSecrets: string[] = [];
  for (const key of secretKeysOf(inputs.type)) {
    if (declared[key] === undefined) continue;
    const value = remote.configuration?.[key];
    if (typeof value === "string" && !MASKED.test(value)) asOnServer[key] = value;
    else if (value === undefined || (typeof value === "string" && MASKED.test(value))) uncomparableSecrets.push(key);
    else asOnServer[key] = value;
  }
  // The store as state would hold it, with the secrets PingOne showed in place of the declared ones.
  const server = outputsOf(
    remote,
    { ...inputs, configuration: asOnServer, additionalConfiguration: undefined },
    declaredPropertiesOf(inputs),
  );
  return { changed: Object.keys(compareStore(server, inputs).changed), uncomparableSecrets };
}
