/**
 * `getGroups`: PingOne groups chosen by a SCIM filter, for the group ids a propagation rule's `groups` needs.
 *
 * Cost: one API request (plus the program's one token): PingOne filters the groups collection itself
 * (`GET /environments/{envId}/groups?filter=...`); a further request only past PingOne's largest page.
 */
import { LookupError, lookupOutput, runLookup, type LookupInputs } from "./lookup";

export interface GetGroupsArgs {
  /** A SCIM filter as PingOne's groups API takes it, for example `name eq "Sales"`. */
  filter: string;
  /** The environment to search. Defaults to `pingone:environmentId` (or `PINGONE_ENVIRONMENT_ID`). */
  environmentId?: string;
}

export interface GroupInfo {
  groupId: string;
  environmentId: string;
  name: string;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface GetGroupsResult {
  environmentId: string;
  filter: string;
  /** The ids of the matching groups, in PingOne's order. */
  ids: string[];
  groups: GroupInfo[];
}

/** A group as the API returns it; only the fields a lookup passes on. */
interface ApiGroup {
  id: string;
  environment?: { id: string };
  name: string;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
}

const LOOKUP = "getGroups";

function plainGroupOf(group: ApiGroup, environmentId: string): GroupInfo {
  return {
    groupId: group.id,
    environmentId: group.environment?.id ?? environmentId,
    name: group.name,
    ...(group.description !== undefined && { description: group.description }),
    ...(group.createdAt !== undefined && { createdAt: group.createdAt }),
    ...(group.updatedAt !== undefined && { updatedAt: group.updatedAt }),
  };
}

/**
 * The groups that match `filter`. A filter that matches no group fails: a rule given an empty `groups`
 * would silently select other users than the ones meant.
 */
export function getGroups(args: GetGroupsArgs): Promise<GetGroupsResult> {
  return runLookup(LOOKUP, async ({ client, environmentOf }) => {
    if (typeof args?.filter !== "string" || args.filter.trim() === "") {
      throw new LookupError(`${LOOKUP}: filter is required: a SCIM filter such as name eq "Sales".`);
    }
    const environmentId = environmentOf(args.environmentId);
    const path = `${client.environmentPath(environmentId, "groups")}?filter=${encodeURIComponent(args.filter)}`;
    const groups = (await client.listAll<ApiGroup>(path, "groups")).map((group) => plainGroupOf(group, environmentId));
    if (groups.length === 0)
      throw new LookupError(`${LOOKUP}: no group in environment ${environmentId} matches the filter ${args.filter}.`);
    return { environmentId, filter: args.filter, ids: groups.map((group) => group.groupId), groups };
  });
}

/** {@link getGroups}, taking inputs. */
export function getGroupsOutput(args: LookupInputs<GetGroupsArgs>) {
  return lookupOutput(getGroups, args);
}
