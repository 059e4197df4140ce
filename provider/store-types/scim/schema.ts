import {
  defineStoreSchema,
  deprecatedFlag,
  oneOf,
  provisioningFlags,
  REMOVE_ACTIONS,
  requiredWhen,
  secret,
  text,
  url,
} from "../schema-kit";

/**
 * `scim`: any SCIM 1.1 or 2.0 server.
 *
 * The Update Store page marks USER_FILTER, UNIQUE_USER_IDENTIFIER, USERS_RESOURCE and BASIC_AUTH_* as
 * required, but every documented example the API accepted omits some of them (the overview's store uses
 * a bearer token and no BASIC_AUTH_*), so the examples win: only the keys every example carries are
 * required, and the credentials are required by AUTHENTICATION_METHOD.
 */
export const scimSchema = defineStoreSchema({
  $id: "pingone-propagation/scim",
  title: "SCIM",
  description: "Provision users into any SCIM 1.1 or 2.0 server.",
  type: "object",
  additionalProperties: false,
  properties: {
    AUTHENTICATION_METHOD: oneOf(
      ["Basic Authentication", "OAuth 2 Bearer Token", "OAuth 2 Client Credentials", "None"],
      "How PingOne authenticates to the SCIM server.",
    ),
    AUTHORIZATION_TYPE: text("The Authorization header scheme, for example Basic or Bearer."),
    SCIM_URL: url("The SCIM server's base URL, for example https://scim.example.com/scim/v2."),
    SCIM_VERSION: oneOf(["1.1", "2.0"], "The SCIM protocol version the server speaks."),
    USERS_RESOURCE: text("The path of the users resource, relative to SCIM_URL, for example /Users."),
    USER_FILTER: text('The filter PingOne uses to find an existing user, for example userName eq "%s".'),
    UNIQUE_USER_IDENTIFIER: {
      ...oneOf(["userName", "workEmail"], "The attribute that identifies a user. Cannot be changed once the store exists."),
      "x-replaceOnChange": true,
    },
    BASIC_AUTH_USER: text("The user name for Basic Authentication."),
    BASIC_AUTH_PASSWORD: secret("The password for Basic Authentication."),
    OAUTH_ACCESS_TOKEN: secret("The bearer token for OAuth 2 Bearer Token authentication."),
    OAUTH_CLIENT_ID: text("The client id for OAuth 2 Client Credentials authentication."),
    OAUTH_CLIENT_SECRET: secret("The client secret for OAuth 2 Client Credentials authentication."),
    OAUTH_TOKEN_REQUEST: url("The token endpoint for OAuth 2 Client Credentials authentication."),
    GROUPS_RESOURCE: text("The path of the groups resource, relative to SCIM_URL, for example /Groups."),
    GROUP_NAME_SOURCE: oneOf(["Common Name", "Distinguished Name"], "Which group name PingOne sends."),
    REMOVE_ACTION: oneOf(REMOVE_ACTIONS, "What happens to a user removed from the propagation rule."),
    ...provisioningFlags,
    createNewUsers: deprecatedFlag("CREATE_USERS"),
    updateNewUsers: deprecatedFlag("UPDATE_USERS"),
    disableNewUsers: deprecatedFlag("DISABLE_USERS"),
  },
  required: ["AUTHENTICATION_METHOD", "SCIM_URL", "SCIM_VERSION"],
  allOf: [
    requiredWhen("AUTHENTICATION_METHOD", "Basic Authentication", ["BASIC_AUTH_USER", "BASIC_AUTH_PASSWORD"]),
    requiredWhen("AUTHENTICATION_METHOD", "OAuth 2 Bearer Token", ["OAUTH_ACCESS_TOKEN"]),
    requiredWhen("AUTHENTICATION_METHOD", "OAuth 2 Client Credentials", ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]),
  ],
});
