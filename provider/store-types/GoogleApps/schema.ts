import { defineStoreSchema, flag, provisioningFlags, REMOVE_ACTION, secret, text } from "../schema-kit";

/**
 * `GoogleApps`: Google Workspace, through the Admin SDK Directory API.
 *
 * Keys and required list: the Update Store page and the Create Store (GoogleApps) page agree exactly.
 */
export const googleAppsSchema = defineStoreSchema({
  $id: "pingone-propagation/GoogleApps",
  title: "Google Workspace",
  description: "Provision users into a Google Workspace (G Suite) domain.",
  type: "object",
  additionalProperties: false,
  properties: {
    APPLICATION_NAME: text("The name of the Google Cloud application PingOne authenticates as."),
    DOMAIN: text("The Google Workspace primary domain, for example example.com."),
    OAUTH_CLIENT_ID: text("The OAuth client id of the Google Cloud application."),
    OAUTH_CLIENT_SECRET: secret("The OAuth client secret of the Google Cloud application."),
    OAUTH_ACCESS_TOKEN: secret("An OAuth access token for a Google Workspace administrator."),
    OAUTH_REFRESH_TOKEN: secret("The OAuth refresh token PingOne uses to renew the access token."),
    REMOVE_ACTION,
    ...provisioningFlags,
    DEPROVISION_USERS: flag("Deprovision users in Google Workspace when they leave the propagation rule."),
    PROVISION_DISABLED_USERS_PROV_OPT: flag("Also provision users that are disabled in PingOne."),
  },
  required: ["APPLICATION_NAME", "DOMAIN", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
});
