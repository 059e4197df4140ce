/**
 * The store-type schemas, exercised through the validator the provider's `check` runs.
 *
 * Table-driven over every store type: the fixtures and every documented example must validate, and
 * each class of mistake (missing required key, wrong JSON type, bad enum value, misspelled key,
 * miscased type name, deprecated key) must be reported at the right dotted path with a useful sentence.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  booleanKeysOf,
  deprecatedKeysOf,
  replaceOnChangeKeysOf,
  schemaOf,
  secretKeysOf,
  storeTypes,
  type ConfigurationOf,
  type StoreTypeName,
} from "../../provider/store-types";
import type { salesforceContactsSchema } from "../../provider/store-types/SalesforceContacts/schema";
import type { zoomSchema } from "../../provider/store-types/Zoom/schema";
import { validateStore } from "../../provider/store-types/validation";
import { fullConfigurations, minimalConfigurations, seedExamples, type FixtureConfiguration } from "../fixtures/store-examples";

function store(type: string, configuration?: Record<string, unknown>): Record<string, unknown> {
  return configuration === undefined ? { type, name: `${type} store` } : { type, name: `${type} store`, configuration };
}

function minimal(type: StoreTypeName): FixtureConfiguration {
  return { ...minimalConfigurations[type] };
}

function propertiesOf(type: StoreTypeName) {
  return Object.entries(schemaOf(type).properties);
}

const configuredTypes = storeTypes.filter((type) => propertiesOf(type).length > 0);

/** One letter of `key` replaced by another letter of the same case, away from the ends. */
function misspell(key: string): string {
  const index = [...key].findIndex((c, i) => i >= Math.floor(key.length / 2) && /[A-Za-z]/.test(c));
  const c = key[index];
  const replacement = c === c.toUpperCase() ? (c === "Q" ? "X" : "Q") : c === "q" ? "x" : "q";
  return key.slice(0, index) + replacement + key.slice(index + 1);
}

function miscase(type: string): string {
  return type === type.toLowerCase() ? type.toUpperCase() : type.toLowerCase();
}

function pathsOf(result: ReturnType<typeof validateStore>): string[] {
  return result.failures.map((f) => f.property);
}

describe("fixtures cover the schemas", () => {
  test.each(storeTypes)("%s: minimal has exactly the required keys, full every non-deprecated key", (type) => {
    const schema = schemaOf(type);
    const nonDeprecated = propertiesOf(type)
      .filter(([, p]) => p.deprecated !== true)
      .map(([key]) => key);
    expect(Object.keys(minimalConfigurations[type] ?? {}).sort()).toEqual([...schema.required].sort());
    expect(Object.keys(fullConfigurations[type] ?? {}).sort()).toEqual(nonDeprecated.sort());
  });

  test.each(configuredTypes)("%s: fixture secrets, and only secrets, carry S3CRET", (type) => {
    const secrets = secretKeysOf(type);
    for (const [key, value] of Object.entries(fullConfigurations[type] ?? {})) {
      if (secrets.includes(key)) expect(value).toEqual(expect.stringContaining("S3CRET"));
      else expect(String(value)).not.toContain("S3CRET");
    }
  });
});

describe("valid bodies pass", () => {
  test.each(storeTypes)("%s: the minimal body has no failures and no warnings", (type) => {
    expect(validateStore(store(type, minimalConfigurations[type]))).toEqual({ failures: [], warnings: [] });
  });

  test.each(storeTypes)("%s: the full body has no failures and no warnings", (type) => {
    expect(validateStore(store(type, fullConfigurations[type]))).toEqual({ failures: [], warnings: [] });
  });

  test.each(seedExamples.map((example) => [example.source, example] as const))("documented example: %s", (_source, example) => {
    expect(validateStore({ ...example.body }).failures).toEqual([]);
  });

  test("directory also validates with an empty configuration object", () => {
    expect(validateStore(store("directory", {})).failures).toEqual([]);
  });
});

