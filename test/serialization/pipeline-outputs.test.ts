/**
 * The program-side classes register an output for every argument the provider's field table knows, or
 * the engine would not surface it; and their `<kind>Id` is the resource's own `id`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PropagationMapping, PropagationPlan, PropagationRule, PropagationStore } from "../../provider";
import { MAPPING_FIELDS } from "../../provider/lifecycle/mapping";
import { PLAN_FIELDS } from "../../provider/lifecycle/plan";
import { RULE_FIELDS } from "../../provider/lifecycle/rule";
import { MAPPING_ARGUMENTS } from "../../provider/resource/propagation-mapping";
import { PLAN_ARGUMENTS } from "../../provider/resource/propagation-plan";
import { RULE_ARGUMENTS } from "../../provider/resource/propagation-rule";

test.each([
  ["PropagationPlan", PLAN_ARGUMENTS, PLAN_FIELDS],
  ["PropagationRule", RULE_ARGUMENTS, RULE_FIELDS],
  ["PropagationMapping", MAPPING_ARGUMENTS, MAPPING_FIELDS],
] as const)("%s registers every field the lifecycle knows", (_resource, registered, fields) => {
  // environmentId is registered by the shared base class.
  expect([...registered, "environmentId"].sort()).toEqual(Object.keys(fields).sort());
});

describe("the <kind>Id outputs", () => {
  test("are the resource's own id (known in previews of updates, unlike provider outputs)", async () => {
    await pulumi.runtime.setMocks({
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: () => ({}),
    });
    const plan = new PropagationPlan("plan", { name: "Plan" });
    const store = new PropagationStore("store", { type: "directory", name: "Directory" });
    const rule = new PropagationRule("rule", { plan: plan.planId, sourceStore: store.storeId, targetStore: store.storeId, name: "Rule" });
    const mapping = new PropagationMapping("mapping", { rule: rule.ruleId, sourceAttribute: "email", targetAttribute: "email" });
    const value = <T>(output: { apply(f: (v: T) => void): unknown }) => new Promise<T>((resolve) => output.apply(resolve));
    expect(await value(plan.planId)).toBe("plan-id");
    expect(await value(store.storeId)).toBe("store-id");
    expect(await value(rule.ruleId)).toBe("rule-id");
    expect(await value(mapping.mappingId)).toBe("mapping-id");
    expect(await value(mapping.rule)).toBe("rule-id");
  });
});
