/**
 * The store-type schemas, exercised through the validator the provider's `check` runs.
 *
 * Table-driven over every store type: the fixtures and every documented example must validate, and
 * each class of mistake (missing required key, wrong JSON type, bad value of a documented enum, misspelled
 * key, miscased type name, deprecated key) must be reported at the right dotted path with a useful sentence.
 * A value a suggestion-only key does not know warns and passes (issue 10).
 */
import {
  booleanKeysOf,
  deprecatedKeysOf,
  replaceOnChangeKeysOf,
  ruleMappingsOf,
  schemaOf,
  secretKeysOf,
  storeTypes,
  type ConfigurationOf,
  type StoreTypeName,
} from "../../provider/store-types";
import type { ldapGatewaySchema } from "../../provider/store-types/LdapGateway/schema";
import type { salesforceContactsSchema } from "../../provider/store-types/SalesforceContacts/schema";
import type { zoomSchema } from "../../provider/store-types/Zoom/schema";
import { knownValuesOf, MAX_STRING_LENGTH } from "../../provider/store-types/schema-kit";
import { validateStore } from "../../provider/store-types/validation";
import { createPropagationStoreProvider, type StoreInputs } from "../../provider/lifecycle";
import {
  fullConfigurations,
  minimalConfigurations,
  SEED_ENVIRONMENT_ID,
  seedExamples,
  type FixtureConfiguration,
} from "../fixtures/store-examples";

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

/**
 * The warning a configuration gets when it leaves out a discriminator whose documented default needs keys
 * it lacks (Zoom without AUTHENTICATION_METHOD, whose default is JWT). Derived from the schema: `default`.
 */
function defaultWarningExpected(type: StoreTypeName, configuration: Record<string, unknown> = {}): boolean {
  const schema = schemaOf(type);
  return (schema.allOf ?? []).some((condition) => {
    const [[discriminator, { const: value }]] = Object.entries(condition.if.properties);
    return (
      configuration[discriminator] === undefined &&
      schema.properties[discriminator]?.default === value &&
      condition.then.required.some((key) => configuration[key] === undefined)
    );
  });
}

