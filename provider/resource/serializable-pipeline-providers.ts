/**
 * The `__provider`s Pulumi serializes into the state of each plan, rule and mapping: like the store's
 * (serializable-provider.ts), each method only `require`s the lifecycle module by package name inside the
 * provider process and forwards to the named provider there. It captures nothing but two strings (the
 * provider's export name and the method's), never a credential, client or validator, and its text is
 * identical across runs.
 */
import type * as pulumi from "@pulumi/pulumi";

const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

type LifecycleExport = "propagationPlanProvider" | "propagationRuleProvider" | "propagationMappingProvider";

function forwardingProvider(exportName: LifecycleExport): pulumi.dynamic.ResourceProvider {
  return Object.fromEntries(
    METHODS.map((method) => [method, (...args: unknown[]) => require("pulumi-pingone-propagation/lifecycle")[exportName][method](...args)]),
  ) as unknown as pulumi.dynamic.ResourceProvider;
}

export const planProvider = forwardingProvider("propagationPlanProvider");
export const ruleProvider = forwardingProvider("propagationRuleProvider");
export const mappingProvider = forwardingProvider("propagationMappingProvider");
