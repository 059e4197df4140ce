/**
 * The `__provider` each resource stores: serialized exactly as `pulumi.dynamic.Resource` does it, loaded
 * back exactly as the provider process does (`requireFromString(text).handler()`), then run.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import Module from "node:module";

const repo = path.resolve(__dirname, "../..");

/** Serializes in a plain Node process from the built package, as the SDK does in a user's program. */
function serializeProviderText(module = "serializable-provider", exportName = "serializableProvider"): string {
  const script = `
    const sc = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const provider = require("./dist/provider/resource/${module}")["${exportName}"];
    sc.serializeFunction(() => provider, { allowSecrets: true })
      .then((sf) => process.stdout.write(sf.text));`;
  return execFileSync(process.execPath, ["-e", script], { cwd: repo, encoding: "utf8" });
}

/** The dynamic provider host's loader: compile the text as a module that resolves from the program. */
function loadLikeProviderProcess(text: string): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const filename = path.join(repo, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/__provider.js");
  const loaded = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  loaded.filename = filename;
  loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
  loaded._compile(text, filename);
  return (loaded.exports as { handler(): Record<string, (...args: unknown[]) => Promise<unknown>> }).handler();
}

describe("serialized provider", () => {
  const text = serializeProviderText();

  test("is small and does not grow with the number of schemas", () => {
    expect(Buffer.byteLength(text)).toBeLessThan(4096);
    expect(text).not.toMatch(/AUTHENTICATION_METHOD|writeOnly|Ajv|ajv/);
  });

  test("captures no credential, client or configuration", () => {
    expect(text).not.toMatch(/clientSecret|PINGONE_|Bearer|Basic |got\b|http:\/\//);
    // The only captured names are its own seven methods.
    expect(text.match(/require\("([^"]+)"\)/g)?.every((r) => r === 'require("pulumi-pingone-propagation/lifecycle")')).toBe(true);
  });

  test("is byte-for-byte stable, so the engine never sees a changed provider", () => {
    expect(serializeProviderText()).toBe(text);
  });

  test("loads the lifecycle module by package name and runs check through it", async () => {
    const provider = loadLikeProviderProcess(text);
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    const result = (await provider.check(
      {},
      { type: "scim", name: "x", environmentId: "env", configuration: { SCIM_ULR: "https://x" } },
    )) as {
      failures: Array<{ property: string; reason: string }>;
    };
    expect(result.failures.map((f) => f.property)).toContain("configuration.SCIM_ULR");
    expect(result.failures.find((f) => f.property === "configuration.SCIM_ULR")?.reason).toMatch(/Did you mean SCIM_URL\?/);
  });
});

describe.each([
  ["planProvider", { name: "Plan", colour: "blue" }, "colour"],
  ["ruleProvider", { plan: "p", sourceStore: "s", targetStore: "t", name: "HR", populationExpresion: "x" }, "populationExpresion"],
  ["mappingProvider", { rule: "r", sourceAttribute: "a", expression: "b", targetAttribute: "c" }, "expression"],
] as const)("serialized %s of the pipeline", (exportName, badInputs, failingProperty) => {
  const text = serializeProviderText("serializable-pipeline-providers", exportName);

  test("is small, captures no credential or client, requires only the lifecycle module, and is stable", () => {
    expect(Buffer.byteLength(text)).toBeLessThan(4096);
    expect(text).not.toMatch(/clientSecret|PINGONE_|Bearer|Basic |got\b|http:\/\/|Ajv|ajv/);
    expect(text.match(/require\("([^"]+)"\)/g)?.every((r) => r === 'require("pulumi-pingone-propagation/lifecycle")')).toBe(true);
    expect(serializeProviderText("serializable-pipeline-providers", exportName)).toBe(text);
  });

  test("loads the lifecycle module by package name and runs check through it", async () => {
    const provider = loadLikeProviderProcess(text);
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    const result = (await provider.check({}, { ...badInputs, environmentId: "env" })) as { failures: Array<{ property: string }> };
    expect(result.failures.map((f) => f.property)).toContain(failingProperty);
  });
});