/** Warnings that mention `configuration.<key>` (others, such as a default's, are not about that key). */
function warningsAbout(result: ReturnType<typeof validateStore>, key: string): string[] {
  return result.warnings.filter((warning) => warning.startsWith(`configuration.${key} `));
}

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
  test.each(storeTypes)("%s: the minimal body has no failures, and warns only when a documented default lacks its keys", (type) => {
    const result = validateStore(store(type, minimalConfigurations[type]));
    expect(result.failures).toEqual([]);
    expect(result.warnings).toHaveLength(defaultWarningExpected(type, minimalConfigurations[type]) ? 1 : 0);
  });

  test("Zoom without AUTHENTICATION_METHOD: nothing more is required, but the JWT default's missing keys are named", () => {
    const result = validateStore(store("Zoom", { SCIM_URL: "https://api.zoom.us/scim2" }));
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^configuration\.AUTHENTICATION_METHOD is not set, and PingOne's documented default is "JWT Bearer Token", which needs configuration\.API_KEY and configuration\.API_SECRET\./,
      ),
    ]);
    // With the JWT keys present, the default is complete: no warning beyond their deprecation.
    const jwt = validateStore(store("Zoom", { SCIM_URL: "https://api.zoom.us/scim2", API_KEY: "key", API_SECRET: "zoom-S3CRET-jwt-1" }));
    expect(jwt.warnings.filter((w) => w.includes("default"))).toEqual([]);
  });

  test.each(storeTypes)("%s: the full body has no failures and no warnings", (type) => {
    expect(validateStore(store(type, fullConfigurations[type]))).toEqual({ failures: [], warnings: [] });
  });

  test.each(seedExamples.map((example) => [example.source, example] as const))("documented example: %s", (_source, example) => {
    expect(validateStore({ ...example.body })).toEqual({ failures: [], warnings: [] });
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
    [
      "Zoom",
      "AUTHENTICATION_METHOD",
      "OAuth Bearer Token",
      ["OAUTH_ACCOUNT_ID", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_TOKEN_URL"],
    ],
    ["Zoom", "AUTHENTICATION_METHOD", "JWT Bearer Token", ["API_KEY", "API_SECRET"]],
  ];

  test.each(cases)("%s: %s %j requires %j", (type, discriminator, value, keys) => {
    const result = validateStore(store(type, { ...minimal(type), [discriminator]: value }));
    expect(pathsOf(result).sort()).toEqual(keys.map((k) => `configuration.${k}`).sort());
    for (const failure of result.failures) {
      expect(failure.reason).toContain(failure.property);
      expect(failure.reason).toContain(`"${value}"`);
    }
  });

  test("Aquera: OAuth Bearer Token needs no ACCESS_TOKEN (no page says so) but still BASIC_AUTH_* (every page says so)", () => {
    const oauth: FixtureConfiguration = { ...minimal("Aquera"), AUTHENTICATION_METHOD: "OAuth Bearer Token" };
    expect(validateStore(store("Aquera", oauth))).toEqual({ failures: [], warnings: [] });
    const { BASIC_AUTH_USER: _user, BASIC_AUTH_PASSWORD: _password, ...withoutBasic } = oauth;
    expect(pathsOf(validateStore(store("Aquera", withoutBasic))).sort()).toEqual([
      "configuration.BASIC_AUTH_PASSWORD",
      "configuration.BASIC_AUTH_USER",
    ]);
  });

  test("scim: with no credentials required, AUTHENTICATION_METHOD None needs nothing more", () => {
    expect(validateStore(store("scim", { ...minimal("scim"), AUTHENTICATION_METHOD: "None" })).failures).toEqual([]);
  });

  test("scim: a bearer store like the overview's (no BASIC_AUTH_*) is valid", () => {
    const configuration = {
      ...minimal("scim"),
      AUTHENTICATION_METHOD: "OAuth 2 Bearer Token",
      OAUTH_ACCESS_TOKEN: "scim-S3CRET-bearer-91aa",
    };
    expect(validateStore(store("scim", configuration)).failures).toEqual([]);
  });

  test("Zoom: the JWT method validates with API_KEY and API_SECRET, and warns they are deprecated", () => {
    const configuration = {
      ...minimal("Zoom"),
      AUTHENTICATION_METHOD: "JWT Bearer Token",
      API_KEY: "zoom-jwt-key",
      API_SECRET: "zoom-S3CRET-jwt-44e0",
    };
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
    expect(result.failures).toEqual([
      { property: `configuration.${key}`, reason: expect.stringContaining(`configuration.${key} must be a string`) },
    ]);
  });

  test.each(rows)('%s: the string "true" for boolean %s fails at that path', (type, _stringKey, key) => {
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: "true" }));
    expect(result.failures).toEqual([
      { property: `configuration.${key}`, reason: expect.stringContaining(`configuration.${key} must be a boolean`) },
    ]);
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

describe("documented enums are strict", () => {
  const rows = configuredTypes.flatMap((type) =>
    propertiesOf(type)
      .filter(([, p]) => p.enum !== undefined)
      .map(([key, p]) => [type, key, p.enum!] as const),
  );

  test("only a value list a document closes is an enum: LdapGateway's LDAP_TYPE", () => {
    expect(rows.map(([type, key]) => `${type}.${key}`)).toEqual(["LdapGateway.LDAP_TYPE"]);
    for (const [type, key] of rows) expect(schemaOf(type).properties[key]["x-enumSource"]).toMatch(/Create Store/);
  });

  test.each(rows)("%s: a bad %s fails, lists the allowed values and names the document", (type, key, values) => {
    const result = validateStore(store(type, { ...fullConfigurations[type], [key]: "Not A Real Value" }));
    const failure = result.failures.find((f) => f.property === `configuration.${key}`);
    expect(failure).toBeDefined();
    expect(failure!.reason).toContain(`configuration.${key}`);
    for (const value of values) expect(failure!.reason).toContain(JSON.stringify(value));
    expect(failure!.reason).toContain("Source: Create Store");
  });

  test.each(rows)("%s: every documented %s value is accepted", (type, key, values) => {
    for (const value of values) {
      expect(validateStore(store(type, { ...fullConfigurations[type], [key]: value }))).toEqual({ failures: [], warnings: [] });
    }
  });
});

describe("suggestion-only values warn and pass", () => {
  const rows = configuredTypes.flatMap((type) =>
    propertiesOf(type)
      .filter(([, p]) => p["x-suggestions"] !== undefined)
      .map(([key, p]) => [type, key, knownValuesOf(p)] as const),
  );

  test("every key issue 10 names is suggestion-only, with its values' sources written down", () => {
    const named = [
      "Aquera.AUTHENTICATION_METHOD",
      "Aquera.GROUP_NAME_SOURCE",
      "scim.UNIQUE_USER_IDENTIFIER",
      "Slack.UNIQUE_USER_IDENTIFIER",
      "SalesforceContacts.RECORD_TYPE",
      "PingOne.DEFAULT_AUTH_METHOD",
      "PingOne.MFA_USER_DEVICE_MANAGEMENT",
      "PingOne.REGION",
      "ServiceNow.REMOVE_ACTION",
      "Slack.REMOVE_ACTION",
    ];
    expect(rows.map(([type, key]) => `${type}.${key}`)).toEqual(expect.arrayContaining(named));
    for (const [type, key] of rows) {
      const suggestions = schemaOf(type).properties[key]["x-suggestions"]!;
      expect(suggestions.documents.length + suggestions.examples.length).toBeGreaterThan(0);
      expect(suggestions.note.length).toBeGreaterThan(10);
    }
  });

  test.each(rows)("%s: an unknown %s warns, naming the known values, and passes", (type, key, known) => {
    const configuration = { ...fullConfigurations[type], [key]: "Not A Known Value" };
    const result = validateStore(store(type, configuration));
    // Another authentication method may need that method's credentials: judge only this key's failures.
    expect(pathsOf(result)).not.toContain(`configuration.${key}`);
    const warnings = warningsAbout(result, key);
    expect(warnings).toHaveLength(1);
    for (const value of known) expect(warnings[0]).toContain(JSON.stringify(value));
    expect(warnings[0]).toContain("PingOne decides");
  });

  test.each(rows)("%s: every known %s value is accepted without a warning about it", (type, key, known) => {
    for (const value of known) {
      const result = validateStore(store(type, { ...fullConfigurations[type], [key]: value }));
      expect(pathsOf(result)).not.toContain(`configuration.${key}`);
      expect(warningsAbout(result, key)).toEqual([]);
    }
  });

  test("a near miss gets a did-you-mean", () => {
    const result = validateStore(store("scim", { ...minimal("scim"), SCIM_VERSION: "2.O" }));
    expect(result.failures).toEqual([]);
    expect(warningsAbout(result, "SCIM_VERSION")[0]).toContain('Did you mean "2.0"');
  });

  test("ServiceNow and Slack know only Disable as REMOVE_ACTION: Delete warns but is not refused", () => {
    for (const type of ["ServiceNow", "Slack"] as const) {
      const result = validateStore(store(type, { ...minimal(type), REMOVE_ACTION: "Delete" }));
      expect(result.failures).toEqual([]);
      expect(warningsAbout(result, "REMOVE_ACTION")).toEqual([expect.stringContaining('(known: "Disable")')]);
    }
  });

  test("PingOne REGION takes both codes and the names the documented example sends", () => {
    for (const REGION of ["NA", "North America", "SG", "Singapore"]) {
      expect(validateStore(store("PingOne", { ...minimal("PingOne"), REGION }))).toEqual({ failures: [], warnings: [] });
    }
  });

  test("a warning never quotes a long value in full, and a value that failed gets no warning on top", () => {
    const long = validateStore(store("scim", { ...minimal("scim"), SCIM_VERSION: "V".repeat(500) }));
    expect(long.failures).toEqual([]);
    expect(warningsAbout(long, "SCIM_VERSION")[0]).toContain(`"${"V".repeat(60)}…"`);
    expect(warningsAbout(long, "SCIM_VERSION")[0]).not.toContain("V".repeat(61));
    const oversized = validateStore(store("scim", { ...minimal("scim"), SCIM_VERSION: "V".repeat(MAX_STRING_LENGTH + 1) }));
    expect(pathsOf(oversized)).toEqual(["configuration.SCIM_VERSION"]);
    expect(oversized.warnings).toEqual([]);
  });

  test("an empty string is still refused: a suggestion-only key is a non-empty string", () => {
    expect(pathsOf(validateStore(store("Slack", { ...minimal("Slack"), UNIQUE_USER_IDENTIFIER: "" })))).toEqual([
      "configuration.UNIQUE_USER_IDENTIFIER",
    ]);
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

describe("documented fields, and a store pasted from an API response", () => {
  const provider = createPropagationStoreProvider({ settings: { environmentId: SEED_ENVIRONMENT_ID }, warn: () => undefined });

  test("scim accepts freezeAccountOnDeprovisioning, the boolean the overview's data model documents", () => {
    for (const value of [true, false]) {
      expect(validateStore(store("scim", { ...minimal("scim"), freezeAccountOnDeprovisioning: value }))).toEqual({
        failures: [],
        warnings: [],
      });
    }
    // The overview's read returns it as "false"; writing that is a type error that says how to fix it.
    const quoted = validateStore(store("scim", { ...minimal("scim"), freezeAccountOnDeprovisioning: "false" }));
    expect(quoted.failures).toEqual([
      { property: "configuration.freezeAccountOnDeprovisioning", reason: expect.stringContaining("Write false without quotes") },
    ]);
  });

  test("image: {} (as the list response shows a store without an image) passes, and check drops it", async () => {
    expect(validateStore({ ...store("directory"), image: {} })).toEqual({ failures: [], warnings: [] });
    const checked = await provider.check({} as StoreInputs, { ...store("directory"), image: {} } as unknown as StoreInputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).not.toHaveProperty("image");
  });

  test("name and description have no length limit: no document states one", () => {
    const long = "n".repeat(10_000);
    expect(validateStore({ ...store("directory"), name: long, description: long })).toEqual({ failures: [], warnings: [] });
  });

  test("a pasted API response gets ONE message: the read-only fields are named, ignored and can be removed", async () => {
    const body = seedExamples.find((example) => example.source.includes("create identity stores (scim)"))!.body;
    // The documented create response: the request plus everything the server assigned.
    const pasted = {
      ...body,
      id: "407cfeb1-f81b-4ee6-838b-78e24e0ff92b",
      environment: { id: "0d73e3ae-c424-42fd-ad71-9a1c79e90d06" },
      image: { ...body.image, id: "cb933bfe-8282-405a-a780-0a19b97edc02" },
      createdAt: "2023-03-22T19:57:47.771Z",
      updatedAt: "2023-03-22T19:57:47.771Z",
      status: "ACTIVE",
      url: "http://localhost",
      syncStatus: { syncState: "SYNCING" },
      _links: { self: { href: "https://api.pingone.com/v1/environments/x/propagation/stores/y" } },
    };
    const result = validateStore(pasted);
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([
      "id, environment, createdAt, updatedAt, _links, syncStatus, url, image.id are read-only fields of a store as PingOne returns it, " +
        "not arguments: they are ignored and can be removed from the declaration.",
    ]);
    const warned: string[] = [];
    const checking = createPropagationStoreProvider({
      settings: { environmentId: SEED_ENVIRONMENT_ID },
      warn: (message) => warned.push(message),
    });
    const checked = await checking.check({} as StoreInputs, pasted as unknown as StoreInputs);
    expect(checked.failures).toEqual([]);
    expect(warned).toEqual(result.warnings);
    expect(Object.keys(checked.inputs ?? {}).sort()).toEqual([
      "configuration",
      "description",
      "environmentId",
      "image",
      "name",
      "status",
      "type",
    ]);
    expect(checked.inputs?.image).toEqual({ href: body.image!.href });
  });
});

describe("deprecated keys", () => {
  const rows = configuredTypes.flatMap((type) => deprecatedKeysOf(type).map(({ key, replacedBy }) => [type, key, replacedBy!] as const));

  test.each(rows)("%s: %s is accepted with a warning naming %s", (type, key, replacedBy) => {
    const property = schemaOf(type).properties[key];
    const value = property.type === "boolean" ? true : property.writeOnly ? "legacy-S3CRET-value-5150" : "legacy-value";
    const result = validateStore(store(type, { ...minimal(type), [key]: value }));
    expect(result.failures).toEqual([]);
    const warnings = warningsAbout(result, key);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("deprecated");
    expect(warnings[0]).toContain(replacedBy);
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
    expect(pathsOf(result).sort()).toEqual(
      secretKeysOf(type)
        .map((k) => `configuration.${k}`)
        .sort(),
    );
  });
});

describe("schema annotations", () => {
  // The schemas' writeOnly marks are the one declaration of secrets; there is no second list to compare them
  // with here. They are checked against the local API's own list (written from the documents) in
  // test/local-api/validator-vs-schemas.test.ts, and against the keys' names: a credential is a secret.
  test.each(configuredTypes)("%s: every key named like a credential is a secret, and only those", (type) => {
    const credentialLike = propertiesOf(type)
      .filter(([key]) => /(secret|password|token)$/i.test(key))
      .map(([key]) => key);
    expect(secretKeysOf(type).sort()).toEqual(credentialLike.sort());
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

  test("Azure declares DefaultPassword (required) and DoBase64Conversion (optional) as rule mappings, no other type any", () => {
    for (const type of storeTypes) {
      expect(ruleMappingsOf(type)).toEqual(
        type === "AzureActiveDirectorySAML2"
          ? { required: ["DefaultPassword"], optional: ["DoBase64Conversion"] }
          : { required: [], optional: [] },
      );
    }
    // They are rule mappings, not configuration keys: in configuration they are unknown keys.
    const result = validateStore(store("AzureActiveDirectorySAML2", { ...minimal("AzureActiveDirectorySAML2"), DefaultPassword: "x" }));
    expect(pathsOf(result)).toEqual(["configuration.DefaultPassword"]);
  });

  test.each(storeTypes)("%s: the schema's $id names its type", (type) => {
    expect(schemaOf(type).$id).toBe(`pingone-propagation/${type}`);
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
// A suggestion-only key completes its known values but takes any string (issue 10).
const zoomOtherMethod: ConfigurationOf<typeof zoomSchema> = {
  SCIM_URL: "https://api.zoom.us/scim2",
  AUTHENTICATION_METHOD: "Some Future Method",
};
const ldap: ConfigurationOf<typeof ldapGatewaySchema> = {
  CLIENT_ID: "id",
  CLIENT_SECRET: "secret",
  ENVIRONMENT_ID: "env",
  GATEWAY_BASE_URL: "https://api.pingone.com/v1",
  GATEWAY_ID: "gw",
  OAUTH_URL: "https://auth.pingone.com/env/as/token",
  LDAP_TYPE: "PingDirectory",
};
// @ts-expect-error LDAP_TYPE is a documented enum: only its values compile
const ldapBadType: ConfigurationOf<typeof ldapGatewaySchema> = { ...ldap, LDAP_TYPE: "OpenLDAP" };
void [contactsWithoutRecordType, zoomOtherMethod, ldapBadType];
