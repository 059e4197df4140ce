/**
 * Bad input to the pipeline resources never reaches PingOne: every case through each provider's `check`,
 * and one engine preview per resource carrying several defects at once (the engine reports every failure
 * of one resource, but stops at the first resource whose check fails; see bad-input.test.ts).
 */
import { createProviders } from "../../provider/lifecycle";
import { declarationFor, idOf, openStack, writesIn, type Declaration, type E2eStack } from "../e2e/harness";
import { quiet } from "./helpers";

jest.setTimeout(600_000);

const ENV = "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90";
const ID = "5b0f7a34-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

interface BadCase {
  resource: "plan" | "rule" | "mapping";
  kind: string;
  args: Record<string, unknown>;
  /** The property path the failure must name. */
  path: string;
  /** Text the reason must contain besides the path. */
  mentions?: string;
}

const goodPlan = { name: "Plan" };
const goodRule = { plan: ID, sourceStore: ID, targetStore: ID, name: "HR users" };
const goodMapping = { rule: ID, sourceAttribute: "username", targetAttribute: "userName" };
const without = (args: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(args).filter(([k]) => k !== key));

const cases: BadCase[] = [
  { resource: "plan", kind: "missing required field (name)", args: {}, path: "name" },
  { resource: "plan", kind: "wrong type (name: number)", args: { name: 42 }, path: "name" },
  { resource: "plan", kind: "wrong type (status: boolean)", args: { ...goodPlan, status: true }, path: "status" },
  {
    resource: "plan",
    kind: "bad value (status)",
    args: { ...goodPlan, status: "RUNNING" },
    path: "status",
    mentions: '"ACTIVE" or "INACTIVE"',
  },
  { resource: "plan", kind: "unknown field", args: { ...goodPlan, colour: "blue" }, path: "colour" },
  { resource: "plan", kind: "misspelled field", args: { ...goodPlan, stauts: "ACTIVE" }, path: "stauts", mentions: "Did you mean status?" },
  ...(["plan", "sourceStore", "targetStore", "name"] as const).map(
    (field): BadCase => ({ resource: "rule", kind: `missing required field (${field})`, args: without(goodRule, field), path: field }),
  ),
  {
    resource: "rule",
    kind: "wrong type (active: string)",
    args: { ...goodRule, active: "yes" },
    path: "active",
    mentions: "true or false",
  },
  { resource: "rule", kind: "wrong type (groups: string)", args: { ...goodRule, groups: "admins" }, path: "groups" },
  { resource: "rule", kind: "wrong type (groups[1]: number)", args: { ...goodRule, groups: [ID, 42] }, path: "groups[1]" },
  {
    resource: "rule",
    kind: "wrong type (configuration: string)",
    args: { ...goodRule, configuration: "BASE_DN=ou=users" },
    path: "configuration",
  },
  { resource: "rule", kind: "empty id (targetStore)", args: { ...goodRule, targetStore: "" }, path: "targetStore" },
  { resource: "rule", kind: "unknown field", args: { ...goodRule, mappings: [] }, path: "mappings" },
  {
    resource: "rule",
    kind: "misspelled field",
    args: { ...goodRule, populationExpresion: 'a eq "b"' },
    path: "populationExpresion",
    mentions: "populationExpression",
  },
  {
    resource: "rule",
    kind: "LDAP pair incomplete",
    args: { ...goodRule, configuration: { BASE_DN: "ou=users,dc=example,dc=com" } },
    path: "configuration.RDN_ATTRIBUTE",
  },
  {
    resource: "rule",
    kind: "LDAP wrong type",
    args: { ...goodRule, configuration: { USERS_BASE_DN: "ou=users", AUTHENTICATE_VIA_AD_LDAP: "no" } },
    path: "configuration.AUTHENTICATE_VIA_AD_LDAP",
  },
  { resource: "mapping", kind: "missing required field (rule)", args: without(goodMapping, "rule"), path: "rule" },
  {
    resource: "mapping",
    kind: "missing required field (targetAttribute)",
    args: without(goodMapping, "targetAttribute"),
    path: "targetAttribute",
  },
  {
    resource: "mapping",
    kind: "both sourceAttribute and expression",
    args: { ...goodMapping, expression: "${user.email}" },
    path: "expression",
    mentions: "sourceAttribute",
  },
  {
    resource: "mapping",
    kind: "neither sourceAttribute nor expression",
    args: without(goodMapping, "sourceAttribute"),
    path: "sourceAttribute",
    mentions: "expression",
  },
  {
    resource: "mapping",
    kind: "wrong type (targetAttribute: number)",
    args: { ...goodMapping, targetAttribute: 7 },
    path: "targetAttribute",
  },
  {
    resource: "mapping",
    kind: "wrong type (attributeMappingType: number)",
    args: { ...goodMapping, attributeMappingType: 1 },
    path: "attributeMappingType",
  },
  {
    resource: "mapping",
    kind: "unknown field",
    args: { ...goodMapping, target: "userName" },
    path: "target",
    mentions: "Valid arguments: rule, targetAttribute",
  },
  {
    resource: "mapping",
    kind: "misspelled field",
    args: { ...goodMapping, nmae: "Username" },
    path: "nmae",
    mentions: "Did you mean name?",
  },
];

