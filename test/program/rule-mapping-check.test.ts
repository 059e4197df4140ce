/**
 * The Azure rule-mapping warning's judgement, in a program under the SDK's mocks (the real-engine preview is
 * test/e2e/rule-mapping-warning.test.ts): which declarations warn, and every case where it stays silent
 * rather than guess. The declarations accumulate, as in one program.
 */
import * as pulumi from "@pulumi/pulumi";
import { PropagationMapping, PropagationPlan, PropagationRule, PropagationStore } from "../../provider";
import { missingMappingWarnings } from "../../provider/resource/rule-mapping-check";
import { minimalConfigurations } from "../fixtures/store-examples";

pulumi.runtime.setMocks(
  { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
  "project",
  "stack",
  true, // a preview
);

/** Every resource declared, so that the suite waits for their registrations before the environment goes. */
const declared: pulumi.CustomResource[] = [];
const keep = <T extends pulumi.CustomResource>(resource: T): T => {
  declared.push(resource);
  return resource;
};
afterAll(() => Promise.all(declared.map((resource) => new Promise((resolve) => resource.urn.apply(resolve)))));

const warned = () => missingMappingWarnings().map((warning) => warning.message.split(" targets ")[0]);
const directory = keep(new PropagationStore("directory", { type: "directory", name: "PingOne Directory" }));
const plan = keep(new PropagationPlan("plan", { name: "Workforce provisioning" }));
const ruleInto = (name: string, targetStore: pulumi.Input<string>) =>
  keep(new PropagationRule(name, { plan: plan.planId, sourceStore: directory.storeId, targetStore, name }));

describe("the DefaultPassword mapping warning", () => {
  test("a program without an Azure store records nothing and warns about nothing", () => {
    const scim = keep(new PropagationStore("hr", { type: "scim", name: "HR", configuration: minimalConfigurations.scim as any }));
    const rule = ruleInto("hr-rule", scim.storeId);
    keep(new PropagationMapping("hr-user", { rule: rule.ruleId, sourceAttribute: "username", targetAttribute: "userName" }));
    expect(missingMappingWarnings()).toEqual([]);
  });

  const azure = keep(
    new PropagationStore("azure", {
      type: "AzureActiveDirectorySAML2",
      name: "Entra",
      configuration: minimalConfigurations.AzureActiveDirectorySAML2 as any,
    }),
  );
  let azureRule: PropagationRule;

  test("a rule into it without the mapping warns, naming rule, store, attribute and fix, on that rule", () => {
    azureRule = ruleInto("azure-rule", azure.storeId);
    // A source attribute is no PEL expression: it does not count.
    keep(
      new PropagationMapping("azure-password-attr", { rule: azureRule.ruleId, sourceAttribute: "password", targetAttribute: "password" }),
    );
    const warnings = missingMappingWarnings();
    expect(warnings.map((warning) => warning.resource)).toEqual([azureRule]);
    expect(warnings[0].message).toContain('PropagationRule "azure-rule" targets the AzureActiveDirectorySAML2 store "azure"');
    expect(warnings[0].message).toContain("maps DefaultPassword with an expression");
    expect(warnings[0].message).toContain('targetAttribute: "password", expression:');
  });

  test("an expression mapping of password (or DefaultPassword) satisfies it", () => {
    keep(
      new PropagationMapping("azure-password", {
        rule: azureRule.ruleId,
        expression: '"Welcome-" + ${user.id}',
        targetAttribute: "password",
      }),
    );
    expect(warned()).toEqual([]);
    const other = ruleInto("azure-rule-2", azure.id);
    expect(warned()).toEqual(['PropagationRule "azure-rule-2"']);
    keep(
      new PropagationMapping("azure-default-password", {
        rule: other.ruleId,
        expression: '"Welcome-" + ${user.id}',
        targetAttribute: "DefaultPassword",
      }),
    );
    expect(warned()).toEqual([]);
  });

  test("silent when unsure: a target that is not the store's own storeId is not judged", () => {
    ruleInto(
      "azure-rule-derived",
      azure.storeId.apply((id) => id),
    );
    expect(warned()).toEqual([]);
  });

  test("silent when unsure: a target attribute that is an Output stands down for its rule", () => {
    const rule = ruleInto("azure-rule-output-attribute", azure.storeId);
    expect(warned()).toEqual(['PropagationRule "azure-rule-output-attribute"']);
    keep(
      new PropagationMapping("azure-unknown-attribute", {
        rule: rule.ruleId,
        expression: '"x"',
        targetAttribute: pulumi.output("password"),
      }),
    );
    expect(warned()).toEqual([]);
  });

  test("silent when unsure: a mapping whose rule is no declared rule's own ruleId stands the whole check down", () => {
    const rule = ruleInto("azure-rule-3", azure.storeId);
    expect(warned()).toEqual(['PropagationRule "azure-rule-3"']);
    keep(
      new PropagationMapping("azure-derived-rule", {
        rule: rule.ruleId.apply((id) => id),
        sourceAttribute: "username",
        targetAttribute: "userPrincipalName",
      }),
    );
    expect(warned()).toEqual([]);
  });

  test("a rule read with get is never judged", () => {
    // A fresh Azure-free view is not possible mid-program, so judge by the rule list: a get rule is not in it.
    const read = keep(PropagationRule.get("existing-rule", "rule-id-1"));
    expect(missingMappingWarnings().some((warning) => warning.resource === read)).toBe(false);
  });
});
