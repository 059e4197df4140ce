/**
 * Groups: `GET /v1/environments/{envId}/groups[?filter=…&limit=…]` and `GET groups/{groupId}`, enough for a
 * rule's `groups` and for lookups by name. PingOne's full groups API (create, members, nesting) is not
 * emulated; tests and scripts seed groups with `POST /__admin/groups` or `pingone-local --group <name>`.
 *
 * `filter` is a SCIM filter over the attributes Read All Groups documents: `name`, `externalId`,
 * `displayName` (eq, sw), `id`, `population.id`, `sourceId` (eq), combined with `and` / `or` and parentheses.
 * Attribute names and operators are case-insensitive; values compare exactly. Seeded groups carry only
 * `name` and `description`, so a filter on another documented attribute is valid and matches none. Anything
 * else is 400 INVALID_DATA with an INVALID_FILTER detail.
 */
import { randomUUID } from "node:crypto";
import { environmentHref, nowIso, type ApiContext } from "../context";
import { BodyReader, objectBody } from "../fields";
import { invalidData, methodNotAllowed, notFound, type Reply } from "../http";
import type { ApiRequest } from "../request";
import { pageOf } from "./paging";
import { PIPELINE_PATHS } from "./paths";

interface StoredGroup {
  id: string;
  environment: { id: string };
  name: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
}

function renderGroup(context: ApiContext, group: StoredGroup): Record<string, unknown> {
  return { ...group, _links: { self: { href: environmentHref(context, group.environment.id, `${PIPELINE_PATHS.groups}/${group.id}`) } } };
}

export function handleGroups(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  if (request.method !== "GET") return methodNotAllowed(request.method);
  if (rest.length === 0) return listGroups(request, context, environmentId);
  if (rest.length !== 1) return notFound();
  const json = context.db.getGroup(environmentId, rest[0]);
  if (!json) return notFound(`Group ${rest[0]} not found in environment ${environmentId}.`);
  return { status: 200, body: renderGroup(context, JSON.parse(json) as StoredGroup) };
}

function listGroups(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  const filterText = request.query.get("filter");
  const filter = filterText === null ? { ok: true as const, matches: () => true } : parseFilter(filterText);
  if (!filter.ok) return invalidData([{ code: "INVALID_FILTER", target: "filter", message: filter.message }]);
  const page = pageOf(request, environmentHref(context, environmentId, PIPELINE_PATHS.groups), (afterSeq, limit) =>
    context.db
      .listGroups(environmentId, afterSeq)
      .filter((row) => filter.matches(JSON.parse(row.json) as StoredGroup))
      .slice(0, limit),
  );
  if (!page.ok) return page.reply;
  const groups = page.rows.map((row) => renderGroup(context, JSON.parse(row.json) as StoredGroup));
  return { status: 200, body: { _links: page.links, _embedded: { groups }, size: groups.length } };
}

// ---- filter --------------------------------------------------------------------------------------------------

/** Documented filter attributes (lower-cased) and their operators. */
const FILTER_ATTRIBUTES: Record<string, { operators: string[]; read: (group: StoredGroup) => unknown }> = {
  name: { operators: ["eq", "sw"], read: (group) => group.name },
  externalid: { operators: ["eq", "sw"], read: () => undefined },
  displayname: { operators: ["eq", "sw"], read: () => undefined },
  id: { operators: ["eq"], read: (group) => group.id },
  "population.id": { operators: ["eq"], read: () => undefined },
  sourceid: { operators: ["eq"], read: () => undefined },
};

const SUPPORTED = 'name, externalId, displayName (eq, sw); id, population.id, sourceId (eq); joined by and / or, e.g. name eq "Sales"';

type Matcher = (group: StoredGroup) => boolean;
type Token = { kind: "open" | "close" | "word" | "string"; text: string };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))/y;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) return `unterminated string at position ${position}`;
    position = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: "open", text: "(" });
    else if (match[2]) tokens.push({ kind: "close", text: ")" });
    else if (match[3] !== undefined) tokens.push({ kind: "string", text: match[3].replace(/\\(.)/g, "$1") });
    else tokens.push({ kind: "word", text: match[4] });
  }
  return tokens;
}