describe("required keys", () => {
  const rows = storeTypes.flatMap((type) => schemaOf(type).required.map((key) => [type, key] as const));

  test.each(rows)("%s: removing %s fails at configuration.<key>", (type, key) => {
    const configuration = minimal(type);
    delete configuration[key];
    const result = validateStore(store(type, configuration));
    const failure = result.failures.find((f) => f.property === `configuration.${key}`);
    expect(failure).toBeDefined();
    expect(failure!.reason).toContain(`configuration.${key}`);
    expect(failure!.reason).toMatch(/required/);
  });

  test.each(configuredTypes.filter((type) => schemaOf(type).required.length > 0))(
    "%s: leaving out configuration altogether fails at configuration",
    (type) => {
      expect(pathsOf(validateStore(store(type)))).toEqual(["configuration"]);
    },
  );

  test("directory: a non-empty configuration fails", () => {
    expect(pathsOf(validateStore(store("directory", { SCIM_URL: "https://x.example.com" })))).toEqual(["configuration"]);
  });
});

describe("conditional requirements", () => {
  const cases: Array<[StoreTypeName, string, string, string[]]> = [
    ["scim", "AUTHENTICATION_METHOD", "Basic Authentication", ["BASIC_AUTH_USER", "BASIC_AUTH_PASSWORD"]],
    ["scim", "AUTHENTICATION_METHOD", "OAuth 2 Bearer Token", ["OAUTH_ACCESS_TOKEN"]],
    ["scim", "AUTHENTICATION_METHOD", "OAuth 2 Client Credentials", ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]],
    ["Zoom", "AUTHENTICATION_METHOD", "OAuth Bearer Token", ["OAUTH_ACCOUNT_ID", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_TOKEN_URL"]],
    ["Zoom", "AUTHENTICATION_METHOD", "JWT Bearer Token", ["API_KEY", "API_SECRET"]],
    ["Aquera", "AUTHENTICATION_METHOD", "OAuth Bearer Token", ["ACCESS_TOKEN"]],
  ];

  test.each(cases)("%s: %s %j requires %j", (type, discriminator, value, keys) => {
    const result = validateStore(store(type, { ...minimal(type), [discriminator]: value }));
    expect(pathsOf(result).sort()).toEqual(keys.map((k) => `configuration.${k}`).sort());
    for (const failure of result.failures) {
      expect(failure.reason).toContain(failure.property);
      expect(failure.reason).toContain(`"${value}"`);
    }
  });

  test("scim: with no credentials required, AUTHENTICATION_METHOD None needs nothing more", () => {
    expect(validateStore(store("scim", { ...minimal("scim"), AUTHENTICATION_METHOD: "None" })).failures).toEqual([]);
  });

  test("scim: a bearer store like the overview's (no BASIC_AUTH_*) is valid", () => {
    const configuration = { ...minimal("scim"), AUTHENTICATION_METHOD: "OAuth 2 Bearer Token", OAUTH_ACCESS_TOKEN: "scim-S3CRET-bearer-91aa" };
    expect(validateStore(store("scim", configuration)).failures).toEqual([]);
  });

  test("Zoom: the JWT method validates with API_KEY and API_SECRET, and warns they are deprecated", () => {
    const configuration = { ...minimal("Zoom"), AUTHENTICATION_METHOD: "JWT Bearer Token", API_KEY: "zoom-jwt-key", API_SECRET: "zoom-S3CRET-jwt-44e0" };
    const result = validateStore(store("Zoom", configuration));
    expect(result.failures).toEqual([]);
    expect(result.warnings).toHaveLength(2);
  });
});

describe("wrong JSON types", () => {
  const rows = configuredTypes.map((type) => {
    const properties = propertiesOf(type).filter(([, p]) => p.deprecated !== true);
    return [type, properties.find(([, p]) => p.type === "string")![0], properties.find(([, p]) => p.type === "boolean")![0]] as const;
  });

  test.each(rows)("%s: a number for %s fails at that path", (type, key) => {
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: 42 }));
    // Exactly one failure, the wrong type, even for an enum key.
    expect(result.failures).toEqual([{ property: `configuration.${key}`, reason: expect.stringContaining(`configuration.${key} must be a string`) }]);
  });

  test.each(rows)("%s: the string \"true\" for boolean %s fails at that path", (type, _stringKey, key) => {
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: "true" }));
    expect(result.failures).toEqual([{ property: `configuration.${key}`, reason: expect.stringContaining(`configuration.${key} must be a boolean`) }]);
  });

  test.each(configuredTypes)("%s: an empty string fails at its path", (type) => {
    const [key] = propertiesOf(type).find(([, p]) => p.type === "string" && p.enum === undefined)!;
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: "" }));
    // Exactly one failure, even for a URL key that is also not a URL.
    expect(result.failures).toEqual([{ property: `configuration.${key}`, reason: expect.stringContaining("must not be empty") }]);
  });

  const urlRows = configuredTypes.flatMap((type) =>
    propertiesOf(type)
      .filter(([, p]) => p.pattern !== undefined)
      .map(([key]) => [type, key] as const),
  );
  test.each(urlRows)("%s: %s must be an http(s) URL", (type, key) => {
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: "scim.example.com/v2" }));
    expect(result.failures).toEqual([{ property: `configuration.${key}`, reason: expect.stringMatching(/URL/) }]);
  });
});

