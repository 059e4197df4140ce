/**
 * Bad input never reaches PingOne. Every case for every store type through the provider's `check`, and a
 * representative subset through the real engine's preview.
 *
 * What the engine does with check failures (Pulumi v3.255, found by the first test below): every failure
 * of ONE resource is reported (one line per property), but the preview stops at the first resource whose
 * check fails, so the failures of other resources in the same program are not reported in that preview.
 * Hence: one engine preview per representative bad resource, each resource carrying many defects at once,
 * and every case of every type at the provider level.
 */
import { startLocalApi, type LocalApi, type RequestLogEntry } from "../../local-api";
import { schemaOf, secretKeysOf, storeTypes, type StoreTypeName } from "../../provider/store-types";
import { knownValuesOf, MAX_STRING_LENGTH } from "../../provider/store-types/schema-kit";
import { createPropagationStoreProvider, type StoreInputs } from "../../provider/lifecycle";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { declarationFor, leakedSecrets, openStack, writesIn, type E2eStack } from "../e2e/harness";
import { tempDir } from "../local-api/helpers";
import { distinctiveSecret, quiet, STORE_TOKEN } from "./helpers";

jest.setTimeout(600_000);

interface BadCase {
  type: StoreTypeName;
  kind: string;
  args: Record<string, unknown>;
  /** The property path the failure must name. */
  path: string;
  /** Text the reason must contain besides the path (for example the key a misspelling meant). */
  mentions?: string;
}

const SECRETS = new Map<StoreTypeName, string>();

function validArgs(type: StoreTypeName): Record<string, unknown> {
  const base = fullConfigurations[type] ?? minimalConfigurations[type];
  const configuration = base && { ...base };
  if (configuration) {
    for (const key of secretKeysOf(type)) {
      if (typeof configuration[key] !== "string") continue;
      SECRETS.set(type, SECRETS.get(type) ?? distinctiveSecret(`bad-input-${type}`));
      configuration[key] = SECRETS.get(type)!;
    }
  }
  return {
    type,
    name: `${type} bad input`,
    environmentId: "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90",
    ...(configuration && { configuration }),
  };
}

const withConfig = (type: StoreTypeName, change: (c: Record<string, unknown>) => void) => {
  const args = validArgs(type);
  const configuration = { ...(args.configuration as Record<string, unknown>) };
  change(configuration);
  return { ...args, configuration };
};

/** A misspelling a person makes: two neighbouring letters swapped. */
function misspell(key: string): string {
  const i = Math.max(1, Math.floor(key.length / 2) - 1);
  const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
  return swapped === key ? `${key}S` : swapped;
}

