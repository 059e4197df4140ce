import { defineStoreSchema, deprecatedFlag, flag, provisioningFlags, removeAction, secret, text, url } from "../schema-kit";

/**
 * `ServiceNow`: a ServiceNow instance.
 *
 * Keys and required list: the Update Store page and the Create Store (ServiceNow) page agree. REMOVE_ACTION
 * is typed String there; only "Disable" is known for this type (Ping's SDK), so that is its suggestion.
 */
export const serviceNowSchema = defineStoreSchema({
  $id: "pingone-propagation/ServiceNow",
  title: "ServiceNow",
  description: "Provision users into a ServiceNow instance.",
  type: "object",
  additionalProperties: false,
  properties: {
    ServiceNow_Url: url("The instance URL, for example https://example.service-now.com."),
    Administrator_Username: text("The user name of a ServiceNow administrator."),
    Administrator_Password: secret("The password of that administrator."),
    REMOVE_ACTION: removeAction(["Disable"], "Ping's SDK (EnumPropagationStoreTypeRemoveActionDisable) for ServiceNow."),
    ...provisioningFlags,
    DEPROVISION_USERS: flag("Deprovision users in ServiceNow when they leave the propagation rule."),
    ServiceNow_Instance_Name: {
      ...text("Deprecated: use ServiceNow_Url. The instance name, the part before .service-now.com."),
      deprecated: true,
      "x-replacedBy": "ServiceNow_Url",
    },
    createNewUsers: deprecatedFlag("CREATE_USERS"),
    updateNewUsers: deprecatedFlag("UPDATE_USERS"),
    disableNewUsers: deprecatedFlag("DISABLE_USERS"),
  },
  required: ["Administrator_Username", "Administrator_Password", "ServiceNow_Url"],
});
