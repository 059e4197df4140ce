import { defineStoreSchema, suggested } from "../schema-kit";
import { salesforceSchema } from "../Salesforce/schema";

/**
 * `SalesforceContacts`: Salesforce leads or contacts instead of users.
 *
 * Every Salesforce key, plus RECORD_TYPE (required), as the Update Store page and the Create Store
 * (SalesforceContacts) page both say. ENABLE_COMMUNITIES is optional, as for Salesforce, because the
 * documented Salesforce example omits it and both types share the same configuration model. The Create
 * page's prose says RECORD_TYPE "defines whether the connector is for LEAD or for CONTACT" but types it
 * String, so its values are suggestions: the prose's spelling and the SDK's.
 */
export const salesforceContactsSchema = defineStoreSchema({
  $id: "pingone-propagation/SalesforceContacts",
  title: "Salesforce Contacts",
  description: "Provision PingOne users as Salesforce leads or contacts.",
  type: "object",
  additionalProperties: false,
  properties: {
    ...salesforceSchema.properties,
    RECORD_TYPE: suggested("Whether users become Salesforce leads or contacts.", {
      documents: ["LEAD", "CONTACT"],
      examples: ["Lead", "Contact"],
      note: "LEAD and CONTACT: the Create Store (SalesforceContacts) prose; Lead and Contact: Ping's SDK and console.",
    }),
  },
  required: [...salesforceSchema.required, "RECORD_TYPE"],
});
