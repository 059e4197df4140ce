#!/usr/bin/env node
/**
 * Sets the provider's `pingone:*` stack config from settings given as JSON on stdin, keyed by setting name
 * (`{"apiHostname": "http://127.0.0.1:18443", "clientId": "...", "clientSecret": "..."}`). The config keys,
 * and which values are secrets, come from SETTING_SOURCES (provider/lifecycle/settings.ts) through
 * `stackConfigEntries`, the same function the e2e harness and the benchmark use, so the demo keeps no copy
 * of the settings list. Values go to `pulumi config set` on stdin, never onto a command line or the output;
 * credentials with `--secret`. Arguments after the script's name go to every `pulumi config set` (`--stack dev`).
 * Needs the build (`npm run build`); scripts/demo runs it.
 */
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist", "provider", "lifecycle");
const { SETTING_SOURCES, stackConfigEntries } = require(path.join(dist, "settings.js"));
const { runPulumi } = require(path.join(dist, "pulumi-cli.js"));

function fail(message) {
  process.stderr.write(`set-stack-config: ${message}\n`);
  process.exit(1);
}

async function readStdin() {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main() {
  let settings;
  try {
    settings = JSON.parse(await readStdin());
  } catch (error) {
    fail(`stdin must be a JSON object of settings (${error.message}).`);
  }
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) fail("stdin must be a JSON object of settings.");
  const unknown = Object.keys(settings).filter((name) => !(name in SETTING_SOURCES));
  if (unknown.length > 0) fail(`unknown setting(s) ${unknown.join(", ")}: use ${Object.keys(SETTING_SOURCES).join(", ")}.`);
  const notStrings = Object.keys(settings).filter((name) => typeof settings[name] !== "string");
  if (notStrings.length > 0) fail(`setting(s) ${notStrings.join(", ")} must be strings.`);
  const extraArgs = process.argv.slice(2);
  for (const { key, value, secret } of stackConfigEntries(settings)) {
    await runPulumi(["config", "set", ...(secret ? ["--secret"] : []), key, ...extraArgs], process.cwd(), value);
    process.stdout.write(`set ${key}${secret ? " (secret)" : ""}\n`);
  }
}

main().catch((error) => fail(error.message));
