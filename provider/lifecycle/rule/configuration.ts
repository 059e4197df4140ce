/**
 * A rule's `configuration`: only rules from or to an LdapGateway store take one, and PingOne ignores it on
 * every other rule. The documented keys (pipeline reference, section 2.2):
 * - provisioning into LDAP: BASE_DN and RDN_ATTRIBUTE, both required;
 * - provisioning from LDAP: USERS_BASE_DN (always) and AUTHENTICATE_VIA_AD_LDAP; when that flag is true,
 *   the GATEWAY_USER_TYPE_* keys that repeat the gateway's user type.
 * Only the first rows of the inbound table could be read, and it says more GATEWAY_USER_TYPE_* keys exist,
 * so a key outside this list is a warning (with a "did you mean"), never a refusal: the documents may
 * allow it. Whether the target store is an LdapGateway is not known at check (it is an id), so PingOne
 * says when an LDAP rule lacks its configuration.
 */
import { didYouMean } from "../../store-types/suggest";
import { describeJsonType, isPlainObject, isPreviewUnknown, type ValidationResult } from "../../store-types/validation";

const KEY_TYPES: Record<string, "string" | "boolean"> = {
  BASE_DN: "string",
  RDN_ATTRIBUTE: "string",
  USERS_BASE_DN: "string",
  AUTHENTICATE_VIA_AD_LDAP: "boolean",
  GATEWAY_USER_TYPE_ALLOW_PASSWORD_CHANGES: "boolean",
  GATEWAY_USER_TYPE_CORRELATION_ATTRIBUTES: "string",
  GATEWAY_USER_TYPE_ID: "string",
};

const OUTBOUND_PAIR = ["BASE_DN", "RDN_ATTRIBUTE"] as const;
const GATEWAY_USER_TYPE_KEYS = [
  "GATEWAY_USER_TYPE_ALLOW_PASSWORD_CHANGES",
  "GATEWAY_USER_TYPE_CORRELATION_ATTRIBUTES",
  "GATEWAY_USER_TYPE_ID",
];

export function validateRuleConfiguration(configuration: unknown, result: ValidationResult): void {
  // Not an object (or unknown at preview): the field's own check said what was needed.
  if (!isPlainObject(configuration)) return;
  const fail = (key: string, reason: string) =>
    result.failures.push({ property: `configuration.${key}`, reason: `configuration.${key} ${reason}` });
  const has = (key: string) => configuration[key] !== undefined;

  for (const [key, value] of Object.entries(configuration)) {
    // A GATEWAY_USER_TYPE_* key the readable rows did not list: documented to exist, type unknown.
    const expected: "string" | "boolean" | "undocumented" | undefined =
      key in KEY_TYPES ? KEY_TYPES[key] : key.startsWith("GATEWAY_USER_TYPE_") ? undefined : "undocumented";
    if (expected === "undocumented") {
      result.warnings.push(
        `configuration.${key} is not a documented rule configuration key.${didYouMean(key, Object.keys(KEY_TYPES))} ` +
          `PingOne ignores rule configuration except on rules from or to an LdapGateway store; keys are case-sensitive.`,
      );
      continue;
    }
    if (isPreviewUnknown(value)) continue;
    if (expected === "string" && (typeof value !== "string" || value.trim() === ""))
      fail(key, `must be a non-empty string, not ${describeJsonType(value)}.`);
    else if (expected === "boolean" && typeof value !== "boolean") fail(key, `must be true or false, not ${describeJsonType(value)}.`);
    else if (expected === undefined && typeof value !== "string" && typeof value !== "boolean")
      fail(key, `must be a string or a boolean, not ${describeJsonType(value)}.`);
  }

  const [first, second] = OUTBOUND_PAIR;
  if (has(first) !== has(second)) {
    const missing = has(first) ? second : first;
    fail(
      missing,
      `is required with ${has(first) ? first : second}: a rule that provisions into an LdapGateway store needs both BASE_DN and RDN_ATTRIBUTE.`,
    );
  }
  const inbound = has("AUTHENTICATE_VIA_AD_LDAP") || GATEWAY_USER_TYPE_KEYS.some(has);
  if (inbound && !has("USERS_BASE_DN"))
    fail("USERS_BASE_DN", "is required on a rule that provisions from an LdapGateway store: the search base for users.");
  if (configuration.AUTHENTICATE_VIA_AD_LDAP === true) {
    for (const key of GATEWAY_USER_TYPE_KEYS.filter((k) => !has(k))) {
      fail(key, "is required when AUTHENTICATE_VIA_AD_LDAP is true: it must equal the matching field of the gateway's user type.");
    }
  }
}
