/**
 * The preview warning for a rule that lacks the mappings its target store's type requires (issue 15).
 *
 * Create Store (AzureActiveDirectorySAML2) says `DefaultPassword` (required) and `DoBase64Conversion`
 * (optional) are not configuration keys but rule mappings with a PingOne Expression Language expression; the
 * schema lists them in `x-ruleMappings` (read with `ruleMappingsOf`). A rule into such a store without them
 * cannot provision anybody, so the program warns, naming the rule, the store, the missing attribute and the fix.
 *
 * Why here, in the program, and not in the provider process: at the preview of a new stack a store's id is
 * unknown, so the provider cannot tell which rule targets an Azure store. The program can: a rule's
 * `targetStore` is normally the very `store.storeId` Output object (the store's `id`), and a mapping's `rule`
 * the very `rule.ruleId`. Matching is by object identity, which holds whether the values are known or not.
 *
 * When: `beforeExit`, once the event loop is empty, i.e. once the program (async programs included) has
 * declared everything. Pulumi's own runtime keeps its shutdown `beforeExit` handler last for exactly this use
 * (`@pulumi/pulumi/cmd/run/index.js`: libraries may declare resources there), and waits for the log RPC. A
 * check at `setImmediate` would run between two `await`s of an async program and warn about mappings it has
 * not seen yet. An inline automation program never reaches `beforeExit` during its run, so it gets no
 * warning: a missed warning, never a false one.
 *
 * Never a false warning: a rule whose target is not an identical store Output is not judged; a mapping whose
 * `rule` is no rule this program declared (an `apply` of the id, say) makes the whole check stand down, as it
 * could belong to any rule; a mapping whose target attribute is not a plain string stands down for its rule.
 * Never a failure: the check only logs, catches everything, and makes no API request. Cost for a program
 * without such a store: one `ruleMappingsOf` lookup per store; rules and mappings are recorded only after such
 * a store was declared (a rule needs its store's id, so it is always declared after it).
 */
import * as pulumi from "@pulumi/pulumi";
import { ruleMappingsOf } from "../store-types";

interface StoreEntry {
  name: string;
  type: string;
  required: readonly string[];
  optional: readonly string[];
}

interface RuleEntry {
  name: string;
  resource: pulumi.Resource;
  target?: StoreEntry;
}

interface MappingEntry {
  rule: unknown;
  targetAttribute: unknown;
  expression: unknown;
}

/** Stores whose type requires rule mappings, by their `id` Output (= `storeId`). */
const storesById = new Map<unknown, StoreEntry>();
/** Every rule declared after such a store, by its `id` Output (= `ruleId`). */
const rulesById = new Map<unknown, RuleEntry>();
const mappings: MappingEntry[] = [];
let armed = false;

/** Called by each PropagationStore; `id` is its `id` (= `storeId`). */
export function noteStore(name: string, type: unknown, id: pulumi.Output<string>): void {
  if (typeof type !== "string") return;
  const { required, optional } = ruleMappingsOf(type);
  if (required.length === 0 && optional.length === 0) return;
  storesById.set(id, { name, type, required, optional });
  if (!armed) {
    armed = true;
    process.once("beforeExit", () => {
      try {
        for (const { message, resource } of missingMappingWarnings()) pulumi.log.warn(message, resource).catch(() => undefined);
      } catch {
        // A warning is a courtesy: nothing here may fail the run.
      }
    });
  }
}

/** Called by each managed PropagationRule (not by `PropagationRule.get`: its mappings live elsewhere). */
export function noteRule(name: string, resource: pulumi.Resource, targetStore: unknown, id: pulumi.Output<string>): void {
  if (storesById.size === 0) return;
  rulesById.set(id, { name, resource, target: storesById.get(targetStore) });
}

/** Called by each managed PropagationMapping. */
export function noteMapping(rule: unknown, targetAttribute: unknown, expression: unknown): void {
  if (rulesById.size === 0) return;
  mappings.push({ rule, targetAttribute, expression });
}

/**
 * Which mapping target attributes satisfy a required rule mapping. The page says both "implemented as a rule
 * mapping" for DefaultPassword and "implement DefaultPassword as part of the PEL for the rule mapping for the
 * required password property": a mapping targeting `DefaultPassword` or `password` counts (case-insensitive).
 */
function satisfiedBy(attribute: string): string[] {
  return attribute === "DefaultPassword" ? ["defaultpassword", "password"] : [attribute.toLowerCase()];
}

/** The warnings the program's declarations so far call for, one per rule (exported for the unit test). */
export function missingMappingWarnings(): Array<{ message: string; resource: pulumi.Resource }> {
  const warnings: Array<{ message: string; resource: pulumi.Resource }> = [];
  // A mapping whose rule this program did not declare could belong to any rule: judge none.
  if (mappings.some((mapping) => !rulesById.has(mapping.rule))) return warnings;
  for (const [ruleId, rule] of rulesById) {
    if (!rule.target) continue;
    const own = mappings.filter((mapping) => mapping.rule === ruleId);
    if (own.some((mapping) => typeof mapping.targetAttribute !== "string")) continue;
    const withExpression = own
      .filter((mapping) => mapping.expression !== undefined)
      .map((mapping) => (mapping.targetAttribute as string).toLowerCase());
    const missing = rule.target.required.filter((attribute) => !satisfiedBy(attribute).some((target) => withExpression.includes(target)));
    if (missing.length > 0) warnings.push({ message: messageFor(rule, rule.target, missing), resource: rule.resource });
  }
  return warnings;
}

function messageFor(rule: RuleEntry, store: StoreEntry, missing: string[]): string {
  const optional =
    store.optional.length > 0
      ? ` (${store.optional.join(", ")} is optional, as a mapping with an expression too, when the users need it)`
      : "";
  return (
    `PropagationRule "${rule.name}" targets the ${store.type} store "${store.name}", but none of its PropagationMappings ` +
    `maps ${missing.join(", ")} with an expression. Create Store (${store.type}) says ${missing.join(", ")} is no configuration key ` +
    `but a rule mapping with a PingOne Expression Language expression, implemented in the mapping of the password attribute; ` +
    `without it PingOne cannot provision users into the store${optional}. Add: new PropagationMapping("${rule.name}-password", ` +
    `{ rule: <the rule>.ruleId, targetAttribute: "password", expression: "<a PEL expression giving the default password>" }).`
  );
}