function casesFor(type: StoreTypeName): BadCase[] {
  const schema = schemaOf(type);
  const props = Object.entries(schema.properties).filter(([, p]) => !p.deprecated);
  const present = Object.keys((validArgs(type).configuration as Record<string, unknown>) ?? {});
  const stringKey = props.find(([k, p]) => p.type === "string" && !p.enum && !p.pattern && present.includes(k))?.[0];
  const booleanKey = props.find(([k, p]) => p.type === "boolean" && present.includes(k))?.[0];
  const enumKey = props.find(([, p]) => p.enum)?.[0];
  const urlKey = props.find(([, p]) => p.pattern)?.[0];
  const cases: BadCase[] = [
    // Top-level arguments apply to every type, `directory` included.
    { type, kind: "missing required argument (name)", args: (({ name: _n, ...rest }) => rest)(validArgs(type)), path: "name" },
    { type, kind: "wrong JSON type (name: number)", args: { ...validArgs(type), name: 42 }, path: "name" },
    { type, kind: "empty string (name)", args: { ...validArgs(type), name: "" }, path: "name" },
    { type, kind: "unknown argument", args: { ...validArgs(type), colour: "blue" }, path: "colour" },
    { type, kind: "misspelled argument", args: { ...validArgs(type), descripton: "typo" }, path: "descripton", mentions: "description" },
    {
      type,
      kind: "wrongly cased type",
      args: { ...validArgs(type), type: type === type.toUpperCase() ? type.toLowerCase() : type.toUpperCase() },
      path: "type",
      mentions: `"${type}"`,
    },
    { type, kind: "non-object configuration", args: { ...validArgs(type), configuration: "SCIM_URL=https://x" }, path: "configuration" },
  ];
  if (present.length === 0) {
    cases.push({
      type,
      kind: "unknown key (a configuration on a type without one)",
      args: { ...validArgs(type), configuration: { NOT_A_KEY: "x" } },
      path: "configuration",
    });
    return cases;
  }
  const required = schema.required[0];
  if (required)
    cases.push({
      type,
      kind: `missing required key ${required}`,
      args: withConfig(type, (c) => delete c[required]),
      path: `configuration.${required}`,
    });
  if (stringKey) {
    cases.push({
      type,
      kind: `wrong JSON type (${stringKey}: number)`,
      args: withConfig(type, (c) => (c[stringKey] = 8080)),
      path: `configuration.${stringKey}`,
    });
    cases.push({
      type,
      kind: `empty string (${stringKey})`,
      args: withConfig(type, (c) => (c[stringKey] = "")),
      path: `configuration.${stringKey}`,
    });
    cases.push({
      type,
      kind: `oversized string (${stringKey})`,
      args: withConfig(type, (c) => (c[stringKey] = "x".repeat(MAX_STRING_LENGTH + 1))),
      path: `configuration.${stringKey}`,
    });
  }
  if (booleanKey)
    cases.push({
      type,
      kind: `wrong JSON type (${booleanKey}: array)`,
      args: withConfig(type, (c) => (c[booleanKey] = ["yes"])),
      path: `configuration.${booleanKey}`,
    });
  cases.push({ type, kind: "unknown key", args: withConfig(type, (c) => (c.NOT_A_REAL_KEY = "x")), path: "configuration.NOT_A_REAL_KEY" });
  const toMisspell = required ?? present[0];
  cases.push({
    type,
    kind: `misspelled key (${toMisspell})`,
    args: withConfig(type, (c) => {
      c[misspell(toMisspell)] = c[toMisspell] ?? "x";
      delete c[toMisspell];
    }),
    path: `configuration.${misspell(toMisspell)}`,
    mentions: toMisspell,
  });
  // Only a documented enum refuses a value; a suggestion-only key warns instead (see "not errors" below).
  if (enumKey)
    cases.push({
      type,
      kind: `bad enum value (${enumKey})`,
      args: withConfig(type, (c) => (c[enumKey] = "Not A Choice")),
      path: `configuration.${enumKey}`,
    });
  if (urlKey)
    cases.push({
      type,
      kind: `non-URL (${urlKey})`,
      args: withConfig(type, (c) => (c[urlKey] = "scim.example.com without a scheme")),
      path: `configuration.${urlKey}`,
    });
  return cases;
}

const allCases = storeTypes.flatMap(casesFor);

/** Values that are not errors (issue 10): a suggestion-only key's unknown value warns and is sent as written. */
const notErrors = storeTypes.flatMap((type) =>
  Object.entries(schemaOf(type).properties)
    .filter(([, property]) => knownValuesOf(property).length > 0)
    .slice(0, 1)
    .map(([key]) => ({ type, key, args: withConfig(type, (c) => (c[key] = "Some Value PingOne Added Later")) })),
);

