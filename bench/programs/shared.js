// What the benchmark's programs share.
"use strict";
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

/**
 * The declarations bench/run.ts wrote to the JSON file named by the `storesFile` config, as the stores
 * program and the fair floor both declare them. A value `{ "$secret": "name" }` becomes the stack's secret
 * config `name` (config.requireSecret), so every secret reaches the engine through secret config, as in a
 * real stack.
 */
function declared() {
  const config = new pulumi.Config();
  const resolve = (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    if (value.$secret) return config.requireSecret(value.$secret);
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
  };
  const declarations = JSON.parse(fs.readFileSync(config.require("storesFile"), "utf8"));
  return declarations.map(({ logicalName, args }) => ({ logicalName, args: resolve(args) }));
}

/**
 * The floors' dynamic provider: answers at once, without any I/O. It captures nothing (only globals), so its
 * serialized `__provider` is as small as one can be; it has no read (refresh returns the state as is) and no
 * delete (destroy only drops the state).
 */
const trivialProvider = {
  create: async (inputs) => ({ id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`, outs: inputs }),
  update: async (_id, _olds, news) => ({ outs: news }),
};

module.exports = { declared, trivialProvider };