/** filter := term ("or" term)*; term := factor ("and" factor)*; factor := "(" filter ")" | attribute op "value". */
export function parseFilter(text: string): { ok: true; matches: Matcher } | { ok: false; message: string } {
  const tokens = tokenize(text);
  const fail = (why: string) => ({
    ok: false as const,
    message: `Invalid filter ${JSON.stringify(text)}: ${why}. Supported: ${SUPPORTED}.`,
  });
  if (typeof tokens === "string") return fail(tokens);
  let index = 0;
  const isWord = (word: string) => tokens[index]?.kind === "word" && tokens[index].text.toLowerCase() === word;

  const factor = (): Matcher | string => {
    const token = tokens[index];
    if (!token) return "the filter ends too early";
    if (token.kind === "open") {
      index++;
      const inner = disjunction();
      if (typeof inner === "string") return inner;
      if (tokens[index]?.kind !== "close") return "a parenthesis is not closed";
      index++;
      return inner;
    }
    const [attributeToken, operatorToken, valueToken] = tokens.slice(index, index + 3);
    if (attributeToken.kind !== "word") return `expected an attribute, found ${JSON.stringify(attributeToken.text)}`;
    const attribute = FILTER_ATTRIBUTES[attributeToken.text.toLowerCase()];
    if (!attribute) return `attribute ${JSON.stringify(attributeToken.text)} cannot be filtered on`;
    const operator = operatorToken?.kind === "word" ? operatorToken.text.toLowerCase() : undefined;
    if (!operator || !attribute.operators.includes(operator)) {
      return `${attributeToken.text} takes ${attribute.operators.join(" or ")}, not ${JSON.stringify(operatorToken?.text ?? "nothing")}`;
    }
    if (valueToken?.kind !== "string") return `${attributeToken.text} ${operator} needs a quoted value`;
    index += 3;
    const expected = valueToken.text;
    return (group) => {
      const actual = attribute.read(group);
      if (typeof actual !== "string") return false;
      return operator === "eq" ? actual === expected : actual.startsWith(expected);
    };
  };
  /** operand (word operand)*, folded left with `combine`: `and` binds tighter because disjunction's operand is conjunction. */
  const chain =
    (operand: () => Matcher | string, word: string, combine: (left: boolean, right: () => boolean) => boolean) => (): Matcher | string => {
      let left = operand();
      while (typeof left !== "string" && isWord(word)) {
        index++;
        const right = operand();
        if (typeof right === "string") return right;
        const previous = left;
        left = (group) => combine(previous(group), () => right(group));
      }
      return left;
    };
  const conjunction = chain(factor, "and", (left, right) => left && right());
  const disjunction: () => Matcher | string = chain(conjunction, "or", (left, right) => left || right());

  if (tokens.length === 0) return fail("it is empty");
  const matcher = disjunction();
  if (typeof matcher === "string") return fail(matcher);
  if (index < tokens.length) return fail(`unexpected ${JSON.stringify(tokens[index].text)}`);
  return { ok: true, matches: matcher };
}

// ---- seeding (local API only) --------------------------------------------------------------------------------

function insertGroup(context: ApiContext, environmentId: string, name: string, description: string | undefined): StoredGroup {
  const now = nowIso(context);
  const group: StoredGroup = {
    id: randomUUID(),
    environment: { id: environmentId },
    name,
    ...(description !== undefined && { description }),
    createdAt: now,
    updatedAt: now,
  };
  context.db.insertGroup(environmentId, group.id, name, JSON.stringify(group));
  return group;
}

/** `--group <name>`: groups in the environment, created unless one of that name exists. */
export function seedGroups(context: ApiContext, environmentId: string, names: readonly string[]): void {
  for (const name of names) if (!context.db.findGroupByName(environmentId, name)) insertGroup(context, environmentId, name, undefined);
}

/** `POST /__admin/groups {environmentId?, name, description?}`: 201 with the group; a name is unique in its environment. */
export function createGroupFromAdmin(request: ApiRequest, context: ApiContext): Reply {
  const parsed = objectBody(request);
  if (!parsed.ok) return parsed.reply;
  const reader = new BodyReader(parsed.body);
  const environmentId = reader.string("environmentId") ?? [...context.environments][0];
  if (!context.environments.has(environmentId)) {
    reader.refuse(
      "INVALID_VALUE",
      "environmentId",
      `Environment ${environmentId} is not served here: use one of ${[...context.environments].join(", ")}.`,
    );
  }
  const name = reader.requiredString("name");
  const description = reader.string("description");
  if (name !== undefined) {
    const existing = context.db.findGroupByName(environmentId, name);
    if (existing) {
      const existingId = (JSON.parse(existing) as StoredGroup).id;
      reader.refuse(
        "UNIQUENESS_VIOLATION",
        "name",
        `Environment ${environmentId} already has a group named ${JSON.stringify(name)} (${existingId}).`,
      );
    }
  }
  const refusal = reader.refusal();
  if (refusal) return refusal;
  return { status: 201, body: renderGroup(context, insertGroup(context, environmentId, name as string, description)) };
}