describe("every bad input of every pipeline resource, at the provider's check", () => {
  const warnings: string[] = [];
  const providers = createProviders({ settings: { environmentId: ENV }, warn: (w) => warnings.push(w) });

  test("the matrix covers, for each resource, a missing required field, a wrong type and an unknown field; and both sources of a mapping", () => {
    for (const resource of ["plan", "rule", "mapping"] as const) {
      const kinds = cases.filter((c) => c.resource === resource).map((c) => c.kind);
      expect(kinds.some((k) => k.startsWith("missing required"))).toBe(true);
      expect(kinds.some((k) => k.startsWith("wrong type"))).toBe(true);
      expect(kinds.some((k) => k.startsWith("unknown field"))).toBe(true);
    }
    expect(cases.some((c) => c.kind === "both sourceAttribute and expression")).toBe(true);
  });

  test.each(cases.map((c) => [c.resource, c.kind, c] as const))("%s: %s", async (_resource, _kind, c) => {
    const { failures = [] } = await providers[c.resource].check({} as never, c.args as never);
    const failure = failures.find((f) => f.property === c.path);
    expect({ failures, wanted: c.path }).toEqual({
      failures: expect.arrayContaining([expect.objectContaining({ property: c.path })]),
      wanted: c.path,
    });
    expect(failure!.reason).toContain(
      c.path
        .replace(/\[\d+\]$/, "")
        .split(".")
        .pop()!,
    );
    if (c.mentions) expect(failure!.reason).toContain(c.mentions);
  });

  test("the good arguments pass, and deprecated rule fields warn naming their successors", async () => {
    expect((await providers.plan.check({} as never, goodPlan as never)).failures).toEqual([]);
    expect((await providers.mapping.check({} as never, goodMapping as never)).failures).toEqual([]);
    warnings.length = 0;
    const { failures } = await providers.rule.check({} as never, { ...goodRule, populations: [ID], deprovision: true } as never);
    expect(failures).toEqual([]);
    expect(warnings).toEqual([
      'populations is deprecated for PropagationRule; use populationExpression (for example population.id eq "<population id>") instead.',
      "deprovision is deprecated for PropagationRule; use managed: true on the target store instead.",
    ]);
  });

  test("values unknown at preview are not judged, and check made no API call at all", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect((await providers.rule.check({} as never, { ...goodRule, plan: unknown, groups: [unknown, ID] } as never)).failures).toEqual([]);
    expect(providers.context.stats).toBeUndefined();
  });
});

