#!/usr/bin/env node
// The serialized Pulumi provider loads its lifecycle code by package name
// (`require("pulumi-pingone-propagation/lifecycle")`), resolved from the program's node_modules.
// Inside this repository the package is not its own dependency, so the root demo program,
// the examples and the end-to-end tests would fail to resolve it. Link the checkout into its
// own node_modules, exactly where an installed copy would sit. No-op when installed as a dependency.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
if (root.split(path.sep).includes("node_modules")) process.exit(0);

const { name } = require(path.join(root, "package.json"));
const link = path.join(root, "node_modules", name);
try {
  if (fs.realpathSync(link) === fs.realpathSync(root)) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // Not there yet.
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
