/**
 * `pingone-propagation export` and its errors, run as a user runs it, against the local API over real HTTP.
 * The round trip through the real engine is in test/e2e/export.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalApi } from "../../local-api";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { createOnServer, startApi } from "../lifecycle/helpers";
import { compile, localApiEnv, printedSecrets, projectDir, runCli } from "./helpers";

jest.setTimeout(120_000);

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe("export", () => {
  let api: LocalApi;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(async () => api.close());

  test("an empty environment gives a module that declares nothing and compiles", async () => {
    const dir = projectDir("empty");
    const run = await runCli(["export", "--out", path.join(dir, "stores.ts")], localApiEnv(api));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Exported 0 store(s), 0 plan(s), 0 rule(s) and 0 mapping(s) to ${path.join(dir, "stores.ts")}.\n`);
    expect(compile(dir)).toEqual({ ok: true, output: "" });
  });

  test("the module goes to stdout by default; progress and the secret lines go to stderr; no secret value anywhere", async () => {
    await createOnServer(api, { type: "scim", name: "HR SCIM", configuration: fullConfigurations.scim });
    const run = await runCli(["export"], localApiEnv(api));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^export const hrScim = new PropagationStore\("hr-scim", \{$/m);
    expect(run.stdout).toContain('BASIC_AUTH_PASSWORD: config.requireSecret("hrScimBasicAuthPassword"),');
    expect(
      printedSecrets(run.stderr)
        .map((secret) => secret.name)
        .sort(),
    ).toEqual(["hrScimBasicAuthPassword", "hrScimOauthAccessToken", "hrScimOauthClientSecret"]);
    for (const key of ["BASIC_AUTH_PASSWORD", "OAUTH_ACCESS_TOKEN", "OAUTH_CLIENT_SECRET"]) {
      const value = fullConfigurations.scim![key] as string;
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
  });

  test("names that collide once converted: the oldest keeps it, the others get their id's first 8 characters; later stores rename nobody", async () => {
    const body = (name: string) => ({ type: "Slack", name, configuration: minimalConfigurations.Slack });
    const first = await createOnServer(api, body("HR Slack"));
    const second = await createOnServer(api, body("hr-slack"));
    await createOnServer(api, body("Sales"));
    const dir = projectDir("collide");
    const out = path.join(dir, "stores.ts");
    expect((await runCli(["export", "--out", out], localApiEnv(api))).code).toBe(0);
    const source = fs.readFileSync(out, "utf8");
    const names = [...source.matchAll(/^export const (\w+) = new PropagationStore\("([^"]+)"/gm)].map((match) => [match[1], match[2]]);
    const short = (id: string) => id.slice(0, 8).toLowerCase();
    const capitalized = (text: string) => text[0].toUpperCase() + text.slice(1);
    expect(names).toEqual(
      expect.arrayContaining([
        ["hrSlack", "hr-slack"],
        [`hrSlack${capitalized(short(second.id))}`, `hr-slack-${short(second.id)}`],
        ["sales", "sales"],
      ]),
    );
    expect(source).toContain(`export const hrSlack = new PropagationStore("hr-slack", {\n  adopt: { id: "${first.id}" }`);
    expect(names).toHaveLength(3);
    expect(compile(dir)).toEqual({ ok: true, output: "" });
    // A later store with yet another colliding name renames nobody.
    await createOnServer(api, body("HR  slack!"));
    await createOnServer(api, body("sales"));
    const again = await runCli(["export"], localApiEnv(api));
    for (const [variable, resource] of names)
      expect(again.stdout).toContain(`export const ${variable} = new PropagationStore("${resource}"`);
  });

  test("500 stores: every page is followed, with progress on stderr", async () => {
    for (let index = 0; index < 500; index++) {
      await createOnServer(api, {
        type: "Slack",
        name: `Team ${String(index).padStart(3, "0")}`,
        configuration: minimalConfigurations.Slack,
      });
    }
    const dir = projectDir("large");
    const out = path.join(dir, "stores.ts");
    const run = await runCli(["export", "--out", out], localApiEnv(api));
    expect(run.code).toBe(0);
    const source = fs.readFileSync(out, "utf8");
    expect(source.match(/new PropagationStore\(/g)).toHaveLength(500);
    expect(new Set([...source.matchAll(/adopt: \{ id: "([^"]+)" \}/g)].map((match) => match[1])).size).toBe(500);
    expect(run.stderr).toContain("  100 stores listed\n");
    expect(run.stderr).toContain("  500 stores listed\n");
    expect(printedSecrets(run.stdout)).toHaveLength(500);
    expect(compile(dir)).toEqual({ ok: true, output: "" });
  });
});

describe("export errors: one clear message, exit 1, no stack trace, no secret", () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  test("bad credentials", async () => {
    const run = await runCli(["export"], localApiEnv(api, { PINGONE_CLIENT_SECRET: "wrong-S3CRET-for-export-1f2e" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^pingone-propagation: PingOne token request for client .* failed: 401 invalid_client/m);
    expect(run.stderr).toMatch(/Check pingone:clientId \(or PINGONE_CLIENT_ID\) and pingone:clientSecret/);
    expect(run.stderr).not.toContain("wrong-S3CRET-for-export-1f2e");
    noStackTrace(run.stderr);
  });

  test("an unknown environment", async () => {
    const run = await runCli(["export", "--environment-id", "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a"], localApiEnv(api));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/404 NOT_FOUND: Environment 7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a not found/);
    expect(run.stderr).toMatch(/Check pingone:environmentId \(or PINGONE_ENVIRONMENT_ID\)/);
    expect(run.stderr.match(/Check /g)).toHaveLength(1);
    noStackTrace(run.stderr);
  });

  test("a failing API, once the retry budget is spent", async () => {
    await fetch(`${api.url}/__admin/faults`, { method: "PUT", body: JSON.stringify({ rate503: 1, retryAfterSeconds: 0 }) });
    try {
      const run = await runCli(["export", "--retry-timeout-seconds", "1"], localApiEnv(api));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^pingone-propagation: PingOne GET \/v1\/environments\/.*\/propagation\/stores failed: 503 SERVICE_UNAVAILABLE/m,
      );
      expect(run.stderr).toMatch(/retry budget of 1s/);
      noStackTrace(run.stderr);
    } finally {
      await fetch(`${api.url}/__admin/faults`, { method: "PUT", body: JSON.stringify({}) });
    }
  });

  test("missing settings, a wrong command, and options that need --stack", async () => {
    const unset = await runCli(["export"], {});
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/^pingone-propagation: PingOne provider settings are incomplete or contradictory:/);
    expect(unset.stderr).toMatch(/pingone:regionCode \(or PINGONE_REGION_CODE\)/);
    const wrong = await runCli(["exprot"], localApiEnv(api));
    expect(wrong.stderr).toBe('pingone-propagation: unknown command "exprot": use export or orphans (see --help).\n');
    const secrets = await runCli(["export", "--write-secrets"], localApiEnv(api));
    expect(secrets.stderr).toMatch(/--write-secrets needs --stack <name>/);
    const orphans = await runCli(["orphans"], localApiEnv(api));
    expect(orphans.stderr).toMatch(/orphans needs --stack <name>/);
    const flag = await runCli(["export", "--colour"], localApiEnv(api));
    expect(flag.stderr).toMatch(/Unknown option '--colour'/);
    for (const run of [unset, wrong, secrets, orphans, flag]) {
      expect(run.code).toBe(1);
      noStackTrace(run.stderr);
    }
    const help = await runCli(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--environment-id +pingone:environmentId \/ PINGONE_ENVIRONMENT_ID/);
  });
});