describe("every bad input of every type, at the provider's check", () => {
  // A provider that could really call the API: if check ever did, the local API's request log would show it.
  let api: LocalApi;
  let provider: ReturnType<typeof createPropagationStoreProvider>;
  const providerFor = (server: LocalApi, warn: (message: string) => void = () => undefined) =>
    createPropagationStoreProvider({
      settings: {
        apiHostname: server.url,
        authHostname: server.url,
        clientId: server.clientId,
        clientSecret: server.clientSecret,
        environmentId: server.environmentIds[0],
      },
      warn,
    });
  const requestLog = async () => (await (await fetch(`${api.url}/__admin/requests`)).json()) as RequestLogEntry[];

  beforeAll(async () => {
    api = await startLocalApi({ dataDir: tempDir(), unknownKeys: "reject" });
    provider = providerFor(api);
  });
  afterAll(() => api?.close());

  test("the matrix covers every kind the issue lists, for every type that has it", () => {
    const kinds = (pattern: RegExp) => new Set(allCases.filter((c) => pattern.test(c.kind)).map((c) => c.type));
    expect(kinds(/^missing required/).size).toBe(storeTypes.length);
    expect(kinds(/^wrong JSON type/).size).toBe(storeTypes.length);
    expect(kinds(/^empty string/).size).toBe(storeTypes.length);
    expect(kinds(/^unknown/).size).toBe(storeTypes.length);
    expect(kinds(/^misspelled/).size).toBe(storeTypes.length);
    expect(kinds(/^wrongly cased type/).size).toBe(storeTypes.length);
    expect(kinds(/^non-object configuration/).size).toBe(storeTypes.length);
    const withEnums = storeTypes.filter((t) => Object.values(schemaOf(t).properties).some((p) => p.enum));
    const withUrls = storeTypes.filter((t) => Object.values(schemaOf(t).properties).some((p) => p.pattern));
    expect(kinds(/^bad enum/)).toEqual(new Set(withEnums));
    expect(kinds(/^non-URL/)).toEqual(new Set(withUrls));
    expect(kinds(/^oversized/).size).toBe(storeTypes.length - 1); // all but directory, which has no configuration
    expect(allCases.length).toBeGreaterThan(150);
  });

  test.each(allCases.map((c) => [c.type, c.kind, c] as const))("%s: %s", async (_type, _kind, c) => {
    const failures = (await provider.check({} as StoreInputs, c.args as unknown as StoreInputs)).failures ?? [];
    const failure = failures.find((f) => f.property === c.path);
    expect({ failures, wanted: c.path }).toEqual({
      failures: expect.arrayContaining([expect.objectContaining({ property: c.path })]),
      wanted: c.path,
    });
    expect(failure!.reason.length).toBeGreaterThan(20);
    expect(failure!.reason).toContain(c.path.split(".").pop()!.slice(0, 60));
    if (c.mentions) expect(failure!.reason).toContain(c.mentions);
    expect(failure!.reason.length).toBeLessThan(2_000); // an oversized value is never echoed
    expect(leakedSecrets(JSON.stringify(failures), SECRETS.values())).toEqual([]);
  });

  test.each(notErrors.map((c) => [c.type, c.key, c] as const))(
    "%s: an unknown %s is not an error: one warning, no failure",
    async (_type, key, c) => {
      const warnings: string[] = [];
      const result = await providerFor(api, (message) => warnings.push(message)).check({} as StoreInputs, c.args as unknown as StoreInputs);
      expect(result.failures).toEqual([]);
      expect(warnings).toEqual([expect.stringContaining(`configuration.${key} is "Some Value PingOne Added Later"`)]);
    },
  );

  test("check made no API call at all, whatever ran before (the instruments are proven to see a call)", async () => {
    // Its own provider and every case run here, so the test proves what it says even when run alone.
    const fresh = providerFor(api);
    for (const c of [...allCases, ...notErrors]) await fresh.check({} as StoreInputs, c.args as unknown as StoreInputs);
    expect(fresh.stats).toBeUndefined();
    expect(await requestLog()).toEqual([]);
    // The same provider and log do see a real call: a refresh of a managed store that no longer exists (a
    // managed store's state lists its declared properties; without them, read takes it for a `get`).
    const missing = "00000000-0000-4000-8000-000000000000";
    await fresh.read(missing, {
      type: "directory",
      name: "probe",
      environmentId: api.environmentIds[0],
      storeId: missing,
      declaredProperties: [],
    } as never);
    expect(fresh.stats).toBeDefined();
    expect((await requestLog()).filter((entry) => entry.path.startsWith("/v1/")).length).toBeGreaterThan(0);
  });
});

