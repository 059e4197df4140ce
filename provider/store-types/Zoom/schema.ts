import {
  defineStoreSchema,
  deprecatedFlag,
  flag,
  provisioningFlags,
  REMOVE_ACTION,
  requiredWhen,
  secret,
  suggested,
  text,
  url,
} from "../schema-kit";

/**
 * `Zoom`: a Zoom account, through Zoom's SCIM API.
 *
 * Keys: the Create Store (Zoom) page, which is newer than the Update Store page (issue 15). It documents
 * AUTHENTICATION_METHOD (optional; its example sends "OAuth Bearer Token", and the configuration data model
 * gives "JWT Bearer Token" as the default) and marks both credential sets "Required/Optional": which set is
 * required depends on the method. The Update Store page instead marks API_KEY and API_SECRET plainly
 * "Required"; the more permissive Create page wins. So SCIM_URL is the only unconditional requirement, the
 * four OAUTH_* keys are required with "OAuth Bearer Token", and API_KEY + API_SECRET (deprecated: Zoom retired
 * JWT apps) with "JWT Bearer Token". Without AUTHENTICATION_METHOD nothing more is required, but check warns
 * when the documented default, JWT, would lack its keys. The deprecated *_PROV_OPT flags are only on the
 * Update Store page; they stay accepted.
 */
export const zoomSchema = defineStoreSchema({
  $id: "pingone-propagation/Zoom",
  title: "Zoom",
  description: "Provision users into a Zoom account.",
  type: "object",
  additionalProperties: false,
  properties: {
    SCIM_URL: url("Zoom's SCIM base URL, for example https://api.zoom.us/scim2."),
    AUTHENTICATION_METHOD: {
      ...suggested("How PingOne authenticates to Zoom. Zoom has retired JWT apps: use OAuth Bearer Token.", {
        documents: ["JWT Bearer Token"],
        examples: ["OAuth Bearer Token"],
        note: "JWT Bearer Token: the default in the Propagation Stores page's Zoom configuration data model; OAuth Bearer Token: the Create Store (Zoom) example. The page types it String.",
      }),
      default: "JWT Bearer Token",
    },
    OAUTH_ACCOUNT_ID: text("The account id of the Zoom Server-to-Server OAuth app."),
    OAUTH_CLIENT_ID: text("The client id of the Zoom Server-to-Server OAuth app."),
    OAUTH_CLIENT_SECRET: secret("The client secret of the Zoom Server-to-Server OAuth app."),
    OAUTH_TOKEN_URL: url("Zoom's token endpoint, for example https://zoom.us/oauth/token."),
    REMOVE_ACTION,
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
    requiredWhen("AUTHENTICATION_METHOD", "OAuth Bearer Token", [
      "OAUTH_ACCOUNT_ID",
      "OAUTH_CLIENT_ID",
      "OAUTH_CLIENT_SECRET",
      "OAUTH_TOKEN_URL",
    ]),
    requiredWhen("AUTHENTICATION_METHOD", "JWT Bearer Token", ["API_KEY", "API_SECRET"]),
  ],
});
