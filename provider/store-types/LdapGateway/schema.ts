import { defineStoreSchema, flag, oneOf, secret, text, url } from "../schema-kit";

/**
 * `LdapGateway`: an on-premises LDAP directory, reached through a PingOne LDAP gateway.
 *
 * Keys and required list: the Update Store page and the Create Store (LdapGateway) page agree. LDAP_TYPE is
 * the one key whose values a document closes: the Create page says "The only valid LDAP_TYPE values are
 * PingDirectory and Microsoft Active Directory", so it stays a strict enum (issue 15's documents win over
 * issue 10's list, which counted it among the keys typed only as String). The Create page lists no `status`;
 * the base request model does, so `status` stays accepted.
 */
export const ldapGatewaySchema = defineStoreSchema({
  $id: "pingone-propagation/LdapGateway",
  title: "LDAP Gateway",
  description: "Provision users into an LDAP directory through a PingOne LDAP gateway.",
  type: "object",
  additionalProperties: false,
  properties: {
    CLIENT_ID: text("The client id of the PingOne application the gateway connection uses."),
    CLIENT_SECRET: secret("The client secret of that application."),
    ENVIRONMENT_ID: text("The id of the PingOne environment that holds the gateway."),
    GATEWAY_ID: text("The id of the PingOne LDAP gateway."),
    GATEWAY_BASE_URL: url("The base URL of the gateway service, for example https://api.pingone.com/v1."),
    OAUTH_URL: url("The token endpoint used to authenticate, for example https://auth.pingone.com/<envId>/as/token."),
    LDAP_TYPE: oneOf(
      ["PingDirectory", "Microsoft Active Directory"],
      "The kind of LDAP directory behind the gateway.",
      'Create Store (LdapGateway): "The only valid LDAP_TYPE values are PingDirectory and Microsoft Active Directory."',
    ),
    ATTRIBUTE_METADATA: text("Attribute metadata for the directory, as PingOne's store metadata endpoint returns it (a JSON string)."),
    CREATE_USERS: flag("Create users in the directory when they appear in PingOne."),
    UPDATE_USERS: flag("Update users in the directory when they change in PingOne."),
    DELETE_USERS: flag("Delete users from the directory when they leave the propagation rule."),
  },
  required: ["CLIENT_ID", "CLIENT_SECRET", "ENVIRONMENT_ID", "GATEWAY_BASE_URL", "GATEWAY_ID", "LDAP_TYPE", "OAUTH_URL"],
});