describe("enums", () => {
  const rows = configuredTypes.flatMap((type) =>
    propertiesOf(type)
      .filter(([, p]) => p.enum !== undefined)
      .map(([key, p]) => [type, key, p.enum!] as const),
  );

  test.each(rows)("%s: a bad %s fails and lists the allowed values", (type, key, values) => {
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: "Not A Real Value" }));
    const failure = result.failures.find((f) => f.property === `configuration.${key}`);
    expect(failure).toBeDefined();
    expect(failure!.reason).toContain(`configuration.${key}`);
    for (const value of values) expect(failure!.reason).toContain(JSON.stringify(value));
  });

  test.each(rows)("%s: every documented %s value is accepted", (type, key, values) => {
    for (const value of values) {
      const configuration = { ...fullConfigurations[type], [key]: value };
      // Choosing another authentication method may need that method's credentials: judge only this key.
      expect(pathsOf(validateStore(store(type, configuration)))).not.toContain(`configuration.${key}`);
    }
  });

  test("ServiceNow and Slack accept only Disable as REMOVE_ACTION", () => {
    for (const type of ["ServiceNow", "Slack"] as const) {
      expect(pathsOf(validateStore(store(type, { ...minimal(type), REMOVE_ACTION: "Delete" })))).toEqual(["configuration.REMOVE_ACTION"]);
    }
  });

  test("PingOne REGION takes both codes and the names the documented example sends", () => {
    for (const REGION of ["NA", "North America", "SG", "Singapore"]) {
      expect(validateStore(store("PingOne", { ...minimal("PingOne"), REGION })).failures).toEqual([]);
    }
  });

  test("PERMISSION_SET_MANAGEMENT is free text", () => {
    expect(validateStore(store("Salesforce", { ...minimal("Salesforce"), PERMISSION_SET_MANAGEMENT: "Overwrite permission sets" })).failures).toEqual([]);
  });
});

describe("unknown keys and type names", () => {
  const rows = configuredTypes.map((type) => [type, propertiesOf(type)[0][0]] as const);

  test.each(rows)("%s: %s with one letter changed is rejected with a suggestion", (type, key) => {
    const wrong = misspell(key);
    const result = validateStore(store(type, { ...minimal(type), [wrong]: "x" }));
    expect(result.failures).toEqual([{ property: `configuration.${wrong}`, reason: expect.stringContaining(`Did you mean ${key}`) }]);
    expect(result.failures[0].reason).toContain(`configuration.${wrong}`);
  });

  test.each(rows)("%s: %s in the wrong case is rejected and the exact spelling suggested", (type, key) => {
    const wrong = miscase(key) === key ? key.toLowerCase() : miscase(key);
    const configuration = minimal(type);
    const value = configuration[key] ?? "x";
    delete configuration[key];
    const result = validateStore(store(type, { ...configuration, [wrong]: value }));
    const failure = result.failures.find((f) => f.property === `configuration.${wrong}`);
    expect(failure?.reason).toContain(`Did you mean ${key}?`);
  });

  test.each(storeTypes.map((type) => [miscase(type), type] as const))("type %s is rejected and %s suggested", (wrong, type) => {
    const result = validateStore(store(wrong, minimalConfigurations[type]));
    expect(result.failures).toEqual([{ property: "type", reason: expect.stringContaining(`Did you mean "${type}"`) }]);
    expect(result.failures[0].reason).toContain("type");
  });

  test("a missing type fails at type", () => {
    expect(pathsOf(validateStore({ name: "no type" }))).toEqual(["type"]);
  });
});

