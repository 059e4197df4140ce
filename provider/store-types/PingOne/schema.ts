import { defineStoreSchema, deprecatedFlag, flag, oneOf, provisioningFlags, REMOVE_ACTIONS, secret, text } from "../schema-kit";

/**
 * `PingOne`: another PingOne environment.
 *
 * The required list is the Update Store page's, unchanged. REGION accepts both the SDK's codes (NA, EU,
 * ...) and the names the documented "Create Store (PingOne)" example sends ("North America"), which the
 * API accepted. There is no DEPROVISION_USERS key on this type, so the deprecated REMOVE_USERS_PROV_OPT
 * points at REMOVE_ACTION.
 */
export const pingOneSchema = defineStoreSchema({
  $id: "pingone-propagation/PingOne",
  title: "PingOne",
  description: "Provision users into another PingOne environment.",
  type: "object",
  additionalProperties: false,
  properties: {
    ENVIRONMENT_ID: text("The id of the target PingOne environment."),
    REGION: oneOf(
      ["NA", "EU", "AP", "CA", "AU", "SG", "North America", "Europe", "Asia Pacific", "Canada", "Australia", "Singapore"],
      "The region of the target environment, as a code (NA) or a name (North America).",
    ),
    CLIENT_ID: text("The client id of a worker application in the target environment."),
    CLIENT_SECRET: secret("The client secret of that worker application."),
    DEFAULT_AUTH_METHOD: oneOf(["Email 1", "SMS 1", "Voice 1"], "The MFA device made the user's default in the target."),
    MFA_USER_DEVICE_MANAGEMENT: oneOf(
      ["Merge with devices in PingOne", "Overwrite devices in PingOne"],
      "Whether the user's MFA devices are merged with, or overwrite, those in the target.",
    ),
    REMOVE_ACTION: oneOf(REMOVE_ACTIONS, "What happens to a user removed from the propagation rule."),
    ...provisioningFlags,
    PROVISION_DISABLED_USERS_PROV_OPT: flag("Also provision users that are disabled in PingOne."),
    CREATE_USERS_PROV_OPT: deprecatedFlag("CREATE_USERS"),
    UPDATE_USERS_PROV_OPT: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("REMOVE_ACTION"),
  },
  required: ["ENVIRONMENT_ID", "REGION"],
});
