import { defineStoreSchema, deprecatedFlag, flag, oneOf, provisioningFlags, REMOVE_ACTIONS, requiredWhen, secret, text, url } from "../schema-kit";

/**
 * `Zoom`: a Zoom account, through Zoom's SCIM API.
 *
 * The Update Store page marks API_KEY and API_SECRET (deprecated, the retired JWT method) "Required"
 * and the OAuth keys "Required/Optional". Only one method is used at a time, so only SCIM_URL is
 * unconditionally required; AUTHENTICATION_METHOD (optional) makes the OAuth quartet required for
 * "OAuth Bearer Token" and API_KEY + API_SECRET required for "JWT Bearer Token".
 */
export const zoomSchema = defineStoreSchema({
  $id: "pingone-propagation/Zoom",
  title: "Zoom",
  description: "Provision users into a Zoom account.",
  type: "object",
  additionalProperties: false,
  properties: {
    SCIM_URL: url("Zoom's SCIM base URL, for example https://api.zoom.us/scim2."),
    AUTHENTICATION_METHOD: oneOf(["JWT Bearer Token", "OAuth Bearer Token"], "How PingOne authenticates to Zoom."),
    OAUTH_ACCOUNT_ID: text("The account id of the Zoom Server-to-Server OAuth app."),
    OAUTH_CLIENT_ID: text("The client id of the Zoom Server-to-Server OAuth app."),
    OAUTH_CLIENT_SECRET: secret("The client secret of the Zoom Server-to-Server OAuth app."),
    OAUTH_TOKEN_URL: url("Zoom's token endpoint, for example https://zoom.us/oauth/token."),
    REMOVE_ACTION: oneOf(REMOVE_ACTIONS, "What happens to a user removed from the propagation rule."),
    ...provisioningFlags,
    DEPROVISION_USERS: flag("Deprovision users in Zoom when they leave the propagation rule."),
    API_KEY: {
      ...text("Deprecated: use OAUTH_CLIENT_ID. The API key of a Zoom JWT app (JWT apps are retired)."),
      deprecated: true,
      "x-replacedBy": "OAUTH_CLIENT_ID",
    },
    API_SECRET: {
      ...secret("Deprecated: use OAUTH_CLIENT_SECRET. The API secret of a Zoom JWT app (JWT apps are retired)."),
      deprecated: true,
      "x-replacedBy": "OAUTH_CLIENT_SECRET",
    },
    CREATE_USERS_PROV_OPT: deprecatedFlag("CREATE_USERS"),
    UPDATE_USERS_PROV_OPT: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("DEPROVISION_USERS"),
  },
  required: ["SCIM_URL"],
  allOf: [
    requiredWhen("AUTHENTICATION_METHOD", "OAuth Bearer Token", ["OAUTH_ACCOUNT_ID", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_TOKEN_URL"]),
    requiredWhen("AUTHENTICATION_METHOD", "JWT Bearer Token", ["API_KEY", "API_SECRET"]),
  ],
});