describe("deprecated keys", () => {
  const rows = configuredTypes.flatMap((type) => deprecatedKeysOf(type).map(({ key, replacedBy }) => [type, key, replacedBy!] as const));

  test.each(rows)("%s: %s is accepted with a warning naming %s", (type, key, replacedBy) => {
    const property = schemaOf(type).properties[key];
    const value = property.type === "boolean" ? true : property.writeOnly ? "legacy-S3CRET-value-5150" : "legacy-value";
    const result = validateStore(store(type, { ...minimal(type), [key]: value }));
    expect(result.failures).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(`configuration.${key}`);
    expect(result.warnings[0]).toContain(replacedBy);
  });

  test.each(rows)("%s: the successor of %s, %s, is itself a current key", (type, _key, replacedBy) => {
    expect(schemaOf(type).properties[replacedBy]).toBeDefined();
    expect(schemaOf(type).properties[replacedBy].deprecated).not.toBe(true);
  });
});

describe("secrets are never echoed", () => {
  test.each(configuredTypes)("%s: failures about secret keys do not show their values", (type) => {
    const configuration: Record<string, unknown> = { ...fullConfigurations[type] };
    for (const key of secretKeysOf(type)) configuration[key] = `${configuration[key]}\nnot valid`.padEnd(9000, "S3CRET");
    const result = validateStore(store(type, configuration));
    expect(JSON.stringify(result)).not.toContain("S3CRET");
    expect(pathsOf(result).sort()).toEqual(secretKeysOf(type).map((k) => `configuration.${k}`).sort());
  });
});

