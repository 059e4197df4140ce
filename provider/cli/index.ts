#!/usr/bin/env node
/**
 * `pingone-propagation`: the package's command line (also `npx pingone-propagation`).
 *
 *   export   every store, plan, rule and mapping of an environment as a TypeScript module of adopting declarations
 *   orphans  after an interrupted `pulumi up`: the stores PingOne holds that the stack does not, as adopt lines
 *
 * Errors are one message each, never a stack trace; the exit code is 1. Progress goes to stderr.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { PingOneApiError } from "../lifecycle/api-error";
import { PingOneClient } from "../lifecycle/pingone-client";
import { resolveSettings, SettingsError, SETTING_SOURCES } from "../lifecycle/settings";
import { configSetLine, generateModule, listEnvironment } from "./export";
import { orphans } from "./orphans";
import { PulumiCliError, runPulumi } from "../lifecycle/pulumi-cli";
import { CliError, cliSettings, CONNECTION_SETTINGS, flagOf, settingsHelp } from "./settings";

const HELP = `Usage: pingone-propagation <command> [options]

Commands:
  export    Write every store, plan, rule and mapping of the environment as a TypeScript module of
            declarations, each with adopt: { id }, so that the next pulumi up adopts them and changes nothing.
              --out <file>       write the module there (default: stdout)
              --write-secrets    with --stack: put each secret PingOne returned in plaintext into the stack's
                                 config as a Pulumi secret (passed to \`pulumi config set --secret\` on stdin)
  orphans   After an interrupted pulumi up (before \`pulumi refresh --clear-pending-creates\`): the stores
            the stack's pending creates left on PingOne, and the adopt line to paste for each. Needs --stack.

Settings (a flag wins over the stack's config, which wins over the environment variable):
  --stack <name>             read the stack's pingone:* config (run in the Pulumi project's directory)
${settingsHelp()}
  --help
`;

function fail(message: string): never {
  throw new CliError(message);
}

/** A PingOne failure in words a person acts on: what to check, unless the provider's message already says. */
function explain(error: PingOneApiError): string {
  if (/\bCheck /.test(error.message)) return error.message;
  if (error.status === 404) {
    return `${error.message}\n  Check --${flagOf("environmentId")} (${SETTING_SOURCES.environmentId.env}, ${SETTING_SOURCES.environmentId.config}): PingOne does not know this environment, or the worker application cannot see it.`;
  }
  if (error.status === 401 || error.status === 403) {
    return `${error.message}\n  Check the worker application's credentials and roles (--${flagOf("clientId")}, --${flagOf("clientSecret")} or --${flagOf("apiAccessToken")}).`;
  }
  return error.message;
}

async function main(argv: string[]): Promise<void> {
  const options = {
    help: { type: "boolean" },
    stack: { type: "string" },
    out: { type: "string" },
    "write-secrets": { type: "boolean" },
    ...Object.fromEntries(CONNECTION_SETTINGS.map((setting) => [flagOf(setting), { type: "string" }])),
  } as const;
  const parsed = (() => {
    try {
      return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
      return fail(`${(error as Error).message}. Run pingone-propagation --help.`);
    }
  })();
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined || command === "help") {
    process.stdout.write(HELP);
    return;
  }
  if (command !== "export" && command !== "orphans") fail(`unknown command "${command}": use export or orphans (see --help).`);
  if (positionals.length > 1) fail(`unexpected argument "${positionals[1]}" (see --help).`);
  const stack = values.stack;
  if (command === "orphans" && !stack) fail("orphans needs --stack <name>: it compares PingOne with that stack's state.");
  if (values["write-secrets"] && !stack)
    fail("--write-secrets needs --stack <name>: secrets go into that stack's config, never into a file.");
  if (command === "orphans" && (values.out || values["write-secrets"])) fail("--out and --write-secrets are options of export.");

  const cwd = process.cwd();
  const flags = values as Record<string, string | undefined>;
  const settings = resolveSettings(await cliSettings(flags, process.env, stack ? { name: stack, cwd } : undefined));
  const environmentId =
    settings.environmentId ??
    fail(`set ${`--${flagOf("environmentId")}`} (or ${SETTING_SOURCES.environmentId.env}): the environment whose stores to read.`);
  const client = new PingOneClient(settings);
  try {
    if (command === "orphans") {
      process.stdout.write(await orphans(client, environmentId, stack!, cwd));
      return;
    }
    process.stderr.write(`Listing the stores, plans, rules and mappings of environment ${environmentId}...\n`);
    const objects = await listEnvironment(client, environmentId, (line) => process.stderr.write(`${line}\n`));
    const exported = generateModule(objects, environmentId);
    if (values.out) fs.writeFileSync(values.out, exported.source);
    else process.stdout.write(exported.source);
    const written: string[] = [];
    if (values["write-secrets"]) {
      for (const secret of exported.secrets.filter((entry) => entry.plaintext !== undefined)) {
        await runPulumi(["config", "set", "--secret", "--stack", stack!, secret.configName], cwd, secret.plaintext);
        written.push(secret.configName);
      }
    }
    // Beside the module: on stdout when the module went to a file, else on stderr, so stdout stays a module.
    const say = (text: string) => (values.out ? process.stdout : process.stderr).write(text);
    const { stores, plans, rules, mappings } = objects;
    const counts = `${stores.length} store(s), ${plans.length} plan(s), ${rules.length} rule(s) and ${mappings.length} mapping(s)`;
    say(`Exported ${counts}${values.out ? ` to ${values.out}` : ""}.\n`);
    if (written.length > 0)
      say(`Set ${written.length} secret(s) PingOne returned in plaintext in stack ${stack}'s config: ${written.join(", ")}.\n`);
    const remaining = exported.secrets.filter((secret) => !written.includes(secret.configName));
    if (remaining.length > 0) {
      say(
        `Set ${remaining.length === exported.secrets.length ? "these" : "the other"} secret(s) before pulumi up, each with its real value:\n`,
      );
      for (const secret of remaining) say(`${configSetLine(secret, stack)}\n`);
    }
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message =
    error instanceof PingOneApiError
      ? explain(error)
      : error instanceof CliError || error instanceof SettingsError || error instanceof PulumiCliError
        ? error.message
        : `unexpected failure: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`pingone-propagation: ${message}\n`);
  process.exitCode = 1;
});
