#!/usr/bin/env node
/**
 * `pingone-local`: run the local PingOne-compatible API from the command line.
 * The first line printed is exactly `PingOne local API listening on <url>`; the following KEY=value lines
 * give the settings to use (scripts can parse them).
 */
// First, so an old Node stops here with one line instead of failing inside ./index (node:sqlite).
import "./check-node";
import { parseArgs } from "node:util";
import { helpText, parseArgsOptions } from "./cli-options";
import { isSecretsOnRead, SECRETS_ON_READ_MODES } from "./context";
import { DEFAULT_SCIM_BASIC_PASSWORD, DEFAULT_SCIM_BASIC_USER, DEFAULT_SCIM_BEARER_TOKEN } from "./defaults";
import { FAULT_OPTIONS, type FaultOptions } from "./faults";
import { startLocalApi, defaultDataDir, type LocalApiOptions } from "./index";
import { isUnknownKeys, UNKNOWN_KEYS_MODES } from "./schema";
import { isSynchronous, SYNCHRONOUS_MODES } from "./db";

function num(name: string, value: string | undefined, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  const outOfRange = (opts.min !== undefined && parsed < opts.min) || (opts.max !== undefined && parsed > opts.max);
  if (value.trim() === "" || !Number.isFinite(parsed) || (opts.integer && !Number.isInteger(parsed)) || outOfRange) {
    const bounds = `${opts.min !== undefined ? ` >= ${opts.min}` : ""}${opts.max !== undefined ? ` and <= ${opts.max}` : ""}`;
    throw new Error(`--${name} must be a${opts.integer ? "n integer" : " number"}${bounds}`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values: parsed } = parseArgs({ options: parseArgsOptions(), strict: true, allowPositionals: false });
  const values = parsed as Record<string, string | string[] | boolean | undefined>;
  const text = (flag: string) => values[flag] as string | undefined;
  if (values.help) {
    process.stdout.write(helpText());
    return;
  }
  const secretsOnRead = text("secrets-on-read");
  if (secretsOnRead !== undefined && !isSecretsOnRead(secretsOnRead)) {
    throw new Error(`--secrets-on-read must be ${SECRETS_ON_READ_MODES.join(", ")}`);
  }
  const unknownKeys = text("unknown-keys");
  if (unknownKeys !== undefined && !isUnknownKeys(unknownKeys)) {
    throw new Error(`--unknown-keys must be ${UNKNOWN_KEYS_MODES.join(", ")}`);
  }
  const synchronous = text("synchronous");
  if (synchronous !== undefined && !isSynchronous(synchronous)) throw new Error(`--synchronous must be ${SYNCHRONOUS_MODES.join(" or ")}`);
  const faults: FaultOptions = {};
  for (const option of FAULT_OPTIONS) {
    const value = num(option.flag, text(option.flag), option.rate ? { min: 0, max: 1 } : { min: 0 });
    if (value !== undefined) faults[option.key] = value;
  }

  const rolelessId = text("roleless-client-id");
  const rolelessSecret = text("roleless-client-secret");
  if ((rolelessId === undefined) !== (rolelessSecret === undefined))
    throw new Error("--roleless-client-id and --roleless-client-secret go together");

  const dataDir = text("data-dir") ?? defaultDataDir();
  const options: LocalApiOptions = {
    port: num("port", text("port"), { min: 0, max: 65535, integer: true }) ?? 0,
    host: text("host"),
    dataDir,
    synchronous,
    clientId: text("client-id"),
    clientSecret: text("client-secret"),
    ...(rolelessId !== undefined && { rolelessClient: { clientId: rolelessId, clientSecret: rolelessSecret! } }),
    environmentIds: values["environment-id"] as string[] | undefined,
    groups: values.group as string[] | undefined,
    secretsOnRead,
    unknownKeys,
    tokenLifetimeSeconds: num("token-lifetime", text("token-lifetime"), { min: 1, integer: true }),
    scimTarget: {
      basicUser: text("scim-basic-user"),
      basicPassword: text("scim-basic-password"),
      bearerToken: text("scim-bearer-token"),
    },
    faults,
    clockOffsetMs: num("clock-offset-ms", text("clock-offset-ms"), { integer: true }),
    seed: num("seed", text("seed"), { integer: true }),
    log: (line) => process.stdout.write(`${line}\n`),
  };
  const api = await startLocalApi(options);
  const lines = [
    `PingOne local API listening on ${api.url}`,
    `PINGONE_API_SERVICE_HOSTNAME=${api.url}`,
    `PINGONE_AUTH_SERVICE_HOSTNAME=${api.url}`,
    `PINGONE_CLIENT_ID=${api.clientId}`,
    `PINGONE_CLIENT_SECRET=${api.clientSecret}`,
    `PINGONE_ENVIRONMENT_ID=${api.environmentIds[0]}`,
    `PINGONE_ENVIRONMENT_IDS=${api.environmentIds.join(",")}`,
    `SCIM_TARGET_URL=${api.url}/scim/v2`,
    `SCIM_BASIC_USER=${options.scimTarget?.basicUser ?? DEFAULT_SCIM_BASIC_USER}`,
    `SCIM_BASIC_PASSWORD=${options.scimTarget?.basicPassword ?? DEFAULT_SCIM_BASIC_PASSWORD}`,
    `SCIM_BEARER_TOKEN=${options.scimTarget?.bearerToken ?? DEFAULT_SCIM_BEARER_TOKEN}`,
    `DATA_DIR=${dataDir}`,
    ...(api.rolelessClient
      ? [`PINGONE_ROLELESS_CLIENT_ID=${api.rolelessClient.clientId}`, `PINGONE_ROLELESS_CLIENT_SECRET=${api.rolelessClient.clientSecret}`]
      : []),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping\n`);
    api.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e: unknown) => {
  process.stderr.write(`pingone-local: ${(e as Error).message}\n`);
  process.exit(1);
});
