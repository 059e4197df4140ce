/**
 * The registry of store types: one folder per type, named exactly as the PingOne API spells the type,
 * each holding that type's schema. Everything the provider knows about a type is read from here.
 */
import type { StoreTypeSchema } from "./schema-kit";
import { aqueraSchema } from "./Aquera/schema";
import { azureActiveDirectorySaml2Schema } from "./AzureActiveDirectorySAML2/schema";
import { directorySchema } from "./directory/schema";
import { gitHubEmuSchema } from "./GitHubEMU/schema";
import { googleAppsSchema } from "./GoogleApps/schema";
import { ldapGatewaySchema } from "./LdapGateway/schema";
import { pingOneSchema } from "./PingOne/schema";
import { salesforceSchema } from "./Salesforce/schema";
import { salesforceContactsSchema } from "./SalesforceContacts/schema";
import { scimSchema } from "./scim/schema";
import { serviceNowSchema } from "./ServiceNow/schema";
import { slackSchema } from "./Slack/schema";
import { workdaySchema } from "./Workday/schema";
import { zoomSchema } from "./Zoom/schema";

export const storeTypeSchemas = {
  Aquera: aqueraSchema,
  AzureActiveDirectorySAML2: azureActiveDirectorySaml2Schema,
  directory: directorySchema,
  GitHubEMU: gitHubEmuSchema,
  GoogleApps: googleAppsSchema,
  LdapGateway: ldapGatewaySchema,
  PingOne: pingOneSchema,
  Salesforce: salesforceSchema,
  SalesforceContacts: salesforceContactsSchema,
  scim: scimSchema,
  ServiceNow: serviceNowSchema,
  Slack: slackSchema,
  Workday: workdaySchema,
  Zoom: zoomSchema,
} as const satisfies Record<string, StoreTypeSchema>;

export type StoreTypeName = keyof typeof storeTypeSchemas;

/** The supported type names, exactly as the API spells them. */
export const storeTypes = Object.keys(storeTypeSchemas) as StoreTypeName[];

export function isStoreType(value: unknown): value is StoreTypeName {
  return typeof value === "string" && Object.hasOwn(storeTypeSchemas, value);
}

export function schemaOf(type: StoreTypeName): StoreTypeSchema {
  return storeTypeSchemas[type];
}

// The key lookups accept any string and answer [] for a type that does not exist: check reports the bad
// type, and everything else (diff, state, secret marking) then simply has no keys to treat specially.
function keysWhere(type: string, mark: (property: StoreTypeSchema["properties"][string]) => boolean): string[] {
  if (!isStoreType(type)) return [];
  return Object.entries(schemaOf(type).properties)
    .filter(([, property]) => mark(property))
    .map(([key]) => key);
}

/** The configuration keys of `type` that are secrets: those its schema marks `writeOnly`. */
export function secretKeysOf(type: string): string[] {
  return keysWhere(type, (property) => property.writeOnly === true);
}

/** The configuration keys of `type` whose change forces a replacement. */
export function replaceOnChangeKeysOf(type: string): string[] {
  return keysWhere(type, (property) => property["x-replaceOnChange"] === true);
}

/** Deprecated keys of `type`, each with the key that replaces it (if any). */
export function deprecatedKeysOf(type: string): Array<{ key: string; replacedBy?: string }> {
  return keysWhere(type, (property) => property.deprecated === true).map((key) => ({
    key,
    replacedBy: schemaOf(type as StoreTypeName).properties[key]["x-replacedBy"],
  }));
}

/**
 * The target attributes a propagation rule into a store of `type` must and may map (its schema's
 * `x-ruleMappings`), for the pipeline's preview warnings; empty lists for every other type.
 */
export function ruleMappingsOf(type: string): { required: readonly string[]; optional: readonly string[] } {
  const mappings = isStoreType(type) ? schemaOf(type)["x-ruleMappings"] : undefined;
  return { required: mappings?.required ?? [], optional: mappings?.optional ?? [] };
}

/** Keys whose values are booleans; reads may return them as "true"/"false" strings. */
export function booleanKeysOf(type: string): string[] {
  return keysWhere(type, (property) => property.type === "boolean");
}

export type { ConfigurationOf, StoreTypeSchema } from "./schema-kit";
