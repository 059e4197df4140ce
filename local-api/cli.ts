#!/usr/bin/env node
/**
 * `pingone-local`: run the local PingOne-compatible API from the command line.
 * The first line printed is exactly `PingOne local API listening on <url>`; the following KEY=value lines
 * give the settings to use (scripts can parse them).
 */
import { parseArgs } from "node:util";
import { startLocalApi, defaultDataDir, type LocalApiOptions, type FaultOptions, DEFAULT_SCIM_BASIC_USER, DEFAULT_SCIM_BASIC_PASSWORD, DEFAULT_SCIM_BEARER_TOKEN } from "./index";

const HELP = `Usage: pingone-local [options]

Runs a local PingOne-compatible API (token, propagation stores and rules, a SCIM 2.0 target, admin endpoints).

Options:
  --port <n>                    port to listen on (default 0: a free port)
  --host <addr>                 address to bind (default 127.0.0.1)
  --data-dir <dir>              sqlite data directory (default <repo>/.local-api-data)
  --client-id <id>              worker application client id
  --client-secret <secret>      worker application client secret
  --environment-id <uuid>       an environment to serve (repeatable)
  --secrets-on-read <mode>      plaintext | masked | omitted (default plaintext)
  --token-lifetime <seconds>    access token lifetime (default 3600)
  --scim-basic-user <user>      SCIM target Basic user (default ${DEFAULT_SCIM_BASIC_USER})
  --scim-basic-password <pw>    SCIM target Basic password
  --scim-bearer-token <token>   SCIM target Bearer token
  --seed <n>                    seed for fault injection (deterministic runs)
  --rate-429 <0..1>             fraction of API requests answered 429 REQUEST_LIMITED
  --retry-after <seconds>       Retry-After for 429 and 503 (default 1)
  --rate-500 <0..1>             fraction answered 500 UNEXPECTED_ERROR
  --rate-502 <0..1>             fraction answered 502
  --rate-503 <0..1>             fraction answered 503 (with Retry-After)
  --latency-ms <ms>             latency added to every API request
  --drop-rate <0..1>            fraction of API requests whose connection is dropped unanswered
  --commit-then-drop-rate <0..1> fraction of POST/PUT API requests performed, then dropped unanswered
  --hold-write-response-ms <ms> POST/PUT/DELETE API requests performed, then answered this much later
  --help                        show this help
`;

function num(name: string, value: string | undefined, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    throw new Error(`--${name} must be a${opts.integer ? "n integer" : " number"}${opts.min !== undefined ? ` >= ${opts.min}` : ""}${opts.max !== undefined ? ` and <= ${opts.max}` : ""}`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "environment-id": { type: "string", multiple: true },
      "secrets-on-read": { type: "string" },
      "token-lifetime": { type: "string" },
      "scim-basic-user": { type: "string" },
      "scim-basic-password": { type: "string" },
      "scim-bearer-token": { type: "string" },
      seed: { type: "string" },
      "rate-429": { type: "string" },
      "retry-after": { type: "string" },
      "rate-500": { type: "string" },
      "rate-502": { type: "string" },
      "rate-503": { type: "string" },
      "latency-ms": { type: "string" },
      "drop-rate": { type: "string" },
      "commit-then-drop-rate": { type: "string" },
      "hold-write-response-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const secretsOnRead = values["secrets-on-read"];
  if (secretsOnRead !== undefined && !["plaintext", "masked", "omitted"].includes(secretsOnRead)) {
    throw new Error("--secrets-on-read must be plaintext, masked or omitted");
  }
  const faults: FaultOptions = {};
  const rate = (flag: string) => num(flag, values[flag as keyof typeof values] as string | undefined, { min: 0, max: 1 });
  const set = (key: keyof FaultOptions, v: number | undefined) => {
    if (v !== undefined) faults[key] = v;
  };
  set("rate429", rate("rate-429"));
  set("retryAfterSeconds", num("retry-after", values["retry-after"], { min: 0 }));
  set("rate500", rate("rate-500"));
  set("rate502", rate("rate-502"));
  set("rate503", rate("rate-503"));
  set("latencyMs", num("latency-ms", values["latency-ms"], { min: 0 }));
  set("dropRate", rate("drop-rate"));
  set("commitThenDropRate", rate("commit-then-drop-rate"));
  set("holdWriteResponseMs", num("hold-write-response-ms", values["hold-write-response-ms"], { min: 0 }));

  const dataDir = values["data-dir"] ?? defaultDataDir();
  const options: LocalApiOptions = {
    port: num("port", values.port, { min: 0, max: 65535, integer: true }) ?? 0,
    host: values.host,
    dataDir,
    clientId: values["client-id"],
    clientSecret: values["client-secret"],
    environmentIds: values["environment-id"],
    secretsOnRead: secretsOnRead as LocalApiOptions["secretsOnRead"],
    tokenLifetimeSeconds: num("token-lifetime", values["token-lifetime"], { min: 1, integer: true }),
    scimTarget: {
      basicUser: values["scim-basic-user"],
      basicPassword: values["scim-basic-password"],
      bearerToken: values["scim-bearer-token"],
    },
    faults,
    seed: num("seed", values.seed, { integer: true }),
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
  ];
  process.stdout.write(lines.join("\n") + "\n");

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
