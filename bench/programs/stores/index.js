// The benchmark's PropagationStore program: declares the stores bench/run.js wrote to the JSON file named by
// the `storesFile` config. A value `{ "$secret": "name" }` is the stack's secret config `name`, so every
// secret reaches the provider through secret config, as in a real stack.
"use strict";
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");
const { PropagationStore } = require("pulumi-pingone-propagation");

const config = new pulumi.Config();
const declarations = JSON.parse(fs.readFileSync(config.require("storesFile"), "utf8"));

function resolve(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  if (value.$secret) return config.requireSecret(value.$secret);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
}

for (const { logicalName, args } of declarations) new PropagationStore(logicalName, resolve(args));
