import { isDeepStrictEqual } from "node:util";

/**
 * What `read` answers as a resource's new inputs: the inputs rebuilt from PingOne's current values when
 * they differ from those rebuilt from the state's outputs, or nothing when the refresh found no drift in
 * what was declared. Given nothing, the engine keeps the state's inputs as they are; and most refreshes
 * find no drift, so most Read answers carry only the outputs (on a refresh of 500 stores, a second copy
 * of every declared value is most of what the engine marshals and logs).
 */
export function inputsIfDrifted<T extends object>(refreshed: T, fromState: T): T | undefined {
  return isDeepStrictEqual(refreshed, fromState) ? undefined : refreshed;
}
