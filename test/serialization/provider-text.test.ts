/**
 * The `__provider` each resource stores (provider/resource/lifecycle-resource.ts): what the program registers,
 * loaded back exactly as the provider process does (`requireFromString(text).handler()`), then run. Every text
 * an earlier release wrote into state must still load and run, since refresh and destroy use it.
 */
import * as path from "node:path";
import Module from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { PropagationMapping, PropagationPlan, PropagationRule, PropagationStore } from "../../provider";
import { LIFECYCLE_PROVIDERS, providerTextOf, type ResourceClassName } from "../../provider/resource/lifecycle-resource";
import earlier from "../fixtures/earlier-provider-texts.json";

const repo = path.resolve(__dirname, "../..");

/** The dynamic provider host's loader: compile the text as a module that resolves from the program. */
function loadLikeProviderProcess(text: string): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const filename = path.join(repo, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/__provider.js");
  const loaded = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  loaded.filename = filename;
  loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
  loaded._compile(text, filename);
  return (loaded.exports as { handler(): Record<string, (...args: unknown[]) => Promise<unknown>> }).handler();
}

/** For each class: inputs its check must refuse, and the property it names. */
const badInputs: Record<ResourceClassName, [Record<string, unknown>, string, RegExp?]> = {
  PropagationStore: [
    { type: "scim", name: "x", configuration: { SCIM_ULR: "https://x" } },
    "configuration.SCIM_ULR",
    /Did you mean SCIM_URL\?/,
  ],
  PropagationPlan: [{ name: "Plan", colour: "blue" }, "colour"],
  PropagationRule: [{ plan: "p", sourceStore: "s", targetStore: "t", name: "HR", populationExpresion: "x" }, "populationExpresion"],
  PropagationMapping: [{ rule: "r", sourceAttribute: "a", expression: "b", targetAttribute: "c" }, "expression"],
};

const METHODS = ["check", "configure", "create", "delete", "diff", "read", "update"];

describe.each(Object.keys(LIFECYCLE_PROVIDERS) as ResourceClassName[])("the __provider of %s", (className) => {
  const text = providerTextOf(className);

  test("is one line that requires the lifecycle module by package name and captures nothing", () => {
    expect(text).toBe(`exports.handler = () => require("pulumi-pingone-propagation/lifecycle").${LIFECYCLE_PROVIDERS[className]};\n`);
    expect(Buffer.byteLength(text)).toBeLessThan(128);
  });

  test.each([
    ["this release's text", text],
    ["the text earlier releases wrote", earlier.texts[className]],
  ])("%s loads as the provider process loads it, and runs check through the lifecycle module", async (_which, providerText) => {
    const provider = loadLikeProviderProcess(providerText);
    for (const method of METHODS) expect(typeof provider[method]).toBe("function");
    const [inputs, property, reason] = badInputs[className];
    const result = (await provider.check({}, { ...inputs, environmentId: "env" })) as {
      failures: Array<{ property: string; reason: string }>;
    };
    expect(result.failures.map((f) => f.property)).toContain(property);
    if (reason) expect(result.failures.find((f) => f.property === property)?.reason).toMatch(reason);
  });
});

test("every earlier text names only the lifecycle module and providers it still exports", () => {
  const lifecycle = require("pulumi-pingone-propagation/lifecycle") as Record<string, unknown>;
  for (const [className, text] of Object.entries(earlier.texts)) {
    expect(text.match(/require\("([^"]+)"\)/g)?.every((r) => r === 'require("pulumi-pingone-propagation/lifecycle")')).toBe(true);
    expect(lifecycle[LIFECYCLE_PROVIDERS[className as ResourceClassName]]).toBeDefined();
  }
});

test("each class registers its text, under the type token earlier states hold", async () => {
  const registered: Array<{ type: string; provider: unknown }> = [];
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push({ type: args.type, provider: args.inputs.__provider });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: () => ({}),
  });
  const plan = new PropagationPlan("plan", { name: "Plan" });
  const store = new PropagationStore("store", { type: "directory", name: "Directory" });
  const rule = new PropagationRule("rule", { plan: plan.planId, sourceStore: store.storeId, targetStore: store.storeId, name: "Rule" });
  const mapping = new PropagationMapping("mapping", { rule: rule.ruleId, sourceAttribute: "email", targetAttribute: "email" });
  // The mapping registers last: once its id is known, all four have registered.
  await new Promise((resolve) => mapping.id.apply(resolve));
  expect(registered.sort((a, b) => a.type.localeCompare(b.type))).toEqual(
    (["PropagationMapping", "PropagationPlan", "PropagationRule", "PropagationStore"] as const).map((className) => ({
      type: `pulumi-nodejs:dynamic/pingone:${className}`,
      provider: providerTextOf(className),
    })),
  );
});
