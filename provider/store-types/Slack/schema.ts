import { defineStoreSchema, deprecatedFlag, flag, provisioningFlags, removeAction, secret, suggested, text } from "../schema-kit";

/**
 * `Slack`: a Slack workspace or Enterprise Grid organization.
 *
 * Keys: the Update Store page's request model plus GROUP_MEMBERSHIP_HANDLING (String, optional), which only
 * the newer Create Store (Slack) page lists. The required list is the one both pages share.
 * UNIQUE_USER_IDENTIFIER and REMOVE_ACTION are typed String, so their known values are suggestions.
 */
export const slackSchema = defineStoreSchema({
  $id: "pingone-propagation/Slack",
  title: "Slack",
  description: "Provision users into Slack.",
  type: "object",
  additionalProperties: false,
  properties: {
    OAUTH_ACCESS_TOKEN: secret("A Slack OAuth token with the admin scope."),
    UNIQUE_USER_IDENTIFIER: suggested("The attribute that identifies a user in Slack.", {
      examples: ["primaryEmail", "userName"],
      note: "Ping's SDK and console; the request models type it String.",
    }),
    GROUP_MEMBERSHIP_HANDLING: text("How group memberships are reconciled with Slack, as the PingOne console offers it."),
    REMOVE_ACTION: removeAction(["Disable"], "Ping's SDK (EnumPropagationStoreTypeRemoveActionDisable) for Slack."),
    ...provisioningFlags,
    DEPROVISION_USERS: flag("Deprovision users in Slack when they leave the propagation rule."),
    CREATE_USERS_PROV_OPT: deprecatedFlag("CREATE_USERS"),
    UPDATE_USERS_PROV_OPT: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("DEPROVISION_USERS"),
  },
  required: ["OAUTH_ACCESS_TOKEN", "UNIQUE_USER_IDENTIFIER"],
});
