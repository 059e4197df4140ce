/**
 * Nothing is loaded that the operation does not use. Each case runs in a fresh Node process, as the engine's
 * provider process and the user's program are, and loads the built package by its name, as they do; a module
 * hook records every module loaded, CommonJS and ESM alike.
 *
 * - `preview` of an unchanged stack (configure, then check and diff of a scim store): no HTTP client, no ajv
 *   compiler, and only the scim store's validator (precompiled by the build) loaded. With `pingone:createRevisions`
 *   off: when on (the default), diff makes one GET of the environment's latest revision (the repair of a revision a
 *   lost run left unpublished), so got loads.
 * - `refresh` and `destroy` (configure, then read or delete): no validator at all (nothing of ajv is loaded).
 * - in the provider process, none of the SDK beyond what the engine's provider host loaded itself.
 * - loading the HTTP client builds no `Intl.ListFormat`, which would load ICU's locale data (provider/lifecycle/load-got.ts).
 * - the program (declaring stores): neither the lifecycle nor ajv nor the HTTP client.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startLocalApi, type LocalApi } from "../../local-api";
import { minimalConfigurations } from "../fixtures/store-examples";
import { environmentRequestOk } from "../support/api";

const ROOT = path.resolve(__dirname, "..", "..");

/** The SDK modules `@pulumi/pulumi/cmd/dynamic-provider` requires before it loads a serialized provider. */
const PROVIDER_HOST_MODULES = [
  "@grpc/grpc-js",
  "@pulumi/pulumi/metadata",
  "@pulumi/pulumi/runtime/rpc",
  "@pulumi/pulumi/version",
  "@pulumi/pulumi/runtime",
  "@pulumi/pulumi/proto/provider_grpc_pb",
];

interface Loaded {
  /** Every module URL loaded after the probe's hook was installed. */
  modules: string[];
  result?: unknown;
}

/**
 * Runs `body` (JavaScript, async, with `provider` = the package's lifecycle provider after `configure`) in a
 * fresh Node process and reports what it loaded.
 */
