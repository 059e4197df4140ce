/**
 * The `pingone-local` flags, declared once: the parser, the help text and the CLI test all read this.
 * Fault flags come from {@link FAULT_OPTIONS}, so a new fault is one line in faults.ts.
 */
import { FAULT_OPTIONS } from "./faults";
import { SECRETS_ON_READ_MODES } from "./context";
import { DEFAULT_SCIM_BASIC_USER } from "./defaults";
import { DEFAULT_UNKNOWN_KEYS, UNKNOWN_KEYS_MODES } from "./schema";
import { SYNCHRONOUS_MODES } from "./db";

export interface CliFlag {
  flag: string;
  /** What the flag takes, for the help line; absent for a boolean switch. */
  value?: string;
  help: string;
  multiple?: boolean;
}

export const SERVER_FLAGS: readonly CliFlag[] = [
  { flag: "port", value: "<n>", help: "port to listen on (default 0: a free port)" },
  { flag: "host", value: "<addr>", help: "address to bind (default 127.0.0.1)" },
  { flag: "data-dir", value: "<dir>", help: "sqlite data directory (default <repo>/.local-api-data)" },
  {
    flag: "synchronous",
    value: "<mode>",
    help: `${SYNCHRONOUS_MODES.join(" | ")}: a write survives the server being killed (normal, the default) or a power loss as well (full: an fsync per write)`,
  },
  { flag: "client-id", value: "<id>", help: "worker application client id" },
  { flag: "client-secret", value: "<secret>", help: "worker application client secret" },
  {
    flag: "roleless-client-id",
    value: "<id>",
    help: "a second worker application whose tokens lack the propagation role: every API call is 403",
  },
  { flag: "roleless-client-secret", value: "<secret>", help: "that application's secret (with --roleless-client-id)" },
  { flag: "environment-id", value: "<uuid>", help: "an environment to serve (repeatable)", multiple: true },
  { flag: "secrets-on-read", value: "<mode>", help: `${SECRETS_ON_READ_MODES.join(" | ")} (default plaintext)` },
  {
    flag: "unknown-keys",
    value: "<mode>",
    help: `${UNKNOWN_KEYS_MODES.join(" | ")}: configuration keys the documents do not list (default ${DEFAULT_UNKNOWN_KEYS})`,
  },
  { flag: "token-lifetime", value: "<seconds>", help: "access token lifetime (default 3600)" },
  { flag: "scim-basic-user", value: "<user>", help: `SCIM target Basic user (default ${DEFAULT_SCIM_BASIC_USER})` },
  { flag: "scim-basic-password", value: "<pw>", help: "SCIM target Basic password" },
  { flag: "scim-bearer-token", value: "<token>", help: "SCIM target Bearer token" },
  {
    flag: "clock-offset-ms",
    value: "<ms>",
    help: "server clock this many ms ahead of the machine's, or behind when negative (--clock-offset-ms=-30000); default 0",
  },
  { flag: "seed", value: "<n>", help: "seed for fault injection (deterministic runs)" },
  {
    flag: "group",
    value: "<name>",
    help: "a group to seed in the first environment, unless one has that name (repeatable)",
    multiple: true,
  },
];

export const FAULT_FLAGS: readonly CliFlag[] = FAULT_OPTIONS.map(({ flag, rate, help }) => ({
  flag,
  value: rate ? "<0..1>" : "<n>",
  help,
}));

export const ALL_FLAGS: readonly CliFlag[] = [...SERVER_FLAGS, ...FAULT_FLAGS, { flag: "help", help: "show this help" }];

export function helpText(): string {
  const usage = (entry: CliFlag) => `--${entry.flag}${entry.value ? ` ${entry.value}` : ""}`;
  const width = Math.max(...ALL_FLAGS.map((entry) => usage(entry).length)) + 2;
  const lines = ALL_FLAGS.map((entry) => `  ${usage(entry).padEnd(width)}${entry.help}`);
  return `Usage: pingone-local [options]

Runs a local PingOne-compatible API (token, propagation stores, plans, rules, mappings and revisions, groups,
a SCIM 2.0 target, admin endpoints).

Options:
${lines.join("\n")}
`;
}

/** The `node:util` parseArgs options for {@link ALL_FLAGS}. */
export function parseArgsOptions(): Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const entry of ALL_FLAGS) {
    options[entry.flag] = entry.value ? { type: "string", ...(entry.multiple && { multiple: true }) } : { type: "boolean" };
  }
  options.help.short = "h";
  return options;
}
