import { defineStoreSchema, deprecatedFlag, flag, provisioningFlags, REMOVE_ACTION, secret, text } from "../schema-kit";

/**
 * `AzureActiveDirectorySAML2`: Microsoft Entra ID (Azure AD), through the Microsoft Graph API.
 *
 * Keys: the Update Store page's request model plus DEPROVISION_USERS (Boolean, optional), which only the
 * newer Create Store (AzureActiveDirectorySAML2) page lists (issue 15). The required list is the one both
 * pages share. The deprecated REMOVE_USERS_PROV_OPT and DEPROVISION_USER_ACTION_PROV_OPT point at
 * REMOVE_ACTION, which says what happens to a removed user; DEPROVISION_USERS only switches it on.
 *
 * DefaultPassword (required) and DoBase64Conversion (optional) are not configuration keys: the Create page
 * says they appear in the Store Metadata response and must be written as rule mappings with a PEL
 * expression. See the README.
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
    REMOVE_ACTION,
    ...provisioningFlags,
    DEPROVISION_USERS: flag("Deprovision users in Entra ID, as REMOVE_ACTION says, when they leave the propagation rule."),
    PROVISION_DISABLED_USERS_PROV_OPT: flag("Also provision users that are disabled in PingOne."),
    CREATE_NEW_USERS: deprecatedFlag("CREATE_USERS"),
    UPDATE_NEW_USERS: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("REMOVE_ACTION"),
    DEPROVISION_USER_ACTION_PROV_OPT: deprecatedFlag("REMOVE_ACTION"),
  },
  required: ["ClientId", "ClientSecret", "TenantDomain", "RemoveLicensesWhenSkuIdEmpty"],
  "x-ruleMappings": {
    required: ["DefaultPassword"],
    optional: ["DoBase64Conversion"],
    source:
      "Create Store (AzureActiveDirectorySAML2): both appear in the Store Metadata response, not in the request model, and are written as rule mappings with a PEL expression.",
  },
});