describe("bad pipeline input under the real engine's preview", () => {
  let e2e: E2eStack;
  const hr = declarationFor("scim", "hr");
  const good: Declaration[] = [
    { logicalName: "directory", args: { type: "directory", name: "PingOne Directory" } },
    hr.declaration,
    { kind: "plan", logicalName: "plan", args: { name: "Plan" } },
    {
      kind: "rule",
      logicalName: "rule",
      args: { plan: idOf("plan"), sourceStore: idOf("directory"), targetStore: idOf("hr"), name: "HR users" },
    },
  ];
  let stateBefore: string;
  const state = async () =>
    JSON.stringify(((await e2e.stack.exportStack()).deployment.resources as any[]).map((r) => [r.urn, r.id, r.outputs]));

  beforeAll(async () => {
    e2e = await openStack("bad-input-pipeline");
    await e2e.declare(good, hr.secrets);
    await e2e.stack.up(quiet);
    stateBefore = await state();
  });
  afterAll(async () => {
    try {
      await e2e?.stack.destroy(quiet);
    } finally {
      await e2e?.close();
    }
  });

  async function previewFails(bad: Declaration): Promise<string> {
    await e2e.declare([...good, bad]);
    await e2e.clearRequests();
    const error = (await e2e.stack.preview().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error | undefined;
    expect(error).toBeDefined();
    expect(writesIn(await e2e.requests())).toEqual([]);
    expect(await state()).toBe(stateBefore);
    return String(error!.message);
  }

  const problem = (name: string, path: string) =>
    new RegExp(`resource '${name}': property ${path.replace(/[.[\]]/g, "\\$&")} value .* has a problem: `);

  test("a plan: missing name, a bad status and an unknown field, each named", async () => {
    const message = await previewFails({ kind: "plan", logicalName: "bad-plan", args: { status: "RUNNING", colour: "blue" } });
    for (const path of ["name", "status", "colour"]) expect(message).toMatch(problem("bad-plan", path));
  });

  test("a rule: missing targetStore, wrong types and an unknown field, each named", async () => {
    const message = await previewFails({
      kind: "rule",
      logicalName: "bad-rule",
      args: { plan: idOf("plan"), sourceStore: idOf("directory"), name: "Bad", active: "yes", groups: [42], populationExpresion: "x" },
    });
    for (const path of ["targetStore", "active", "groups[0]", "populationExpresion"]) expect(message).toMatch(problem("bad-rule", path));
    expect(message).toMatch(/Did you mean populationExpression\?/);
  });

  test("a mapping: both sourceAttribute and expression, a wrong type, an unknown field, each named", async () => {
    const message = await previewFails({
      kind: "mapping",
      logicalName: "bad-mapping",
      args: { rule: idOf("rule"), sourceAttribute: "email", expression: "${user.email}", targetAttribute: 7, target: "x" },
    });
    for (const path of ["expression", "targetAttribute", "target"]) expect(message).toMatch(problem("bad-mapping", path));
    expect(message).toMatch(/expression and sourceAttribute are both set/);
  });

  test("a mapping without its rule is refused at preview", async () => {
    const message = await previewFails({
      kind: "mapping",
      logicalName: "orphan-mapping",
      args: { sourceAttribute: "email", targetAttribute: "email" },
    });
    expect(message).toMatch(problem("orphan-mapping", "rule"));
    expect(message).toMatch(/rule is required: the id of the rule the mapping belongs to, normally rule\.ruleId/);
  });

  test("a deprecated rule field previews with a warning that names its successor", async () => {
    await e2e.declare([
      ...good,
      {
        kind: "rule",
        logicalName: "legacy",
        args: { plan: idOf("plan"), sourceStore: idOf("directory"), targetStore: idOf("hr"), name: "Legacy", deprovision: true },
      },
    ]);
    await e2e.clearRequests();
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toMatchObject({ create: 1 });
    expect(preview.stdout).toMatch(/deprovision is deprecated for PropagationRule; use managed: true on the target store instead/);
    expect(writesIn(await e2e.requests())).toEqual([]);
  });
});
