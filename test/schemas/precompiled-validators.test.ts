/**
 * The built package validates with the validators the build precompiled from each schema
 * (provider/store-types/precompile-validators.ts); the sources compile the schema at the first check. Both must
 * give the same answer to every input: the documented examples, and configurations broken in every way a key can be.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { storeTypes, schemaOf, type StoreTypeName } from "../../provider/store-types";
import * as fromSources from "../../provider/store-types/validation";
import { fullConfigurations, minimalConfigurations, seedExamples } from "../fixtures/store-examples";

const built = path.resolve(__dirname, "../../dist/provider/store-types");
const fromBuild = require(path.join(built, "validation")) as typeof fromSources;

/** Configurations of `type` that pass, and that fail in each way the schema can refuse a key. */
function configurationsOf(type: StoreTypeName): Array<Record<string, unknown>> {
  const keys = Object.keys(schemaOf(type).properties);
  const full = fullConfigurations[type] ?? {};
  return [
    minimalConfigurations[type] ?? {},
    full,
    {},
    { ...full, NOT_A_KEY: "x" },
    Object.fromEntries(keys.map((key) => [key, 42])),
    Object.fromEntries(keys.map((key) => [key, ""])),
    Object.fromEntries(keys.map((key) => [key, "not a url, nor one of the values"])),
    Object.fromEntries(keys.map((key) => [key, "x".repeat(9000)])),
    Object.fromEntries(keys.map((key) => [key, true])),
  ];
}

test("the build wrote one validator per store type, in the type's folder", () => {
  for (const type of storeTypes) expect(fs.existsSync(path.join(built, type, fromSources.PRECOMPILED_VALIDATOR_FILE))).toBe(true);
});

test.each(storeTypes)("%s: the precompiled validator and the schema compiled at check give the same answers", (type) => {
  const inputs = [
    ...configurationsOf(type).map((configuration) => ({ type, name: "Store", environmentId: "env", configuration })),
    ...seedExamples.filter((example) => example.body.type === type).map((example) => ({ ...example.body, environmentId: "env" })),
  ];
  let failing = 0;
  for (const input of inputs) {
    const answer = fromBuild.validateStore(input);
    expect(answer).toEqual(fromSources.validateStore(input));
    if (answer.failures.length > 0) failing++;
  }
  // The inputs exercised the schema both ways.
  expect(failing).toBeGreaterThan(0);
  if (type !== "directory") expect(failing).toBeLessThan(inputs.length);
});
