/**
 * The build's last step (`npm run build`): compiles each store type's schema with ajv, as `check` would, and
 * writes it as a standalone module next to the type's compiled schema (`dist/provider/store-types/<type>/validator.js`).
 * The provider process then loads the one validator a type needs instead of loading ajv's compiler and compiling
 * the schema on the first check (validation.ts, `precompiledValidator`). Same schema, same options: the schema stays
 * the single source of truth, and `test/schemas/precompiled-validators.test.ts` proves both give the same answers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaOf, storeTypes } from "./index";
import { newAjv, PRECOMPILED_VALIDATOR_FILE } from "./validation";

/** The standalone module of `type`'s validator: CommonJS, requiring only ajv's small runtime helpers. */
export function precompiledValidatorCode(type: (typeof storeTypes)[number]): string {
  const standaloneCode = require("ajv/dist/standalone").default as typeof import("ajv/dist/standalone").default;
  const ajv = newAjv({ code: { source: true } });
  return standaloneCode(ajv, ajv.compile(schemaOf(type)));
}

/** Writes every type's validator into `directory` (the built `store-types` folder), one per type folder. */
export function writePrecompiledValidators(directory: string): void {
  for (const type of storeTypes) {
    fs.writeFileSync(path.join(directory, type, PRECOMPILED_VALIDATOR_FILE), `${precompiledValidatorCode(type)}\n`);
  }
}

if (require.main === module) writePrecompiledValidators(__dirname);
