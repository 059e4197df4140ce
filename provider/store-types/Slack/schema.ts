import { defineStoreSchema, deprecatedFlag, flag, oneOf, provisioningFlags, secret } from "../schema-kit";

/**
 * `Slack`: a Slack workspace or Enterprise Grid organization.
 *
 * The required list is the Update Store page's, unchanged: no documented example contradicts it.
 * Slack only disables removed users, so REMOVE_ACTION takes only "Disable".
 */
export const slackSchema = defineStoreSchema({
  $id: "pingone-propagation/Slack",
  title: "Slack",
  description: "Provision users into Slack.",
  type: "object",
  additionalProperties: false,
  properties: {
    OAUTH_ACCESS_TOKEN: secret("A Slack OAuth token with the admin scope."),
    UNIQUE_USER_IDENTIFIER: oneOf(["primaryEmail", "userName"], "The attribute that identifies a user in Slack."),
    REMOVE_ACTION: oneOf(["Disable"], "What happens to a user removed from the propagation rule."),
    ...provisioningFlags,
    DEPROVISION_USERS: flag("Deprovision users in Slack when they leave the propagation rule."),
    CREATE_USERS_PROV_OPT: deprecatedFlag("CREATE_USERS"),
    UPDATE_USERS_PROV_OPT: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("DEPROVISION_USERS"),
  },
  required: ["OAUTH_ACCESS_TOKEN", "UNIQUE_USER_IDENTIFIER"],
});