describe("schema annotations", () => {
  const expectedSecrets: Record<StoreTypeName, string[]> = {
    Aquera: ["BASIC_AUTH_PASSWORD", "ACCESS_TOKEN"],
    AzureActiveDirectorySAML2: ["ClientSecret"],
    directory: [],
    GitHubEMU: ["OAUTH_ACCESS_TOKEN"],
    GoogleApps: ["OAUTH_CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
    LdapGateway: ["CLIENT_SECRET"],
    PingOne: ["CLIENT_SECRET"],
    Salesforce: ["CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
    SalesforceContacts: ["CLIENT_SECRET", "OAUTH_ACCESS_TOKEN", "OAUTH_REFRESH_TOKEN"],
    scim: ["BASIC_AUTH_PASSWORD", "OAUTH_ACCESS_TOKEN", "OAUTH_CLIENT_SECRET"],
    ServiceNow: ["Administrator_Password"],
    Slack: ["OAUTH_ACCESS_TOKEN"],
    Workday: ["password"],
    Zoom: ["OAUTH_CLIENT_SECRET", "API_SECRET"],
  };

  test.each(storeTypes)("secretKeysOf(%s)", (type) => {
    expect(secretKeysOf(type).sort()).toEqual([...expectedSecrets[type]].sort());
  });

  const expectedDeprecations: Record<StoreTypeName, Record<string, string>> = {
    Aquera: { createNewUsers: "CREATE_USERS", updateNewUsers: "UPDATE_USERS", disableNewUsers: "DISABLE_USERS" },
    AzureActiveDirectorySAML2: {
      CREATE_NEW_USERS: "CREATE_USERS",
      UPDATE_NEW_USERS: "UPDATE_USERS",
      REMOVE_USERS_PROV_OPT: "REMOVE_ACTION",
      DEPROVISION_USER_ACTION_PROV_OPT: "REMOVE_ACTION",
    },
    directory: {},
    GitHubEMU: { CREATE_USERS_PROV_OPT: "CREATE_USERS", UPDATE_USERS_PROV_OPT: "UPDATE_USERS", REMOVE_USERS_PROV_OPT: "DEPROVISION_USERS" },
    GoogleApps: {},
    LdapGateway: {},
    PingOne: { CREATE_USERS_PROV_OPT: "CREATE_USERS", UPDATE_USERS_PROV_OPT: "UPDATE_USERS", REMOVE_USERS_PROV_OPT: "REMOVE_ACTION" },
    Salesforce: { CREATE_NEW_USERS: "CREATE_USERS", UPDATE_NEW_USERS: "UPDATE_USERS" },
    SalesforceContacts: { CREATE_NEW_USERS: "CREATE_USERS", UPDATE_NEW_USERS: "UPDATE_USERS" },
    scim: { createNewUsers: "CREATE_USERS", updateNewUsers: "UPDATE_USERS", disableNewUsers: "DISABLE_USERS" },
    ServiceNow: {
      ServiceNow_Instance_Name: "ServiceNow_Url",
      createNewUsers: "CREATE_USERS",
      updateNewUsers: "UPDATE_USERS",
      disableNewUsers: "DISABLE_USERS",
    },
    Slack: { CREATE_USERS_PROV_OPT: "CREATE_USERS", UPDATE_USERS_PROV_OPT: "UPDATE_USERS", REMOVE_USERS_PROV_OPT: "DEPROVISION_USERS" },
    Workday: {},
    Zoom: {
      API_KEY: "OAUTH_CLIENT_ID",
      API_SECRET: "OAUTH_CLIENT_SECRET",
      CREATE_USERS_PROV_OPT: "CREATE_USERS",
      UPDATE_USERS_PROV_OPT: "UPDATE_USERS",
      REMOVE_USERS_PROV_OPT: "DEPROVISION_USERS",
    },
  };

  test.each(storeTypes)("deprecatedKeysOf(%s)", (type) => {
    expect(Object.fromEntries(deprecatedKeysOf(type).map(({ key, replacedBy }) => [key, replacedBy]))).toEqual(expectedDeprecations[type]);
  });

  test.each(storeTypes)("replaceOnChangeKeysOf(%s)", (type) => {
    expect(replaceOnChangeKeysOf(type)).toEqual(type === "scim" ? ["UNIQUE_USER_IDENTIFIER"] : []);
  });

  test.each(["SCIM", "salesforce", ""])("an unknown type %j has no special keys, so callers need no guard", (type) => {
    expect([secretKeysOf(type), deprecatedKeysOf(type), replaceOnChangeKeysOf(type), booleanKeysOf(type)]).toEqual([[], [], [], []]);
  });

  test("SalesforceContacts is Salesforce plus RECORD_TYPE", () => {
    expect(Object.keys(schemaOf("SalesforceContacts").properties).sort()).toEqual(
      [...Object.keys(schemaOf("Salesforce").properties), "RECORD_TYPE"].sort(),
    );
    expect([...schemaOf("SalesforceContacts").required].sort()).toEqual([...schemaOf("Salesforce").required, "RECORD_TYPE"].sort());
  });

  test.each(storeTypes)("%s: the schema's $id names its type", (type) => {
    expect(schemaOf(type).$id).toBe(`pingone-propagation/${type}`);
  });
});

describe("README examples", () => {
  /** The arguments of the README's `new PropagationStore(...)` example, secrets replaced by samples. */
  function readmeExample(type: StoreTypeName): Record<string, unknown> {
    const readme = readFileSync(resolve(__dirname, "../../provider/store-types", type, "README.md"), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1];
    const args = /new PropagationStore\("[^"]*", ([\s\S]*?)\);\n/.exec(code)![1];
    return new Function(`return (${args.replace(/config\.requireSecret\("(\w+)"\)/g, '"readme-S3CRET-$1"')});`)();
  }

  test.each(storeTypes)("%s: the README example validates", (type) => {
    const args = readmeExample(type);
    expect(args.type).toBe(type);
    expect(validateStore(args)).toEqual({ failures: [], warnings: [] });
  });

  test.each(configuredTypes)("%s: every key of the schema is in the README's table", (type) => {
    const readme = readFileSync(resolve(__dirname, "../../provider/store-types", type, "README.md"), "utf8");
    for (const key of Object.keys(schemaOf(type).properties)) expect(readme).toContain(`| \`${key}\` |`);
  });
});

// Compile-time checks (tsc): the derived configuration types follow the schemas.
const contacts: ConfigurationOf<typeof salesforceContactsSchema> = {
  CLIENT_ID: "id",
  CLIENT_SECRET: "secret",
  OAUTH_ACCESS_TOKEN: "access",
  OAUTH_REFRESH_TOKEN: "refresh",
  SALESFORCE_DOMAIN: "example.my.salesforce.com",
  PERMISSION_SET_MANAGEMENT: "Merge with permission sets in Salesforce",
  FREEZE_USER_FLAG: false,
  RECORD_TYPE: "Lead",
};
// @ts-expect-error RECORD_TYPE is required on SalesforceContacts
const contactsWithoutRecordType: ConfigurationOf<typeof salesforceContactsSchema> = { ...contacts, RECORD_TYPE: undefined };
// @ts-expect-error Zoom AUTHENTICATION_METHOD is an enum
const zoomBadMethod: ConfigurationOf<typeof zoomSchema> = { SCIM_URL: "https://api.zoom.us/scim2", AUTHENTICATION_METHOD: "Basic" };
void [contactsWithoutRecordType, zoomBadMethod];
