import { defineStoreSchema, deprecatedFlag, flag, oneOf, provisioningFlags, REMOVE_ACTIONS, secret, text } from "../schema-kit";

/**
 * `AzureActiveDirectorySAML2`: Microsoft Entra ID (Azure AD), through the Microsoft Graph API.
 *
 * The required list is the Update Store page's, unchanged: no documented example contradicts it.
 * There is no DEPROVISION_USERS key on this type, so the deprecated REMOVE_USERS_PROV_OPT and
 * DEPROVISION_USER_ACTION_PROV_OPT both point at REMOVE_ACTION.
 */
export const azureActiveDirectorySaml2Schema = defineStoreSchema({
  $id: "pingone-propagation/AzureActiveDirectorySAML2",
  title: "Azure Active Directory (SAML 2.0)",
  description: "Provision users into Microsoft Entra ID (Azure Active Directory).",
  type: "object",
  additionalProperties: false,
  properties: {
    ClientId: text("The application (client) id of the app registration PingOne uses."),
    ClientSecret: secret("The client secret of that app registration."),
    TenantDomain: text("The tenant's domain, for example contoso.onmicrosoft.com."),
    RemoveLicensesWhenSkuIdEmpty: flag("Remove a user's licenses when the mapped SKU id is empty."),
    REMOVE_ACTION: oneOf(REMOVE_ACTIONS, "What happens to a user removed from the propagation rule."),
    ...provisioningFlags,
    PROVISION_DISABLED_USERS_PROV_OPT: flag("Also provision users that are disabled in PingOne."),
    CREATE_NEW_USERS: deprecatedFlag("CREATE_USERS"),
    UPDATE_NEW_USERS: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("REMOVE_ACTION"),
    DEPROVISION_USER_ACTION_PROV_OPT: deprecatedFlag("REMOVE_ACTION"),
  },
  required: ["ClientId", "ClientSecret", "TenantDomain", "RemoveLicensesWhenSkuIdEmpty"],
});
