import { defineStoreSchema, flag, secret, text } from "../schema-kit";

/**
 * `Workday`: a Workday tenant (keys are camelCase on this type).
 *
 * The required list is the Update Store page's, unchanged: no documented example contradicts it.
 * `host` is a host name, not a URL, so it is free text.
 */
export const workdaySchema = defineStoreSchema({
  $id: "pingone-propagation/Workday",
  title: "Workday",
  description: "Connect a Workday tenant.",
  type: "object",
  additionalProperties: false,
  properties: {
    username: text("The Workday integration system user."),
    password: secret("The password of that integration system user."),
    tenantId: text("The Workday tenant id."),
    host: text("The Workday web services host, for example wd2-impl-services1.workday.com."),
    excludeContingentWorkers: flag("Leave contingent workers out."),
    excludeEmployees: flag("Leave employees out."),
    excludeInactiveWorkers: flag("Leave inactive workers out."),
  },
  required: ["username", "password", "tenantId"],
});
