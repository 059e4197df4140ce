/**
 * The per-type READMEs and their examples (issue 12 §2):
 * - each README's key table and example are what `npm run docs` generates from schema.ts and example.ts,
 *   so a schema change without `npm run docs` fails here;
 * - each example.ts (type-checked by tsc with the rest of the tests) declares a store that the provider's
 *   check accepts without a failure or a warning, with every secret read from secret config.
 *
 * The examples are real modules: they `import { PropagationStore } from "../../index"` and call
 * `new pulumi.Config().requireSecret(...)`. Outside a Pulumi program neither can run, so both are replaced
 * by recorders here: PropagationStore records its arguments, requireSecret returns a marked value.
 */
import * as fs from "node:fs";
import { storeTypes, secretKeysOf, type StoreTypeName } from "../../provider/store-types";
import { createPropagationStoreProvider, type StoreInputs } from "../../provider/lifecycle";
import { examplePath, expectedReadme, generatedSection, GENERATED_MARKER, readmePath } from "../../scripts/store-type-docs";

const SECRET_MARK = "example-S3CRET-from-config:";
const declared: Array<{ name: string; args: Record<string, unknown> }> = [];

jest.mock("../../provider/index", () => ({
  PropagationStore: class {
    constructor(name: string, args: Record<string, unknown>) {
      declared.push({ name, args });
    }
  },
}));
jest.mock("@pulumi/pulumi", () => ({
  ...jest.requireActual("@pulumi/pulumi"),
  Config: class {
    requireSecret(key: string) {
      return `${SECRET_MARK}${key}`;
    }
    require(key: string): string {
      throw new Error(`examples read only secrets from config, not ${key}`);
    }
  },
}));

/** The arguments `example.ts` of `type` passes to `new PropagationStore`, by running it. */
function exampleArgs(type: StoreTypeName): Record<string, unknown> {
  declared.length = 0;
  jest.isolateModules(() => {
    require(examplePath(type));
  });
  expect(declared).toHaveLength(1);
  return declared[0].args;
}

describe("store-type READMEs are generated from the schemas", () => {
  test.each(storeTypes)("%s: README.md is current (run `npm run docs` after changing schema.ts or example.ts)", (type) => {
    expect(fs.readFileSync(readmePath(type), "utf8")).toBe(expectedReadme(type));
  });

  test.each(storeTypes)("%s: the README has a hand-written head that names its sources", (type) => {
    const readme = fs.readFileSync(readmePath(type), "utf8");
    const head = readme.slice(0, readme.indexOf(GENERATED_MARKER));
    expect(readme).toContain(GENERATED_MARKER);
    expect(head).toMatch(/## Sources\n/);
    expect(head).toMatch(/Create Store \(/);
  });

  test("the generated section is the example as a user writes it: importing the package by name", () => {
    const section = generatedSection("Slack", fs.readFileSync(examplePath("Slack"), "utf8"));
    expect(section).toContain('import { PropagationStore } from "pulumi-pingone-propagation";');
    expect(section).not.toContain("../../index");
  });
});

describe("store-type examples (example.ts, compiled by tsc)", () => {
  const provider = createPropagationStoreProvider({
    settings: { environmentId: "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90" },
    warn: (message) => warnings.push(message),
  });
  const warnings: string[] = [];

  test.each(storeTypes)("%s: the example passes check with no failure and no warning", async (type) => {
    const args = exampleArgs(type);
    expect(args.type).toBe(type);
    warnings.length = 0;
    const result = await provider.check({} as StoreInputs, args as unknown as StoreInputs);
    expect(result.failures).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test.each(storeTypes)("%s: the example reads every secret it sets from secret config, and nothing else", (type) => {
    const configuration = (exampleArgs(type).configuration ?? {}) as Record<string, unknown>;
    const secrets = secretKeysOf(type);
    for (const [key, value] of Object.entries(configuration)) {
      if (secrets.includes(key)) expect(value).toEqual(expect.stringContaining(SECRET_MARK));
      else expect(String(value)).not.toContain(SECRET_MARK);
    }
  });
});
