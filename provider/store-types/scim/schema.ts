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
 * `scim`: any SCIM 1.1 or 2.0 server.
 *
 * Keys: the Update Store page's request model, plus GROUP_MEMBERSHIP_HANDLING and SCHEMA_EXTENSION_URNS
 * (both String, optional), which only the newer Create Store (SCIM) and Store Metadata (SCIM) pages list,
 * plus freezeAccountOnDeprovisioning, a Boolean the Propagation Stores overview's data model documents and
 * its scim reads return (as the string "false": the read and the data model disagree on the JSON type; the
 * data model's boolean is what a user writes, and diff treats "false" and false alike).
 *
 * Required: the Update and Create pages mark USER_FILTER, UNIQUE_USER_IDENTIFIER, USERS_RESOURCE,
 * AUTHORIZATION_TYPE and BASIC_AUTH_* as required, but documented examples the API accepted omit some of
 * them (the overview's store uses a bearer token and no BASIC_AUTH_*, the create examples have no
 * USER_FILTER or UNIQUE_USER_IDENTIFIER), so the examples win: only the keys every example carries are
 * required, and the credentials are required by AUTHENTICATION_METHOD.
 */
export const scimSchema = defineStoreSchema({
  $id: "pingone-propagation/scim",
  title: "SCIM",
  description: "Provision users into any SCIM 1.1 or 2.0 server.",
  type: "object",
  additionalProperties: false,
  properties: {
    AUTHENTICATION_METHOD: suggested("How PingOne authenticates to the SCIM server.", {
      documents: ["Basic Authentication", "OAuth 2 Bearer Token"],
      examples: ["None", "OAuth 2 Client Credentials"],
      note: "Basic Authentication and OAuth 2 Bearer Token: the overview's data model (\"For example, ...\"); None: the Test Connection and Store Metadata examples; OAuth 2 Client Credentials: Ping's SDK.",
    }),
    AUTHORIZATION_TYPE: suggested("The Authorization header scheme.", {
      examples: ["Basic", "Bearer"],
      note: "Basic: every documented scim example; Bearer: Ping's SDK and console.",
    }),
    SCIM_URL: url("The SCIM server's base URL, for example https://scim.example.com/scim/v2."),
    SCIM_VERSION: suggested("The SCIM protocol version the server speaks.", {
      examples: ["1.1", "2.0"],
      note: "1.1: the Update Store and overview examples; 2.0: the overview's reads and the Test Connection example. The data model types it String.",
    }),
    USERS_RESOURCE: text("The path of the users resource, relative to SCIM_URL, for example /Users."),
    USER_FILTER: text('The filter PingOne uses to find an existing user, for example userName eq "%s".'),
    UNIQUE_USER_IDENTIFIER: {
      ...suggested("The attribute that identifies a user. Cannot be changed once the store exists.", {
        examples: ["userName", "workEmail"],
        note: "userName: the Test Connection example; workEmail: Ping's SDK and console.",
      }),
      "x-replaceOnChange": true,
    },
    BASIC_AUTH_USER: text("The user name for Basic Authentication."),
    BASIC_AUTH_PASSWORD: secret("The password for Basic Authentication."),
    OAUTH_ACCESS_TOKEN: secret("The bearer token for OAuth 2 Bearer Token authentication."),
    OAUTH_CLIENT_ID: text("The client id for OAuth 2 Client Credentials authentication."),
    OAUTH_CLIENT_SECRET: secret("The client secret for OAuth 2 Client Credentials authentication."),
    OAUTH_TOKEN_REQUEST: url("The token endpoint for OAuth 2 Client Credentials authentication."),
    GROUPS_RESOURCE: text("The path of the groups resource, relative to SCIM_URL, for example /Groups."),
    GROUP_NAME_SOURCE: suggested("Which group name PingOne sends.", {
      examples: ["Common Name", "Distinguished Name"],
      note: "Ping's SDK and console; the request models type it String.",
    }),
    GROUP_MEMBERSHIP_HANDLING: text("How group memberships are reconciled with the SCIM server, as the PingOne console offers it."),
    SCHEMA_EXTENSION_URNS: text("SCIM schema extension URNs the server supports, as the PingOne console offers them."),
    REMOVE_ACTION,
    ...provisioningFlags,
    freezeAccountOnDeprovisioning: flag("Freeze the account in the target when the user is deprovisioned."),
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
