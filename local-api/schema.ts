/**
 * Store types, their configuration keys and the validation the local API applies, written from the
 * PingOne documentation, not from the provider: the Update Store page, each type's Create Store page, the
 * Store Metadata request models, the Propagation Stores overview and its examples. It is meant to disagree
 * with the provider whenever the provider disagrees with the documents.
 *
 * Policy:
 * - Required: the real API accepted every documented example, and those examples omit keys the request
 *   models call required. So a key is only required here when every documented example carries it (or, for
 *   types without an example, when the request models require it and nothing contradicts that).
 * - JSON types: keys the request models type Boolean must be JSON booleans, String keys strings.
 * - Values: only a list a document closes is enforced (LdapGateway's LDAP_TYPE: "The only valid LDAP_TYPE
 *   values are PingDirectory and Microsoft Active Directory"). Every other key is typed only "String", and
 *   the values seen in examples are not a closed list.
 * - Conditional requirements follow the authentication method where a page says so (scim's credentials,
 *   Zoom's "Required/Optional" credential sets).
 * - Unknown configuration keys: accepted and stored by default, because the documents imply it: the Create
 *   Store (Workday) example sends `subdomain`, which no request model lists, and the overview's reads carry
 *   keys nobody sent. `unknownKeys: "reject"` refuses them instead (400), so that tests catch a misspelled key.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ErrorDetail {
  code: string;
  target?: string;
  message: string;
}

interface TypeSpec {
  /** Required string keys (boolean keys that are required are listed in requiredBooleans). */
  required: string[];
  requiredBooleans?: string[];
  strings: string[];
  booleans: string[];
  secrets: string[];
  /** Extra rules (conditional requirements, enums the docs are firm about). */
  check?: (config: JsonObject, details: ErrorDetail[]) => void;
}

function requireWhen(config: JsonObject, keys: string[], why: string, details: ErrorDetail[]): void {
  for (const key of keys) {
    if (config[key] === undefined || config[key] === null || config[key] === "") {
      details.push({ code: "REQUIRED_VALUE", target: `configuration.${key}`, message: `${key} is required ${why}` });
    }
  }
}

