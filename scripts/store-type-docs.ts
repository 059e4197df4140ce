/**
 * The generated part of each `provider/store-types/<Type>/README.md`: the key table (and the known values of
 * suggestion-only keys) from the type's schema, and the example from its `example.ts`, which tsc compiles.
 * Everything above {@link GENERATED_MARKER} is written by hand (what the type is, which pages its keys come
 * from, where the pages disagree); everything below it is this module's output.
 *
 * `npm run docs` rewrites the READMEs; `test/schemas/store-type-docs.test.ts` fails when one is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaOf, storeTypes, type StoreTypeName } from "../provider/store-types";
import type { PropertySchema, StoreTypeSchema } from "../provider/store-types/schema-kit";

export const STORE_TYPES_DIR = path.join(__dirname, "..", "provider", "store-types");
export const GENERATED_MARKER = "<!-- Generated below by `npm run docs` from schema.ts and example.ts: edit those, not this. -->";

/** `example.ts` imports the package by relative path so tsc checks it in place; users import it by name. */
const RELATIVE_IMPORT = /from "\.\.\/\.\.\/index"/g;
const PACKAGE_IMPORT = 'from "pulumi-pingone-propagation"';

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, "\\|");

function typeColumn(property: PropertySchema): string {
  if (property.type === "boolean") return "boolean";
  if (property.enum) return property.enum.map(code).join(" \\| ");
  if (property.pattern) return "string (URL)";
  if (property["x-suggestions"]) return "string (known values below)";
  return "string";
}

function requiredColumn(schema: StoreTypeSchema, key: string): string {
  if (schema.required.includes(key)) return "yes";
  const conditions = (schema.allOf ?? [])
    .filter((condition) => condition.then.required.includes(key))
    .map(
      (condition) =>
        Object.entries(condition.if.properties).map(([discriminator, { const: value }]) => `when ${discriminator} = "${value}"`)[0],
    );
  return conditions.join(" or ");
}

function notesColumn(property: PropertySchema): string {
  const notes = [property.description];
  if (property["x-replaceOnChange"]) notes.push("Changing it replaces the store.");
  if (property.default !== undefined) notes.push(`PingOne's documented default: ${JSON.stringify(property.default)}.`);
  if (property["x-enumSource"]) notes.push(`Only these values (${property["x-enumSource"]}).`);
  return notes.join(" ");
}

function keyTable(schema: StoreTypeSchema): string[] {
  const rows = Object.entries(schema.properties).map(
    ([key, property]) =>
      `| ${code(key)} | ${typeColumn(property)} | ${requiredColumn(schema, key)} | ${property.writeOnly ? "yes" : ""} | ${cell(notesColumn(property))} |`,
  );
  return ["| key | type | required | secret | notes |", "|---|---|---|---|---|", ...rows];
}

/** Which values of each suggestion-only key come from the documents and which only from examples. */
function knownValues(schema: StoreTypeSchema): string[] {
  const lines = Object.entries(schema.properties).flatMap(([key, property]) => {
    const suggestions = property["x-suggestions"];
    if (!suggestions) return [];
    const parts = [
      suggestions.documents.length > 0 ? `documents: ${suggestions.documents.map(code).join(", ")}` : undefined,
      suggestions.examples.length > 0 ? `examples and SDKs: ${suggestions.examples.map(code).join(", ")}` : undefined,
    ].filter((part) => part !== undefined);
    return [`- ${code(key)}: ${parts.join("; ")}. ${suggestions.note}`];
  });
  if (lines.length === 0) return [];
  return [
    "",
    "Known values of keys the documents type only as String. TypeScript offers them, and `preview` warns about any",
    "other value, but does not refuse it: PingOne decides.",
    "",
    ...lines,
  ];
}

/** The generated part of a type's README. */
export function generatedSection(type: StoreTypeName, exampleSource: string): string {
  const schema = schemaOf(type);
  const keys =
    Object.keys(schema.properties).length === 0
      ? ["There are no configuration keys: leave `configuration` out."]
      : [
          "Secret keys are always stored as Pulumi secrets, never shown in plaintext, and never compared with what PingOne",
          "returns. Keys are case-sensitive.",
          "",
          ...keyTable(schema),
          ...knownValues(schema),
        ];
  const example = exampleSource.replace(RELATIVE_IMPORT, PACKAGE_IMPORT).trimEnd();
  return [GENERATED_MARKER, "", "## Keys", "", ...keys, "", "## Example", "", "```ts", example, "```", ""].join("\n");
}

export function readmePath(type: StoreTypeName): string {
  return path.join(STORE_TYPES_DIR, type, "README.md");
}

export function examplePath(type: StoreTypeName): string {
  return path.join(STORE_TYPES_DIR, type, "example.ts");
}

/** The README as it should be: its hand-written head, then the generated section. */
export function expectedReadme(type: StoreTypeName): string {
  const current = fs.readFileSync(readmePath(type), "utf8");
  const at = current.indexOf(GENERATED_MARKER);
  const head = (at === -1 ? current : current.slice(0, at)).trimEnd();
  return `${head}\n\n${generatedSection(type, fs.readFileSync(examplePath(type), "utf8"))}`;
}

if (require.main === module) {
  for (const type of storeTypes) {
    const expected = expectedReadme(type);
    if (fs.readFileSync(readmePath(type), "utf8") !== expected) {
      fs.writeFileSync(readmePath(type), expected);
      console.log(`updated ${path.relative(process.cwd(), readmePath(type))}`);
    }
  }
}
