/**
 * Lookups: objects this stack does not manage, read from the program as plain data (never a secret
 * value), at preview as well as at up. Each has a Promise form (`getX(args)`) and an Output form
 * (`getXOutput(args)`, whose arguments may be Outputs). They use the provider's settings
 * (`pingone:*` stack config, else `PINGONE_*`), cost one API request each plus one token per program,
 * and write nothing.
 */
export { LookupError, type LookupInputs } from "./lookup";
export {
  getPropagationStore,
  getPropagationStoreOutput,
  getPropagationStores,
  getPropagationStoresOutput,
  type GetPropagationStoreArgs,
  type GetPropagationStoreResult,
  type GetPropagationStoresArgs,
  type GetPropagationStoresResult,
  type PropagationStoreInfo,
} from "./stores";
export { getPropagationPlan, getPropagationPlanOutput, type GetPropagationPlanArgs, type GetPropagationPlanResult } from "./plan";
export { getGroups, getGroupsOutput, type GetGroupsArgs, type GetGroupsResult, type GroupInfo } from "./groups";
