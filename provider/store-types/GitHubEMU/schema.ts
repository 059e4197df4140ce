import { defineStoreSchema, deprecatedFlag, flag, REMOVE_ACTION, secret, text, url } from "../schema-kit";

/**
 * `GitHubEMU`: GitHub Enterprise Managed Users, through GitHub's SCIM API.
 *
 * Keys and required list: the Update Store page and the Create Store (GitHubEMU) page agree. The Create
 * page also marks the top-level `status` "Required", which no other page does (the base request model
 * says optional); the more permissive reading wins, so `status` stays optional. This type has
 * DEPROVISION_USERS instead of DISABLE_USERS, so the deprecated REMOVE_USERS_PROV_OPT points at it.
 */
export const gitHubEmuSchema = defineStoreSchema({
  $id: "pingone-propagation/GitHubEMU",
  title: "GitHub Enterprise Managed Users",
  description: "Provision users into a GitHub enterprise with Enterprise Managed Users.",
  type: "object",
  additionalProperties: false,
  properties: {
    BASE_URL: url("GitHub's SCIM base URL for the enterprise, for example https://api.github.com/scim/v2/enterprises/<enterprise>."),
    OAUTH_ACCESS_TOKEN: secret("A personal access token of the enterprise's setup user, with the scim:enterprise scope."),
    GROUP_MEMBERSHIP_HANDLING: text("How group memberships are reconciled with GitHub, as the PingOne console offers it."),
    REMOVE_ACTION,
    CREATE_USERS: flag("Create users in GitHub when they appear in PingOne."),
    UPDATE_USERS: flag("Update users in GitHub when they change in PingOne."),
    DEPROVISION_USERS: flag("Deprovision users in GitHub when they leave the propagation rule."),
    CREATE_USERS_PROV_OPT: deprecatedFlag("CREATE_USERS"),
    UPDATE_USERS_PROV_OPT: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("DEPROVISION_USERS"),
  },
  required: ["BASE_URL", "OAUTH_ACCESS_TOKEN"],
});
