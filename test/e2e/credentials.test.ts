/**
 * On a bad day, every error names the fix, under the real engine: an unknown environment, a wrong client
 * secret and a worker application without the role each fail `pulumi up` with their own message, naming the
 * settings to check (never a value), from one token request however many stores wait on it.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { DEFAULT_ENVIRONMENT_ID } from "../../local-api";
import { rejectionOf } from "../support/rejection";
import { declarationFor, leakedSecrets, openStack, type E2eStack } from "./harness";

jest.setTimeout(600_000);

const UNKNOWN_ENVIRONMENT = "6a1d3f0e-0000-4000-8000-00000000beef";
const WRONG_SECRET = "e2e-WRONG-S3CRET-5c1a9e77d2b04f3e";
const ROLELESS = { clientId: "8e2f4a6c-1b3d-4e5f-9a7b-0c2d4e6f8a1b", clientSecret: "e2e-ROLELESS-S3CRET-0a8b7c6d5e4f3a2b" };
const STORES = 4;

describe("credentials and permissions under the real engine", () => {
  let e2e: E2eStack;
  const parts = [...Array(STORES).keys()].map((i) => declarationFor("scim", `waiting${i}`));
  const storeSecrets = Object.assign({}, ...parts.map((part) => part.secrets)) as Record<string, string>;

  beforeAll(async () => {
    e2e = await openStack("credentials", { rolelessClient: ROLELESS });
    await e2e.declare(
      parts.map((part) => part.declaration),
      storeSecrets,
    );
  });
  afterAll(async () => e2e?.close());

  test.each<{ case: string; config: ConfigMap; says: RegExp[] }>([
    {
      case: "an unknown environment",
      config: { "pingone:environmentId": { value: UNKNOWN_ENVIRONMENT } },
      says: [
        /404 NOT_FOUND/,
        new RegExp(`PingOne does not know environment ${UNKNOWN_ENVIRONMENT}`),
        /Check pingone:environmentId \(or PINGONE_ENVIRONMENT_ID\)/,
        /pingone:regionCode \(or PINGONE_REGION_CODE\), or pingone:authHostname \(or PINGONE_AUTH_SERVICE_HOSTNAME\)/,
      ],
    },
    {
      case: "a wrong client secret",
      config: { "pingone:clientSecret": { value: WRONG_SECRET, secret: true } },
      says: [/401 invalid_client/, /Check pingone:clientId \(or PINGONE_CLIENT_ID\) and pingone:clientSecret \(or PINGONE_CLIENT_SECRET\)/],
    },
    {
      case: "a worker application without the role",
      config: { "pingone:clientId": { value: ROLELESS.clientId }, "pingone:clientSecret": { value: ROLELESS.clientSecret, secret: true } },
      says: [
        /403 ACCESS_FAILED/,
        /PingOne's propagation API needs the Environment Admin role/,
        new RegExp(
          `The worker application ${ROLELESS.clientId} \\(pingone:clientId \\(or PINGONE_CLIENT_ID\\)\\) lacks it in environment ${DEFAULT_ENVIRONMENT_ID}`,
        ),
      ],
    },
  ])("$case: pulumi up fails with its message, from one token request, with no secret in the output", async ({ config, says }) => {
    const original = await e2e.stack.getAllConfig();
    await e2e.stack.setAllConfig(config);
    await e2e.clearRequests();
    let output = "";
    try {
      const { message } = await rejectionOf(e2e.stack.up({ onOutput: (chunk) => (output += chunk) }));
      for (const pattern of says) expect(output).toMatch(pattern);
      const log = await e2e.requests();
      expect(log.filter((entry) => entry.path.endsWith("/as/token"))).toHaveLength(1);
      expect(log.filter((entry) => entry.path.startsWith("/v1/") && entry.method !== "GET")).toEqual([]);
      const secrets = [WRONG_SECRET, ROLELESS.clientSecret, e2e.api.clientSecret, ...Object.values(storeSecrets)];
      expect(leakedSecrets(`${output}\n${message}`, secrets)).toEqual([]);
      expect(await e2e.listStores()).toEqual([]);
    } finally {
      await e2e.stack.setAllConfig(Object.fromEntries(Object.keys(config).map((key) => [key, original[key]])));
    }
  });
});
