/**
 * Every store type agrees with its own Create Store page (issue 15), and every documented example body is
 * accepted by the provider's check and by the local API over real HTTP (the local API in `reject` mode, so
 * a key the documents do not list would fail here too).
 *
 * The pages are recorded in test/fixtures/create-pages.ts.
 */
import { schemaOf, secretKeysOf, storeTypes, type StoreTypeName } from "../../provider/store-types";
import type { PropagationStoreProvider, StoreInputs } from "../../provider/lifecycle";
import { requestBodyOf } from "../../provider/lifecycle/store-state";
import { validateStore } from "../../provider/store-types/validation";
import { createPages, createPageExamples, otherDocumentedExamples, type CreatePage } from "../fixtures/create-pages";
import { minimalConfigurations, seedExamples, type SeedExample } from "../fixtures/store-examples";
import { harness, type Harness } from "../local-api/helpers";
import { providerFor } from "../lifecycle/helpers";

function store(type: string, configuration?: Record<string, unknown>): Record<string, unknown> {
  return { type, name: `${type} store`, ...(configuration && { configuration }) };
}

/** A value of the documented JSON type that the key's schema accepts (a URL for URL keys). */
function valueFor(type: StoreTypeName, key: string, documented: "String" | "Boolean"): string | boolean {
  if (documented === "Boolean") return true;
  const property = schemaOf(type).properties[key];
  if (property?.pattern) return "https://create-page.example.com/path";
  if (property?.enum) return property.enum[0];
  return property?.writeOnly ? "create-page-S3CRET-value" : "create-page value";
}

const rows = storeTypes.flatMap((type) =>
  Object.entries(createPages[type].keys).map(([key, [documented, requirement, deprecated]]) => ({
    type,
    key,
    documented,
    requirement,
    deprecated,
  })),
);

