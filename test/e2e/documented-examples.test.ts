/**
 * Every documented example body (the seeds, the Create Store pages' examples the stored pages show, the Test
 * Connection body) as a user would declare it: in a Pulumi program, its secrets in secret stack config,
 * through the real engine's check and create, against the local API rejecting keys the documents do not
 * list (issue 15). Then a no-op preview, and nothing secret in the state a user can export.
 */
import type { StoreTypeName } from "../../provider/store-types";
import { createPageExamples, otherDocumentedExamples } from "../fixtures/create-pages";
import { seedExamples, type FixtureConfiguration } from "../fixtures/store-examples";
import { declarationFor, leakedSecrets, openStack, type E2eStack, type StoreDeclaration } from "./harness";

jest.setTimeout(600_000);

const examples = [...seedExamples, ...createPageExamples, ...otherDocumentedExamples];

describe("documented example bodies under the real engine, secrets as secrets", () => {
  let e2e: E2eStack;
  const declarations: StoreDeclaration[] = [];
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    e2e = await openStack("documented-examples");
    examples.forEach((example, index) => {
      const { configuration, ...rest } = example.body;
      const part = declarationFor(
        example.body.type as StoreTypeName,
        `example-${index}`,
        rest,
        configuration as FixtureConfiguration | undefined,
      );
      declarations.push(part.declaration);
      Object.assign(secrets, part.secrets);
    });
  });
  afterAll(async () => {
    try {
      await e2e?.stack.destroy({ onOutput: () => undefined });
    } finally {
      await e2e?.close();
    }
  });

  test("up creates one store per example; a preview after it changes nothing", async () => {
    expect(Object.keys(secrets).length).toBeGreaterThan(5); // the secrets really went through secret config
    await e2e.declare(declarations, secrets);
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.result).toBe("succeeded");
    const stores = await e2e.listStores();
    expect(stores.map((store) => store.type).sort()).toEqual(examples.map((example) => example.body.type).sort());
    const preview = await e2e.stack.preview({ onOutput: () => undefined });
    expect(preview.changeSummary).toEqual({ same: examples.length + 1 }); // the stores and the stack
  });

  test("no example's secret is in plaintext in what a user can export", async () => {
    const exported = e2e.cli("stack", "export") + e2e.backendFiles();
    expect(leakedSecrets(exported, Object.values(secrets))).toEqual([]);
  });
});
