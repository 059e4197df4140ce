/**
 * Imported first, for its effect, by the `pingone-local` CLI and the benchmark: on a Node.js older than
 * package.json's engines.node, print ONE line saying so and how to fix it, and exit 1. Without it, Node 20
 * gets as far as loading node:sqlite and dies with a stack trace ("No such built-in module: node:sqlite").
 * It must stay importable, and run, on old Node versions: node builtins only, nothing newer than ES2022.
 * The library entry points do not import it: a library must not exit its host.
 */
import * as path from "node:path";

/** package.json's engines.node (">=22"); test/toolchain keeps the two equal. */
export const NODE_MIN_MAJOR = 22;

const major = Number(process.versions.node.split(".")[0]);
if (major < NODE_MIN_MAJOR) {
  // The script as the user typed it (dist/local-api/cli.js, bench/run.ts), or its name when run from elsewhere.
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : "node";
  const name = script.startsWith("..") ? path.basename(script) : script;
  process.stderr.write(
    `${name}: needs Node.js ${NODE_MIN_MAJOR} or later, but runs on ${process.version} (${process.execPath}); ` +
      `install Node.js ${NODE_MIN_MAJOR}, or in this repository run scripts/setup-tools, then run it through scripts/with-tools.\n`,
  );
  process.exit(1);
}
