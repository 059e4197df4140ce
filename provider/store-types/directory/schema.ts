import { defineStoreSchema } from "../schema-kit";

/**
 * `directory`: the PingOne environment's own directory.
 *
 * The Update Store page says this type has no configuration data model, so it has no keys and nothing
 * is required; a `directory` store is sent without `configuration`.
 */
export const directorySchema = defineStoreSchema({
  $id: "pingone-propagation/directory",
  title: "PingOne directory",
  description: "The PingOne environment's own user directory. It takes no configuration.",
  type: "object",
  additionalProperties: false,
  properties: {},
  required: [],
});
