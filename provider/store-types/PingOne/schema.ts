import { defineStoreSchema, deprecatedFlag, flag, provisioningFlags, REMOVE_ACTION, secret, suggested, text } from "../schema-kit";

/**
 * `PingOne`: another PingOne environment.
 *
 * Keys and required list: the Update Store page, the Create Store (PingOne) page and the Store Metadata
 * (PingOne) request model agree (all three type ENVIRONMENT_ID "Sring", a typo for String). None of them
 * lists values for REGION, DEFAULT_AUTH_METHOD or MFA_USER_DEVICE_MANAGEMENT, so those are suggestions:
 * REGION takes the SDK's codes (NA, EU, ...) and the names the documented examples send ("North America",
 * which the API accepted), and anything else only warns. There is no DEPROVISION_USERS key on this type,
 * so the deprecated REMOVE_USERS_PROV_OPT points at REMOVE_ACTION.
 */
export const pingOneSchema = defineStoreSchema({
  $id: "pingone-propagation/PingOne",
  title: "PingOne",
  description: "Provision users into another PingOne environment.",
  type: "object",
  additionalProperties: false,
  properties: {
    ENVIRONMENT_ID: text("The id of the target PingOne environment."),
    REGION: suggested("The region of the target environment, as a code (NA) or a name (North America).", {
      examples: ["NA", "EU", "AP", "CA", "AU", "SG", "North America", "Europe", "Asia Pacific", "Canada", "Australia", "Singapore"],
      note: "North America: the Create Store (PingOne) and Store Metadata (PingOne) examples; the codes: Ping's SDK and Terraform provider; the other names: the console's region names.",
    }),
    CLIENT_ID: text("The client id of a worker application in the target environment."),
    CLIENT_SECRET: secret("The client secret of that worker application."),
    DEFAULT_AUTH_METHOD: suggested("The MFA device made the user's default in the target.", {
      examples: ["Email 1", "SMS 1", "Voice 1"],
      note: "Email 1: the Create Store (PingOne) example; SMS 1 and Voice 1: Ping's SDK and console.",
    }),
    MFA_USER_DEVICE_MANAGEMENT: suggested("Whether the user's MFA devices are merged with, or overwrite, those in the target.", {
      examples: ["Merge with devices in PingOne", "Overwrite devices in PingOne"],
      note: "Merge with devices in PingOne: the Create Store (PingOne) example; Overwrite devices in PingOne: Ping's SDK and console.",
    }),
    REMOVE_ACTION,
    ...provisioningFlags,
    PROVISION_DISABLED_USERS_PROV_OPT: flag("Also provision users that are disabled in PingOne."),
    CREATE_USERS_PROV_OPT: deprecatedFlag("CREATE_USERS"),
    UPDATE_USERS_PROV_OPT: deprecatedFlag("UPDATE_USERS"),
    REMOVE_USERS_PROV_OPT: deprecatedFlag("REMOVE_ACTION"),
  },
  required: ["ENVIRONMENT_ID", "REGION"],
});