describe("bad input under the real engine's preview", () => {
  let e2e: E2eStack;
  let stateBefore: string;
  const good = declarationFor("Slack", "good");
  const secret = distinctiveSecret("engine-bad-input");
  const errors: string[] = [];

  beforeAll(async () => {
    e2e = await openStack("reliability-bad-input");
    await e2e.declare([good.declaration], good.secrets);
    await e2e.stack.up(quiet);
    stateBefore = await stores();
    await e2e.clearRequests();
  });
  afterAll(async () => {
    try {
      // Nothing any bad preview said may carry a secret.
      expect(leakedSecrets(errors.join("\n"), [secret, ...Object.values(good.secrets)])).toEqual([]);
      await e2e?.stack.destroy(quiet);
    } finally {
      await e2e?.close();
    }
  });

  /** The stores in state, as a string (the default provider's inputs may change: they carry config). */
  const stores = async () =>
    JSON.stringify(
      ((await e2e.stack.exportStack()).deployment.resources as any[])
        .filter((r) => r.type === STORE_TOKEN)
        .map((r) => [r.urn, r.id, r.outputs]),
    );

  async function previewFails(bad: Record<string, unknown>, secrets: Record<string, string>): Promise<string> {
    await e2e.declare([good.declaration, { logicalName: "bad", args: bad }], secrets);
    const error = (await e2e.stack.preview().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error | undefined;
    expect(error).toBeDefined();
    errors.push(String(error!.message));
    return String(error!.message);
  }

  afterEach(async () => {
    // Zero writes reached the API, and the stack is exactly as it was.
    expect(writesIn(await e2e.requests())).toEqual([]);
    expect(await stores()).toBe(stateBefore);
  });

  test("the engine stops at the first resource whose check fails: one bad resource reported per preview", async () => {
    const bads = (["Aquera", "GitHubEMU", "ServiceNow"] as const).map((type, i) => {
      const part = declarationFor(type, `bad-${i}`);
      (part.declaration.args.configuration as Record<string, unknown>).NOT_A_REAL_KEY = "x";
      return part;
    });
    await e2e.declare([good.declaration, ...bads.map((b) => b.declaration)], Object.assign({}, ...bads.map((b) => b.secrets)));
    const error = (await e2e.stack.preview().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    errors.push(String(error.message));
    const reported = new Set(
      [...String(error.message).matchAll(/resource '(bad-\d)': property configuration\.NOT_A_REAL_KEY/g)].map((m) => m[1]),
    );
    expect(reported.size).toBe(1);
  });

  test("one scim store with eight defects: each is named by its path, in one preview", async () => {
    const { declaration, secrets } = declarationFor("scim", "bad");
    const configuration = declaration.args.configuration as Record<string, unknown>;
    delete configuration.SCIM_VERSION; // missing required key
    configuration.USERS_RESOURCE = 42; // wrong JSON type
    configuration.USER_FILTER = ""; // empty string
    configuration.NOT_A_REAL_KEY = "x"; // unknown key
    configuration.GROUPS_RESORUCE = "/Groups"; // misspelled key
    configuration.UPDATE_USERS = "true"; // a boolean written as a string
    configuration.OAUTH_TOKEN_REQUEST = "auth.example.com/token"; // not a URL
    configuration.AUTHORIZATION_TYPE = "B".repeat(MAX_STRING_LENGTH + 1); // oversized
    configuration.BASIC_AUTH_PASSWORD = secret;
    const message = await previewFails(declaration.args, { ...secrets });
    for (const path of [
      "configuration.SCIM_VERSION",
      "configuration.USERS_RESOURCE",
      "configuration.USER_FILTER",
      "configuration.NOT_A_REAL_KEY",
      "configuration.GROUPS_RESORUCE",
      "configuration.UPDATE_USERS",
      "configuration.OAUTH_TOKEN_REQUEST",
      "configuration.AUTHORIZATION_TYPE",
    ]) {
      expect(message).toMatch(new RegExp(`resource 'bad': property ${path.replace(".", "\\.")} value .* has a problem: `));
    }
    expect(message).toMatch(/GROUPS_RESOURCE/); // the did-you-mean
    expect(message).not.toContain("B".repeat(200)); // the oversized value is not echoed
  });

  test("a wrongly cased type is named, with the right spelling", async () => {
    const { declaration, secrets } = declarationFor("PingOne", "bad", { type: "Pingone" });
    const message = await previewFails(declaration.args, secrets);
    expect(message).toMatch(
      /resource 'bad': property type value .* has a problem: type "Pingone" is not a PingOne store type\. Did you mean "PingOne"\?/,
    );
  });

  test("a non-object configuration is refused at preview", async () => {
    // Workday has a secret key, so this also proves the resource passes a non-object through unmarked.
    const message = await previewFails({ type: "Workday", name: "bad workday", configuration: "tenantId=acme" }, {});
    expect(message).toMatch(
      /resource 'bad': property configuration value .* has a problem: configuration must be an object of Workday keys, not a string\./,
    );
  });

  test("up with bad input fails at check too: nothing is written", async () => {
    const { declaration, secrets } = declarationFor("Zoom", "bad");
    (declaration.args.configuration as Record<string, unknown>).SCIM_URL = "zoom";
    await e2e.declare([good.declaration, declaration], secrets);
    const error = (await e2e.stack.up(quiet).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error | undefined;
    expect(String(error?.message)).toMatch(/resource 'bad': property configuration\.SCIM_URL value .* has a problem: /);
    errors.push(String(error?.message));
  });
});
