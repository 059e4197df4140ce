import { defineStoreSchema, deprecatedFlag, provisioningFlags, REMOVE_ACTION, secret, suggested, text, url } from "../schema-kit";

/**
 * `Aquera`: Aquera's SCIM gateway to SaaS applications.
 *
 * Keys: the Update Store page's Aquera request model, the Create Store (Aquera) page and the Store Metadata
 * (Aquera) request model agree. All three mark AUTHENTICATION_METHOD, SCIM_URL, BASIC_AUTH_USER and
 * BASIC_AUTH_PASSWORD "Required" and ACCESS_TOKEN "Optional", whatever the method, so this schema requires
 * exactly those (issue 10: reconciled with the local API, which now reads the documents the same way). No
 * document says ACCESS_TOKEN becomes required with "OAuth Bearer Token", so nothing makes it required.
 *
 * USER_FILTER, UNIQUE_USER_IDENTIFIER and USERS_RESOURCE are in none of the three request models, but the
 * Create Store (Aquera) page's own example body sends them (it is the scim body with the type renamed). A
 * documented example is what the API accepted, so they are accepted here as optional strings, as the more
 * permissive reading; no document says whether Aquera's UNIQUE_USER_IDENTIFIER may change, so unlike scim's it
 * does not force a replacement (PingOne's answer to an update is the authority).
 */
export const aqueraSchema = defineStoreSchema({
  $id: "pingone-propagation/Aquera",
  title: "Aquera",
  description: "Provision users into applications connected through Aquera's SCIM gateway.",
  type: "object",
  additionalProperties: false,
  properties: {
    AUTHENTICATION_METHOD: suggested("How PingOne authenticates to Aquera.", {
      documents: ["None"],
      examples: ["Basic Auth", "OAuth Bearer Token"],
      note: "None: the Store Metadata (Aquera) example body; Basic Auth and OAuth Bearer Token: Ping's SDK and console. The request models type it String.",
    }),
    SCIM_URL: url("Aquera's SCIM base URL, for example https://scim.aquera.com/scim/v2/<tenant>."),
    BASIC_AUTH_USER: text("The user name for Basic Auth."),
    BASIC_AUTH_PASSWORD: secret("The password for Basic Auth."),
    ACCESS_TOKEN: secret("The bearer token for OAuth Bearer Token authentication."),
    GROUP_NAME_SOURCE: suggested("Which group name PingOne sends.", {
      examples: ["Common Name", "Distinguished Name"],
      note: "Ping's SDK and console; the request models type it String.",
    }),
    USERS_RESOURCE: text("The users resource, relative to SCIM_URL (the Create Store (Aquera) example's only source), for example /Users."),
    USER_FILTER: text('How PingOne finds an existing user (from the Create Store (Aquera) example), for example userName eq "%s".'),
    UNIQUE_USER_IDENTIFIER: text("The attribute that identifies a user (from the Create Store (Aquera) example), for example userName."),
    REMOVE_ACTION,
    ...provisioningFlags,
    createNewUsers: deprecatedFlag("CREATE_USERS"),
    updateNewUsers: deprecatedFlag("UPDATE_USERS"),
    disableNewUsers: deprecatedFlag("DISABLE_USERS"),
  },
  required: ["AUTHENTICATION_METHOD", "BASIC_AUTH_USER", "BASIC_AUTH_PASSWORD", "SCIM_URL"],
});