describe("each schema agrees with its type's Create Store page", () => {
  test("every type has its page recorded", () => {
    expect(Object.keys(createPages).sort()).toEqual([...storeTypes].sort());
  });

  test.each(rows.map((row) => [row.type, row.key, row.documented, row] as const))(
    "%s: %s, documented %s, is accepted",
    (type, key, documented, row) => {
      const property = schemaOf(type).properties[key];
      expect(property).toBeDefined();
      expect(property.type).toBe(documented === "Boolean" ? "boolean" : "string");
      const result = validateStore(store(type, { ...minimalConfigurations[type], [key]: valueFor(type, key, documented) }));
      // A discriminator set to another value may need that value's keys: judge only this key.
      expect(result.failures.filter((failure) => failure.property === `configuration.${key}`)).toEqual([]);
      if (row.deprecated) expect(property.deprecated).toBe(true);
    },
  );

  /**
   * The one intended exception: scim. Its pages require BASIC_AUTH_* always, but documented examples the API
   * accepted (the overview's bearer store) have none, so the schema drops that requirement and asks instead
   * for the credentials of the chosen AUTHENTICATION_METHOD, which the pages call Optional. Without it a
   * bearer store with no token would pass, and no example contradicts it.
   */
  const requiredUnderConditionDespitePage: Partial<Record<StoreTypeName, string[]>> = {
    scim: ["OAUTH_ACCESS_TOKEN", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"],
  };

  test.each(storeTypes)("%s: the schema requires nothing its Create page calls Optional", (type) => {
    const page: CreatePage = createPages[type];
    const optional = Object.entries(page.keys)
      .filter(([, [, requirement]]) => requirement === "Optional")
      .map(([key]) => key);
    const conditionallyRequired = new Set((schemaOf(type).allOf ?? []).flatMap((condition) => condition.then.required));
    expect(schemaOf(type).required.filter((key) => optional.includes(key))).toEqual([]);
    expect(optional.filter((key) => conditionallyRequired.has(key)).sort()).toEqual(
      [...(requiredUnderConditionDespitePage[type] ?? [])].sort(),
    );
  });

  test.each(storeTypes)("%s: keys the page marks Required/Optional are required under a condition, not always", (type) => {
    const conditional = Object.entries(createPages[type].keys)
      .filter(([, [, requirement]]) => requirement === "Required/Optional")
      .map(([key]) => key);
    const underCondition = new Set((schemaOf(type).allOf ?? []).flatMap((condition) => condition.then.required));
    for (const key of conditional) {
      expect(schemaOf(type).required).not.toContain(key);
      expect(underCondition.has(key)).toBe(true);
    }
  });

  test.each(storeTypes.filter((type) => createPages[type].enumerated))(
    "%s: every value the page enumerates is accepted, and only those",
    (type) => {
      for (const [key, values] of Object.entries(createPages[type].enumerated!)) {
        expect([...(schemaOf(type).properties[key].enum ?? [])].sort()).toEqual([...values].sort());
        for (const value of values)
          expect(validateStore(store(type, { ...minimalConfigurations[type], [key]: value })).failures).toEqual([]);
      }
    },
  );

  test("the two gaps issue 15 found are closed: Azure DEPROVISION_USERS and Zoom AUTHENTICATION_METHOD", () => {
    expect(
      validateStore(store("AzureActiveDirectorySAML2", { ...minimalConfigurations.AzureActiveDirectorySAML2, DEPROVISION_USERS: true })),
    ).toEqual({ failures: [], warnings: [] });
    const oauth = { SCIM_URL: "https://api.zoom.us/scim2", AUTHENTICATION_METHOD: "OAuth Bearer Token" };
    expect(
      validateStore(store("Zoom", oauth))
        .failures.map((f) => f.property)
        .sort(),
    ).toEqual([
      "configuration.OAUTH_ACCOUNT_ID",
      "configuration.OAUTH_CLIENT_ID",
      "configuration.OAUTH_CLIENT_SECRET",
      "configuration.OAUTH_TOKEN_URL",
    ]);
  });
});

const documentedExamples: SeedExample[] = [...seedExamples, ...createPageExamples, ...otherDocumentedExamples];

describe("every documented example body: through check, then over real HTTP to the local API (unknown keys rejected)", () => {
  let h: Harness;
  const warnings: string[] = [];
  let provider: PropagationStoreProvider;

  beforeAll(async () => {
    h = await harness({ unknownKeys: "reject" });
    provider = providerFor(h.api, {}, { warn: (message) => warnings.push(message) });
  });
  afterAll(() => h?.close());

  test("the fixtures cover the seeds, every Create page example the stored pages show, and the Test Connection body", () => {
    expect(documentedExamples.length).toBe(seedExamples.length + createPageExamples.length + otherDocumentedExamples.length);
    expect(createPageExamples.map((example) => example.body.type).sort()).toEqual([
      "Aquera",
      "GitHubEMU",
      "GoogleApps",
      "LdapGateway",
      "Salesforce",
      "ServiceNow",
      "Slack",
      "Workday",
      "Zoom",
      "directory",
    ]);
  });

  test.each(documentedExamples.map((example) => [example.source, example] as const))("%s", async (_source, example) => {
    warnings.length = 0;
    const checked = await provider.check({} as StoreInputs, { ...example.body } as unknown as StoreInputs);
    expect(checked.failures).toEqual([]);
    expect(warnings).toEqual([]);
    // The provider's create: the request body it sends, over HTTP, with the secrets protected.
    const outs = (await provider.create(checked.inputs!)).outs!;
    expect(outs.type).toBe(example.body.type);
    const created = await h.call("GET", `${h.storesUrl}/${outs.storeId}`);
    expect(created.status).toBe(200);
    expect(created.json.configuration ?? {}).toEqual(expect.objectContaining(requestBodyOf(checked.inputs!).configuration ?? {}));
    for (const key of secretKeysOf(example.body.type)) {
      if (example.body.configuration?.[key] !== undefined) expect(outs.configuration?.[key]).toBe(example.body.configuration[key]);
    }
  });
});
