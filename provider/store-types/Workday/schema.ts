import { defineStoreSchema, flag, secret, text } from "../schema-kit";

/**
 * `Workday`: a Workday tenant (keys are camelCase on this type).
 *
 * Keys: the Update Store page's request model, plus integrationSystemIds (String, optional), which only the
 * newer Create Store (Workday) page lists, plus `subdomain`, which no request model lists but the Create
 * page's own example body sends (documented examples are ground truth). The required list is the one both
 * pages share. `host` is a host name, not a URL, so it is free text.
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
    subdomain: text("The Workday subdomain; sent by the Create Store (Workday) example, not described by any request model."),
    integrationSystemIds: text("The Workday integration system ids to read from."),
    excludeContingentWorkers: flag("Leave contingent workers out."),
    excludeEmployees: flag("Leave employees out."),
    excludeInactiveWorkers: flag("Leave inactive workers out."),
  },
  required: ["username", "password", "tenantId"],
});
