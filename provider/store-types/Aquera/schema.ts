import { defineStoreSchema, deprecatedFlag, oneOf, provisioningFlags, REMOVE_ACTIONS, requiredWhen, secret, text, url } from "../schema-kit";

/**
 * `Aquera`: Aquera's SCIM gateway to SaaS applications.
 *
 * The required list is the Update Store page's, unchanged (no documented example contradicts it): the
 * page requires BASIC_AUTH_USER and BASIC_AUTH_PASSWORD even though AUTHENTICATION_METHOD also offers
 * "OAuth Bearer Token". Added on top of the page: ACCESS_TOKEN is required when AUTHENTICATION_METHOD
 * is "OAuth Bearer Token", since that method cannot work without the token.
 */
export const aqueraSchema = defineStoreSchema({
  $id: "pingone-propagation/Aquera",
  title: "Aquera",
  description: "Provision users into applications connected through Aquera's SCIM gateway.",
  type: "object",
  additionalProperties: false,
  properties: {
    AUTHENTICATION_METHOD: oneOf(["Basic Auth", "OAuth Bearer Token"], "How PingOne authenticates to Aquera."),
    SCIM_URL: url("Aquera's SCIM base URL, for example https://scim.aquera.com/scim/v2/<tenant>."),
    BASIC_AUTH_USER: text("The user name for Basic Auth."),
    BASIC_AUTH_PASSWORD: secret("The password for Basic Auth."),
    ACCESS_TOKEN: secret("The bearer token for OAuth Bearer Token authentication."),
    GROUP_NAME_SOURCE: oneOf(["Common Name", "Distinguished Name"], "Which group name PingOne sends."),
    REMOVE_ACTION: oneOf(REMOVE_ACTIONS, "What happens to a user removed from the propagation rule."),
    ...provisioningFlags,
    createNewUsers: deprecatedFlag("CREATE_USERS"),
    updateNewUsers: deprecatedFlag("UPDATE_USERS"),
    disableNewUsers: deprecatedFlag("DISABLE_USERS"),
  },
  required: ["AUTHENTICATION_METHOD", "BASIC_AUTH_USER", "BASIC_AUTH_PASSWORD", "SCIM_URL"],
  allOf: [requiredWhen("AUTHENTICATION_METHOD", "OAuth Bearer Token", ["ACCESS_TOKEN"])],
});