async function probe(body: string, options: { settings?: Record<string, string>; entry?: string } = {}): Promise<Loaded> {
  const script = `
    const { registerHooks } = require("node:module");
    const modules = [];
    registerHooks({ load(url, context, nextLoad) { modules.push(url); return nextLoad(url, context); } });
    // What the engine's provider host has loaded before it loads the serialized provider.
    ${options.entry === undefined ? `${PROVIDER_HOST_MODULES.map((name) => `require(${JSON.stringify(name)});`).join(" ")} modules.length = 0;` : ""}
    (async () => {
      ${
        options.entry ??
        `const { propagationStoreProvider: provider } = require("pulumi-pingone-propagation/lifecycle");
      const settings = ${JSON.stringify(options.settings ?? {})};
      await provider.configure({ config: { get: (key) => settings[key] } });`
      }
      const result = await (async () => { ${body} })();
      process.stdout.write(JSON.stringify({ modules, result }));
      process.exit(0);
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PINGONE_")));
  // Asynchronously: the local API the probe calls runs in this process.
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: ROOT, env, encoding: "utf8" });
  return JSON.parse(stdout) as Loaded;
}

const fromPackage = (modules: string[], name: string) => modules.filter((url) => url.includes(`/node_modules/${name}/`));
const ofLifecycle = (modules: string[]) => modules.filter((url) => url.includes("/dist/provider/lifecycle/"));
/** The HTTP client: got, loaded by `await import("got")` on the first request. */
const httpClient = (modules: string[]) => fromPackage(modules, "got");
/** The store types whose validator was loaded (`dist/provider/store-types/<type>/validator.js`). */
const validatorsLoaded = (modules: string[]) =>
  modules.map((url) => /\/dist\/provider\/store-types\/([^/]+)\/validator\.js$/.exec(url)?.[1]).filter((type) => type !== undefined);

const scimStore = { type: "scim", name: "HR SCIM", environmentId: "env-1", configuration: { ...minimalConfigurations.scim } };

describe("what each operation loads", () => {
  let api: LocalApi;
  let settings: Record<string, string>;
  let storeId: string;

  beforeAll(async () => {
    api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "loading-")) });
    settings = {
      "pingone:apiHostname": api.url,
      "pingone:authHostname": api.url,
      "pingone:clientId": api.clientId,
      "pingone:clientSecret": api.clientSecret,
      "pingone:environmentId": api.environmentIds[0],
      // Without revisions: with them on, diff GETs the latest revision (its repair check), so a preview loads got.
      "pingone:createRevisions": "false",
    };
    storeId = (
      await environmentRequestOk(api, "POST", "propagation/stores", {
        type: "scim",
        name: "HR SCIM",
        configuration: minimalConfigurations.scim,
      })
    ).id;
  });
  afterAll(async () => api?.close());

  test("preview of an unchanged scim store: no HTTP client, no ajv compiler, and only the scim validator loaded", async () => {
    const loaded = await probe(
      `const store = ${JSON.stringify(scimStore)};
       const checked = await provider.check(store, store);
       const outputs = { ...checked.inputs, storeId: "store-1", declaredProperties: Object.keys(store.configuration).map((key) => "configuration." + key) };
       return { failures: checked.failures, diff: await provider.diff("store-1", outputs, checked.inputs) };`,
      { settings: { ...settings, "pingone:retryTimeoutSeconds": "10" } },
    );
    expect(loaded.result).toEqual({ failures: [], diff: expect.objectContaining({ changes: false }) });
    expect(validatorsLoaded(loaded.modules)).toEqual(["scim"]);
    // Only ajv's small runtime helpers, which the precompiled validator requires: nothing compiles a schema.
    expect(fromPackage(loaded.modules, "ajv").filter((url) => !url.includes("/node_modules/ajv/dist/runtime/"))).toEqual([]);
    expect(httpClient(loaded.modules)).toEqual([]);
    // Nothing of the SDK beyond what the host had loaded (its index included, automation API and all).
    expect(fromPackage(loaded.modules, "@pulumi/pulumi")).toEqual([]);
  });

  test.each([
    ["refresh", `const read = await provider.read(storeId, state); return read.id;`],
    ["destroy", `await provider.delete(storeId, state); return storeId;`],
  ])("%s: the API is called, and no validator is loaded", async (_operation, body) => {
    const state = { ...scimStore, environmentId: api.environmentIds[0], storeId, declaredProperties: [] };
    const loaded = await probe(`const storeId = ${JSON.stringify(storeId)}; const state = ${JSON.stringify(state)}; ${body}`, {
      settings: { ...settings, "pingone:retryTimeoutSeconds": "10" },
    });
    expect(loaded.result).toBe(storeId);
    expect(httpClient(loaded.modules).length).toBeGreaterThan(0);
    expect(fromPackage(loaded.modules, "ajv")).toEqual([]);
    expect(validatorsLoaded(loaded.modules)).toEqual([]);
    expect(fromPackage(loaded.modules, "@pulumi/pulumi")).toEqual([]);
  });

  test("the HTTP client's import builds no list formatter (ICU's locale data), and got's messages that use one are still worded", async () => {
    const state = { ...scimStore, environmentId: api.environmentIds[0], storeId, declaredProperties: [] };
    const loaded = await probe(
      `const storeId = ${JSON.stringify(storeId)}; const state = ${JSON.stringify(state)};
       let built = 0;
       const counting = new Proxy(Intl.ListFormat, { construct(target, args) { built += 1; return Reflect.construct(target, args); } });
       Intl.ListFormat = counting;
       await provider.read(storeId, state);
       const afterLoading = { built, restored: Intl.ListFormat === counting };
       // The module the client loaded (one instance per process): an option of the wrong type words its error with both formatters.
       const { default: got } = await import("got");
       let message;
       try { got.extend({ localAddress: 5 }); } catch (error) { message = error.message; }
       return { afterLoading, message, builtForTheMessage: built };`,
      { settings: { ...settings, "pingone:retryTimeoutSeconds": "10" } },
    );
    expect(httpClient(loaded.modules).length).toBeGreaterThan(0);
    expect(fromPackage(loaded.modules, "@sindresorhus/is").length).toBeGreaterThan(0);
    expect(loaded.result).toEqual({
      afterLoading: { built: 0, restored: true },
      message: "Expected values which are `string` or `undefined`. Received values of type `number`.",
      builtForTheMessage: 2,
    });
  });

  test("the program: declaring stores loads neither the lifecycle, nor ajv, nor the HTTP client", async () => {
    const loaded = await probe(
      `const { PropagationStore, secretKeysOf } = require("pulumi-pingone-propagation"); return [typeof PropagationStore, secretKeysOf("scim")];`,
      {
        entry: "",
      },
    );
    expect(loaded.result).toEqual(["function", expect.arrayContaining(["BASIC_AUTH_PASSWORD"])]);
    expect(loaded.modules.some((url) => url.includes("/dist/provider/resource/propagation-store.js"))).toBe(true);
    expect(ofLifecycle(loaded.modules)).toEqual([]);
    expect(fromPackage(loaded.modules, "ajv")).toEqual([]);
    expect(httpClient(loaded.modules)).toEqual([]);
  });
});
