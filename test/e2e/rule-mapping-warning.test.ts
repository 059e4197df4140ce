/**
 * Create Store (AzureActiveDirectorySAML2) requires DefaultPassword as a rule mapping with a PingOne
 * Expression Language expression (issue 15). Under the real engine, at the preview of a fresh stack (every
 * store id still unknown): a rule into an Azure store without that mapping warns, naming the rule, the store,
 * the attribute and the fix; the preview still succeeds and nothing is written. With the mapping, or with a
 * target of another type, there is no such warning.
 */
import { declarationFor, idOf, openStack, writesIn, type Declaration, type E2eStack } from "./harness";

jest.setTimeout(600_000);

const WARNING =
  /PropagationRule "azure-rule" targets the AzureActiveDirectorySAML2 store "azure", but none of its PropagationMappings maps DefaultPassword with an expression/;

describe("a rule into an Azure AD store without its DefaultPassword mapping warns at preview", () => {
  let e2e: E2eStack;
  const azure = declarationFor("AzureActiveDirectorySAML2", "azure");
  const scim = declarationFor("scim", "hr");
  const secrets = { ...azure.secrets, ...scim.secrets };
  const pipeline = (targetStore: string, extraMappings: Declaration[] = []): Declaration[] => [
    { logicalName: "directory", args: { type: "directory", name: "PingOne Directory" } },
    azure.declaration,
    scim.declaration,
    { kind: "plan", logicalName: "plan", args: { name: "Workforce provisioning" } },
    {
      kind: "rule",
      logicalName: "azure-rule",
      args: { plan: idOf("plan"), sourceStore: idOf("directory"), targetStore: idOf(targetStore), name: "Everyone" },
    },
    {
      kind: "mapping",
      logicalName: "upn",
      args: { rule: idOf("azure-rule"), sourceAttribute: "username", targetAttribute: "userPrincipalName" },
    },
    ...extraMappings,
  ];
  const passwordMapping: Declaration = {
    kind: "mapping",
    logicalName: "password",
    args: { rule: idOf("azure-rule"), expression: '"Welcome-" + ${user.id}', targetAttribute: "password" },
  };

  beforeAll(async () => {
    e2e = await openStack("rule-mapping-warning");
  });
  afterAll(async () => e2e?.close());

  async function preview(declarations: Declaration[]): Promise<string> {
    await e2e.declare(declarations, secrets);
    await e2e.clearRequests();
    const result = await e2e.stack.preview({ onOutput: () => undefined });
    expect(result.changeSummary).toEqual({ create: declarations.length + 1 }); // a fresh stack: everything is new
    expect(writesIn(await e2e.requests())).toEqual([]);
    return result.stdout;
  }

  test("without the mapping: one warning naming the rule, the store, DefaultPassword and the fix", async () => {
    const output = await preview(pipeline("azure"));
    expect(output).toMatch(WARNING);
    expect(output).toMatch(/targetAttribute: "password", expression:/);
    // The engine shows a diagnostic live and again in its summary; the summary holds each one once.
    const summary = output.slice(output.lastIndexOf("Diagnostics:"));
    expect(summary.match(new RegExp(WARNING.source, "g"))).toHaveLength(1);
  });

  test("with an expression mapping of the password attribute: no warning", async () => {
    expect(await preview(pipeline("azure", [passwordMapping]))).not.toMatch(/DefaultPassword/);
  });

  test("a rule into a store of another type: no warning", async () => {
    expect(await preview(pipeline("hr"))).not.toMatch(/DefaultPassword/);
  });
});
