/**
 * The onboarding round trip under the real engine: stores of all 14 types and a pipeline (plan, rule, two
 * mappings) made directly through the local API, exported with `pingone-propagation export --stack`,
 * compiled, their printed secrets set, then one `pulumi up` that adopts everything without a single write, a
 * preview with no changes, an edit of the generated code that sends exactly one PUT, and a destroy. Once per
 * way PingOne returns secrets on read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { storeTypes } from "../../provider/store-types";
import { fullConfigurations, minimalConfigurations } from "../fixtures/store-examples";
import { compile, printedSecrets, projectDir, runCli } from "../cli/helpers";
import { leakedSecrets, openStack, writesIn, type E2eStack } from "./harness";

jest.setTimeout(900_000);

const storeName = (type: string) => `Onboarded ${type}`;
const configurationOf = (type: (typeof storeTypes)[number]) => fullConfigurations[type] ?? minimalConfigurations[type];

describe.each(["plaintext", "masked", "omitted"] as const)("export, then adopt, with secrets %s on read", (secretsOnRead) => {
  let e2e: E2eStack;
  let dir: string;
  beforeAll(async () => {
    dir = projectDir(secretsOnRead);
    e2e = await openStack(`export-${secretsOnRead}`, { secretsOnRead }, dir);
  });
  afterAll(async () => {
    await e2e?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("export, compile, set the secrets, up (no POST, no PUT), no-change preview, one edit is one PUT, destroy", async () => {
    for (const type of storeTypes) {
      const configuration = configurationOf(type);
      const created = await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/stores`, {
        type,
        name: storeName(type),
        description: `made in the console (${type})`,
        ...(configuration && { configuration }),
      });
      expect(created.status).toBe(201);
    }

    // The pipeline into the scim store: the plan, a rule from the directory store, two mappings.
    const stores = await e2e.listStores();
    const idOf = (type: string) => stores.find((store) => store.type === type)!.id;
    const plan = await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/plans`, {
      name: "Onboarded plan",
      status: "ACTIVE",
    });
    const rule = await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/plans/${plan.json.id}/rules`, {
      sourceStore: { id: idOf("directory") },
      targetStore: { id: idOf("scim") },
      name: "Onboarded rule",
      active: true,
      populationExpression: 'department eq "HR"',
    });
    for (const body of [
      { sourceAttribute: "username", targetAttribute: "userName" },
      { expression: "${user.name.given}", targetAttribute: "givenName" },
    ]) {
      expect(
        (await e2e.callApi("POST", `/v1/environments/${e2e.environmentId}/propagation/rules/${rule.json.id}/mappings`, body)).status,
      ).toBe(201);
    }

    // The command reads the stack's pingone:* config, as a user runs it in the project directory. Where PingOne
    // returns secrets in plaintext, --write-secrets sets them in the stack's config; otherwise the user does.
    const writeSecrets = secretsOnRead === "plaintext" ? ["--write-secrets"] : [];
    const run = await runCli(["export", "--stack", e2e.stackName, "--out", "stores.ts", ...writeSecrets], e2e.pulumiEnv, dir);
    expect(run.stderr).toContain("Listing the stores, plans, rules and mappings of environment");
    expect(run.code).toBe(0);
    const module = fs.readFileSync(path.join(dir, "stores.ts"), "utf8");
    expect(module.match(/new PropagationStore\(/g)).toHaveLength(storeTypes.length);
    expect(module.match(/new PropagationPlan\(/g)).toHaveLength(1);
    expect(module.match(/new PropagationMapping\(/g)).toHaveLength(2);
    // References are written as references.
    expect(module).toMatch(/^ {2}plan: onboardedPlan\.planId,$/m);
    expect(module).toMatch(/^ {2}sourceStore: onboardedDirectory\.storeId,$/m);
    expect(module).toMatch(/^ {2}rule: onboardedRule\.ruleId,$/m);
    expect(compile(dir)).toEqual({ ok: true, output: "" });
    const allSecrets = storeTypes.flatMap((type) =>
      Object.values(configurationOf(type) ?? {}).filter((value): value is string => typeof value === "string" && value.includes("S3CRET")),
    );
    expect(leakedSecrets(module + run.stdout + run.stderr, allSecrets)).toEqual([]);

    // Set every printed secret to the store's real value, as the user would.
    const printed = printedSecrets(run.stdout);
    if (secretsOnRead === "plaintext") {
      expect(printed).toEqual([]);
      expect(run.stdout).toMatch(/Set \d+ secret\(s\) PingOne returned in plaintext in stack .*'s config/);
      // In the stack's config as Pulumi secrets: readable through Pulumi, never in plaintext in its file.
      const configFile = fs.readFileSync(path.join(dir, `Pulumi.${e2e.stackName}.yaml`), "utf8");
      expect(configFile).toMatch(/secure: /);
      expect(leakedSecrets(configFile, allSecrets)).toEqual([]);
    } else {
      expect(printed.length).toBeGreaterThan(0);
    }
    const secretConfig = Object.fromEntries(
      printed.map((secret) => {
        const type = storeTypes.find((candidate) => storeName(candidate) === secret.store)!;
        return [secret.name, { value: String(configurationOf(type)![secret.key]), secret: true }];
      }),
    );
    await e2e.stack.setAllConfig(secretConfig);

    await e2e.clearRequests();
    const up = await e2e.stack.up({ onOutput: () => undefined });
    const declared = storeTypes.length + 4; // the stores, the plan, the rule and two mappings
    expect(up.summary.resourceChanges).toMatchObject({ create: declared + 1 });
    // Not one write: no POST, no PUT, and no revision (nothing changed).
    expect(writesIn(await e2e.requests())).toEqual([]);
    expect(await e2e.listStores()).toHaveLength(storeTypes.length);

    const preview = await e2e.stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: declared + 1 });

    // One value changed in the generated code: exactly one PUT.
    const edited = module.replace('description: "made in the console (Slack)"', 'description: "managed by Pulumi now"');
    expect(edited).not.toBe(module);
    fs.writeFileSync(path.join(dir, "stores.ts"), edited);
    await e2e.clearRequests();
    const update = await e2e.stack.up({ onOutput: () => undefined });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1, same: declared });
    // Exactly one PUT; the only other write is the run's propagation revision.
    const writes = writesIn(await e2e.requests()).filter((entry) => !entry.path.endsWith("/propagation/revisions"));
    expect(writes.map((entry) => entry.method)).toEqual(["PUT"]);
    const slack = (await e2e.listStores()).find((store) => store.type === "Slack")!;
    expect(slack.description).toBe("managed by Pulumi now");
    expect(writes[0].path.endsWith(`/propagation/stores/${slack.id}`)).toBe(true);

    await e2e.stack.destroy({ onOutput: () => undefined });
    expect(await e2e.listStores()).toEqual([]);
  });
});
