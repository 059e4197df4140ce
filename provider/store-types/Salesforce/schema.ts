import { defineStoreSchema, deprecatedFlag, flag, provisioningFlags, secret, suggested, text } from "../schema-kit";

/**
 * `Salesforce`: Salesforce users.
 *
 * Keys: the Update Store page and the Create Store (Salesforce) page agree. Both mark ENABLE_COMMUNITIES
 * "Required", but the overview's documented Salesforce create example omits it and the API accepted that
 * request (and the Store Metadata (Salesforce) request model calls it optional), so the more permissive
 * reading wins: it is optional here. Every other key the Create page requires is required (the example
 * carries all of them). Salesforce has no REMOVE_ACTION.
 */
export const salesforceSchema = defineStoreSchema({
  $id: "pingone-propagation/Salesforce",
  title: "Salesforce",
  description: "Provision users into a Salesforce org.",
  type: "object",
  additionalProperties: false,
  properties: {
    SALESFORCE_DOMAIN: text("The org's My Domain host name, for example example.my.salesforce.com."),
    CLIENT_ID: text("The consumer key of the Salesforce connected app."),
    CLIENT_SECRET: secret("The consumer secret of the Salesforce connected app."),
    OAUTH_ACCESS_TOKEN: secret("An OAuth access token for a Salesforce administrator."),
    OAUTH_REFRESH_TOKEN: secret("The OAuth refresh token PingOne uses to renew the access token."),
    PERMISSION_SET_MANAGEMENT: suggested("How permission sets are handled.", {
      examples: ["Merge with permission sets in Salesforce"],
      note: "The overview's Salesforce create example; the request models type it String.",
    }),
    ENABLE_COMMUNITIES: flag("Provision Salesforce Community (Experience Cloud) users."),
    FREEZE_USER_FLAG: flag("Freeze, rather than deactivate, users that are disabled."),
    ACCOUNT_ID: text("The Salesforce account id new community users are created under."),
    PROFILE_ID: text("The Salesforce profile id assigned to new users."),
    ...provisioningFlags,
    PROVISION_DISABLED_USERS: flag("Also provision users that are disabled in PingOne."),
    CREATE_NEW_USERS: deprecatedFlag("CREATE_USERS"),
    UPDATE_NEW_USERS: deprecatedFlag("UPDATE_USERS"),
  },
  required: [
    "CLIENT_ID",
    "CLIENT_SECRET",
    "OAUTH_ACCESS_TOKEN",
    "OAUTH_REFRESH_TOKEN",
    "SALESFORCE_DOMAIN",
    "PERMISSION_SET_MANAGEMENT",
    "FREEZE_USER_FLAG",
  ],
});
