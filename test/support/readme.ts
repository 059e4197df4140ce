/**
 * The README's procedures, read by the suites that run them, so a test runs exactly what the documentation
 * tells a person to run and fails when the two part ways.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const README = path.join(__dirname, "../../README.md");

/** The text of the README's `## <title>` section, up to the next `## ` heading. */
export function readmeSection(title: string): string {
  const section = fs
    .readFileSync(README, "utf8")
    .split(/^## /m)
    .find((text) => text.startsWith(title));
  if (!section) throw new Error(`README.md has no section '## ${title}'`);
  return section;
}

/** The commands of each `sh` block in `text`, in order: one per line, comments and blank lines dropped. */
export function shBlocks(text: string): string[][] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) =>
    block[1]
      .split("\n")
      .map((line) => line.replace(/(^|\s+)#.*$/, "").trim())
      .filter((line) => line !== ""),
  );
}

/** The one `sh` block of `text` with a command starting with `start`; an error names what is missing. */
export function shBlockWith(text: string, start: string): string[] {
  const blocks = shBlocks(text).filter((block) => block.some((line) => line.startsWith(start)));
  if (blocks.length !== 1)
    throw new Error(`expected one sh block with a \`${start}…\` command in the README section, found ${blocks.length}`);
  return blocks[0];
}
