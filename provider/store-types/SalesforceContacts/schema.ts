import { defineStoreSchema, oneOf } from "../schema-kit";
import { salesforceSchema } from "../Salesforce/schema";

/**
 * `SalesforceContacts`: Salesforce leads or contacts instead of users.
 *
 * Every Salesforce key, plus RECORD_TYPE (required). The required list is Salesforce's plus RECORD_TYPE:
 * ENABLE_COMMUNITIES is optional, as for Salesforce, because the documented Salesforce example omits
 * it and both types share the same configuration model on the Update Store page.
 */
export const salesforceContactsSchema = defineStoreSchema({
  $id: "pingone-propagation/SalesforceContacts",
  title: "Salesforce Contacts",
  description: "Provision PingOne users as Salesforce leads or contacts.",
  type: "object",
  additionalProperties: false,
  properties: {
    ...salesforceSchema.properties,
    RECORD_TYPE: oneOf(["Lead", "Contact"], "Whether users become Salesforce leads or contacts."),
  },
  required: [...salesforceSchema.required, "RECORD_TYPE"],
});