function enumValue(config: JsonObject, key: string, allowed: string[], details: ErrorDetail[]): void {
  const v = config[key];
  if (typeof v === "string" && !allowed.includes(v)) {
    details.push({
      code: "INVALID_VALUE",
      target: `configuration.${key}`,
      message: `${key} must be one of: ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
    });
  }
}

const SALESFORCE: TypeSpec = {
  // The overview's Salesforce example has no ENABLE_COMMUNITIES, so it is optional here.
  required: ["CLIENT_ID", "CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN", "SALESFORCE_DOMAIN", "PERMISSION_SET_MANAGEMENT"],
  requiredBooleans: ["FREEZE_USER_FLAG"],
  strings: ["ACCOUNT_ID", "PROFILE_ID"],
  booleans: [
    "ENABLE_COMMUNITIES",
    "CREATE_USERS",
    "UPDATE_USERS",
    "DISABLE_USERS",
    "PROVISION_DISABLED_USERS",
    "CREATE_NEW_USERS",
    "UPDATE_NEW_USERS",
  ],
  secrets: ["CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
};

export const STORE_TYPES: Record<string, TypeSpec | null> = {
  Aquera: {
    // The Update Store, Create Store and Store Metadata pages all mark BASIC_AUTH_USER and BASIC_AUTH_PASSWORD
    // "Required" and ACCESS_TOKEN "Optional", whatever AUTHENTICATION_METHOD is; no Aquera example contradicts it.
    required: ["AUTHENTICATION_METHOD", "SCIM_URL", "BASIC_AUTH_USER", "BASIC_AUTH_PASSWORD"],
    // USER_FILTER, UNIQUE_USER_IDENTIFIER, USERS_RESOURCE: in no Aquera request model, but in the example body of
    // the Create Store (Aquera) page, which PingOne accepted.
    strings: ["ACCESS_TOKEN", "GROUP_NAME_SOURCE", "REMOVE_ACTION", "USER_FILTER", "UNIQUE_USER_IDENTIFIER", "USERS_RESOURCE"],
    booleans: ["CREATE_USERS", "UPDATE_USERS", "DISABLE_USERS", "createNewUsers", "updateNewUsers", "disableNewUsers"],
    secrets: ["BASIC_AUTH_PASSWORD", "ACCESS_TOKEN"],
  },
  AzureActiveDirectorySAML2: {
    required: ["ClientId", "ClientSecret", "TenantDomain"],
    requiredBooleans: ["RemoveLicensesWhenSkuIdEmpty"],
    strings: ["REMOVE_ACTION"],
    booleans: [
      // DEPROVISION_USERS: only on the Create Store (AzureActiveDirectorySAML2) page, which is newer than Update Store.
      "CREATE_USERS",
      "UPDATE_USERS",
      "DISABLE_USERS",
      "DEPROVISION_USERS",
      "PROVISION_DISABLED_USERS_PROV_OPT",
      "CREATE_NEW_USERS",
      "UPDATE_NEW_USERS",
      "REMOVE_USERS_PROV_OPT",
      "DEPROVISION_USER_ACTION_PROV_OPT",
    ],
    secrets: ["ClientSecret"],
  },
  directory: null,
  GitHubEMU: {
    required: ["BASE_URL", "OAUTH_ACCESS_TOKEN"],
    strings: ["GROUP_MEMBERSHIP_HANDLING", "REMOVE_ACTION"],
    booleans: [
      "CREATE_USERS",
      "UPDATE_USERS",
      "DEPROVISION_USERS",
      "CREATE_USERS_PROV_OPT",
      "UPDATE_USERS_PROV_OPT",
      "REMOVE_USERS_PROV_OPT",
    ],
    secrets: ["OAUTH_ACCESS_TOKEN"],
  },
  GoogleApps: {
    required: ["APPLICATION_NAME", "DOMAIN", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
    strings: ["REMOVE_ACTION"],
    booleans: ["CREATE_USERS", "UPDATE_USERS", "DISABLE_USERS", "DEPROVISION_USERS", "PROVISION_DISABLED_USERS_PROV_OPT"],
    secrets: ["OAUTH_CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
  },
  LdapGateway: {
    required: ["CLIENT_ID", "CLIENT_SECRET", "ENVIRONMENT_ID", "GATEWAY_BASE_URL", "GATEWAY_ID", "LDAP_TYPE", "OAUTH_URL"],
    strings: ["ATTRIBUTE_METADATA"],
    booleans: ["CREATE_USERS", "UPDATE_USERS", "DELETE_USERS"],
    secrets: ["CLIENT_SECRET"],
    // The one closed list in the documents: "The only valid LDAP_TYPE values are PingDirectory and Microsoft
    // Active Directory" (Create Store (LdapGateway)).
    check: (c, d) => enumValue(c, "LDAP_TYPE", ["PingDirectory", "Microsoft Active Directory"], d),
  },
  PingOne: {
    // REGION is free text: Ping's SDK uses codes (NA, EU, ...), the Create Store example sends "North America".
    required: ["ENVIRONMENT_ID", "REGION"],
    strings: ["CLIENT_ID", "CLIENT_SECRET", "DEFAULT_AUTH_METHOD", "MFA_USER_DEVICE_MANAGEMENT", "REMOVE_ACTION"],
    booleans: [
      "CREATE_USERS",
      "UPDATE_USERS",
      "DISABLE_USERS",
      "PROVISION_DISABLED_USERS_PROV_OPT",
      "CREATE_USERS_PROV_OPT",
      "UPDATE_USERS_PROV_OPT",
      "REMOVE_USERS_PROV_OPT",
    ],
    secrets: ["CLIENT_SECRET"],
  },
  Salesforce: SALESFORCE,
  SalesforceContacts: { ...SALESFORCE, required: [...SALESFORCE.required, "RECORD_TYPE"] },
  scim: {
    // The documented scim examples carry only these three; the rest of the request models' "required" keys
    // are conditional on the authentication method or optional in practice.
    required: ["AUTHENTICATION_METHOD", "SCIM_URL", "SCIM_VERSION"],
    strings: [
      "AUTHORIZATION_TYPE",
      "USERS_RESOURCE",
      "USER_FILTER",
      "UNIQUE_USER_IDENTIFIER",
      "BASIC_AUTH_USER",
      "BASIC_AUTH_PASSWORD",
      "OAUTH_ACCESS_TOKEN",
      "OAUTH_CLIENT_ID",
      "OAUTH_CLIENT_SECRET",
      "OAUTH_TOKEN_REQUEST",
      "GROUPS_RESOURCE",
      "GROUP_NAME_SOURCE",
      "REMOVE_ACTION",
      // Only on the newer Create Store (SCIM) and Store Metadata (SCIM) pages.
      "GROUP_MEMBERSHIP_HANDLING",
      "SCHEMA_EXTENSION_URNS",
    ],
    booleans: ["CREATE_USERS", "UPDATE_USERS", "DISABLE_USERS", "createNewUsers", "updateNewUsers", "disableNewUsers"],
    secrets: ["BASIC_AUTH_PASSWORD", "OAUTH_ACCESS_TOKEN", "OAUTH_CLIENT_SECRET"],
    check(c, d) {
      const m = c.AUTHENTICATION_METHOD;
      if (m === "Basic Authentication")
        requireWhen(c, ["BASIC_AUTH_USER", "BASIC_AUTH_PASSWORD"], 'with AUTHENTICATION_METHOD "Basic Authentication"', d);
      if (m === "OAuth 2 Bearer Token") requireWhen(c, ["OAUTH_ACCESS_TOKEN"], 'with AUTHENTICATION_METHOD "OAuth 2 Bearer Token"', d);
      if (m === "OAuth 2 Client Credentials")
        requireWhen(c, ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"], 'with AUTHENTICATION_METHOD "OAuth 2 Client Credentials"', d);
    },
  },
  ServiceNow: {
    required: ["Administrator_Username", "Administrator_Password", "ServiceNow_Url"],
    strings: ["REMOVE_ACTION", "ServiceNow_Instance_Name"],
    booleans: ["CREATE_USERS", "UPDATE_USERS", "DISABLE_USERS", "DEPROVISION_USERS", "createNewUsers", "updateNewUsers", "disableNewUsers"],
    secrets: ["Administrator_Password"],
  },
  Slack: {
    required: ["OAUTH_ACCESS_TOKEN", "UNIQUE_USER_IDENTIFIER"],
    // GROUP_MEMBERSHIP_HANDLING: only on the Create Store (Slack) page.
    strings: ["REMOVE_ACTION", "GROUP_MEMBERSHIP_HANDLING"],
    booleans: [
      "CREATE_USERS",
      "UPDATE_USERS",
      "DISABLE_USERS",
      "DEPROVISION_USERS",
      "CREATE_USERS_PROV_OPT",
      "UPDATE_USERS_PROV_OPT",
      "REMOVE_USERS_PROV_OPT",
    ],
    secrets: ["OAUTH_ACCESS_TOKEN"],
  },
  Workday: {
    required: ["username", "password", "tenantId"],
    // integrationSystemIds: only on the Create Store (Workday) page; subdomain: only in that page's example body.
    strings: ["host", "integrationSystemIds", "subdomain"],
    booleans: ["excludeContingentWorkers", "excludeEmployees", "excludeInactiveWorkers"],
    secrets: ["password"],
  },
  Zoom: {
    // Create Store (Zoom): AUTHENTICATION_METHOD is optional, and both credential sets are "Required/Optional"
    // depending on it: the four OAUTH_* keys with "OAuth Bearer Token" (the page's example), API_KEY and
    // API_SECRET with "JWT Bearer Token" (the data model's default). Without a method, a credential set that
    // is started must be complete. (The older Update Store page calls API_KEY/API_SECRET plainly "Required";
    // the Create page is newer and is followed.)
    required: ["SCIM_URL"],
    strings: [
      "OAUTH_ACCOUNT_ID",
      "OAUTH_CLIENT_ID",
      "OAUTH_CLIENT_SECRET",
      "OAUTH_TOKEN_URL",
      "API_KEY",
      "API_SECRET",
      "REMOVE_ACTION",
      "AUTHENTICATION_METHOD",
    ],
    booleans: [
      "CREATE_USERS",
      "UPDATE_USERS",
      "DISABLE_USERS",
      "DEPROVISION_USERS",
      "CREATE_USERS_PROV_OPT",
      "UPDATE_USERS_PROV_OPT",
      "REMOVE_USERS_PROV_OPT",
    ],
    secrets: ["OAUTH_CLIENT_SECRET", "API_SECRET"],
    check(c, d) {
      const oauth = ["OAUTH_ACCOUNT_ID", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_TOKEN_URL"];
      const jwt = ["API_KEY", "API_SECRET"];
      const method = c.AUTHENTICATION_METHOD;
      if (method === "OAuth Bearer Token") requireWhen(c, oauth, 'with AUTHENTICATION_METHOD "OAuth Bearer Token"', d);
      else if (method === "JWT Bearer Token") requireWhen(c, jwt, 'with AUTHENTICATION_METHOD "JWT Bearer Token"', d);
      else if (method === undefined) {
        if (oauth.some((k) => c[k] !== undefined)) requireWhen(c, oauth, "together with the other OAuth keys", d);
        if (jwt.some((k) => c[k] !== undefined)) requireWhen(c, jwt, "together with the other JWT key", d);
      }
    },
  },
};

export const TYPE_NAMES = Object.keys(STORE_TYPES);

/** Configuration keys the local API adds to every store with a configuration when the client did not send them. */
export const SERVER_ADDED_KEYS: Record<string, Json> = { freezeAccountOnDeprovisioning: "false" };

export function secretKeysFor(type: string): string[] {
  return STORE_TYPES[type]?.secrets ?? [];
}

/** Every secret key name across all types (for scrubbing logs). */
export const ALL_SECRET_KEYS: string[] = [...new Set(Object.values(STORE_TYPES).flatMap((s) => s?.secrets ?? []))];

export interface StoreInput {
  name: string;
  type: string;
  description?: string;
  image?: { href: string };
  managed?: boolean;
  status?: string;
  url?: string;
  configuration?: JsonObject;
}

export const STORE_STATUSES = ["ACTIVE", "INACTIVE"];

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * What to do with a configuration key the documents do not list for the store's type. `accept` stores it as
 * sent (what the documents imply; see the module comment); `reject` answers 400 INVALID_VALUE naming it.
 */
export type UnknownKeys = "accept" | "reject";
export const UNKNOWN_KEYS_MODES: readonly UnknownKeys[] = ["accept", "reject"];
export const DEFAULT_UNKNOWN_KEYS: UnknownKeys = "accept";

export function isUnknownKeys(value: unknown): value is UnknownKeys {
  return (UNKNOWN_KEYS_MODES as readonly unknown[]).includes(value);
}

export interface ValidationOptions {
  unknownKeys?: UnknownKeys;
}

/**
 * freezeAccountOnDeprovisioning: the overview's data model documents it as a boolean for stores in general,
 * while its reads return the string "false". Both spellings are accepted, for every type with a configuration
 * (this server adds it to every such store).
 */
const BOOLEAN_OR_BOOLEAN_STRING_KEYS = new Set(Object.keys(SERVER_ADDED_KEYS));

/** Validate a store request body. Returns the accepted input or the list of error details. */
export function validateStore(
  body: unknown,
  { unknownKeys = DEFAULT_UNKNOWN_KEYS }: ValidationOptions = {},
): { ok: true; value: StoreInput } | { ok: false; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  if (!isObject(body)) {
    return { ok: false, details: [{ code: "INVALID_VALUE", message: "The request body must be a JSON object" }] };
  }
  const { name, type, description, image, managed, status, url, configuration } = body;
  if (name === undefined || name === null || name === "") {
    details.push({ code: "REQUIRED_VALUE", target: "name", message: "name is required" });
  } else if (typeof name !== "string") {
    details.push({ code: "INVALID_VALUE", target: "name", message: "name must be a string" });
  }
  let spec: TypeSpec | null | undefined;
  if (type === undefined || type === null || type === "") {
    details.push({ code: "REQUIRED_VALUE", target: "type", message: "type is required" });
  } else if (typeof type !== "string" || !Object.hasOwn(STORE_TYPES, type)) {
    details.push({
      code: "INVALID_VALUE",
      target: "type",
      message: `type must be one of (case-sensitive): ${TYPE_NAMES.join(", ")}`,
    });
  } else {
    spec = STORE_TYPES[type];
  }
  if (description !== undefined && description !== null && typeof description !== "string") {
    details.push({ code: "INVALID_VALUE", target: "description", message: "description must be a string" });
  }
  if (image !== undefined && image !== null) {
    if (!isObject(image)) details.push({ code: "INVALID_VALUE", target: "image", message: "image must be an object" });
    else if (image.href !== undefined && typeof image.href !== "string") {
      details.push({ code: "INVALID_VALUE", target: "image.href", message: "image.href must be a string" });
    }
  }
  if (managed !== undefined && managed !== null && typeof managed !== "boolean") {
    details.push({ code: "INVALID_VALUE", target: "managed", message: "managed must be a boolean" });
  }
  if (status !== undefined && status !== null && (typeof status !== "string" || !STORE_STATUSES.includes(status))) {
    details.push({ code: "INVALID_VALUE", target: "status", message: `status must be one of: ${STORE_STATUSES.join(", ")}` });
  }
  if (url !== undefined && url !== null && typeof url !== "string") {
    details.push({ code: "INVALID_VALUE", target: "url", message: "url must be a string" });
  }

  let config: JsonObject | undefined;
  if (spec === null) {
    // directory: no configuration
    if (configuration !== undefined && configuration !== null && !(isObject(configuration) && Object.keys(configuration).length === 0)) {
      details.push({ code: "INVALID_VALUE", target: "configuration", message: "a directory store has no configuration" });
    }
  } else if (spec) {
    if (configuration === undefined || configuration === null) {
      config = {};
    } else if (!isObject(configuration)) {
      details.push({ code: "INVALID_VALUE", target: "configuration", message: "configuration must be an object" });
    } else {
      config = configuration;
    }
    if (config) {
      for (const key of spec.required) {
        const v = config[key];
        if (v === undefined || v === null || v === "") {
          details.push({ code: "REQUIRED_VALUE", target: `configuration.${key}`, message: `${key} is required for type ${String(type)}` });
        }
      }
      for (const key of spec.requiredBooleans ?? []) {
        if (config[key] === undefined || config[key] === null) {
          details.push({ code: "REQUIRED_VALUE", target: `configuration.${key}`, message: `${key} is required for type ${String(type)}` });
        }
      }
      const stringKeys = new Set([...spec.required, ...spec.strings]);
      const boolKeys = new Set([...(spec.requiredBooleans ?? []), ...spec.booleans]);
      for (const [key, v] of Object.entries(config)) {
        if (v === null || v === undefined) continue;
        if (BOOLEAN_OR_BOOLEAN_STRING_KEYS.has(key)) {
          if (typeof v !== "boolean" && v !== "true" && v !== "false") {
            details.push({ code: "INVALID_VALUE", target: `configuration.${key}`, message: `${key} must be a boolean` });
          }
        } else if (!stringKeys.has(key) && !boolKeys.has(key)) {
          if (unknownKeys === "reject") {
            details.push({
              code: "INVALID_VALUE",
              target: `configuration.${key}`,
              message: `${key} is not a configuration key of type ${String(type)}`,
            });
          }
        } else if (boolKeys.has(key) && typeof v !== "boolean") {
          details.push({ code: "INVALID_VALUE", target: `configuration.${key}`, message: `${key} must be a JSON boolean` });
        } else if (stringKeys.has(key) && typeof v !== "string") {
          details.push({ code: "INVALID_VALUE", target: `configuration.${key}`, message: `${key} must be a string` });
        }
      }
      spec.check?.(config, details);
    }
  }
  if (details.length > 0) return { ok: false, details };
  const value: StoreInput = { name: name as string, type: type as string };
  if (typeof description === "string") value.description = description;
  if (isObject(image) && typeof image.href === "string") value.image = { href: image.href };
  if (typeof managed === "boolean") value.managed = managed;
  if (typeof status === "string") value.status = status;
  if (typeof url === "string") value.url = url;
  if (config) {
    const kept: JsonObject = {};
    for (const [k, v] of Object.entries(config)) if (v !== null && v !== undefined) kept[k] = v;
    value.configuration = kept;
  }
  return { ok: true, value };
}
