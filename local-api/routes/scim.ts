/**
 * A small SCIM 2.0 target (`/scim/v2/Users`), the kind of server a `scim` propagation store points at.
 * Users live in the same sqlite file as the stores. Protected by HTTP Basic or a static Bearer token.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { parseBasicAuth, safeEqual, type Reply } from "../http";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const PINGONE_USER_EXTENSION = "urn:pingidentity:schemas:extension:2.0:PingOneUser";
/** The population the target reports for users carrying the PingOne extension schema (as in the seed's response). */
export const SCIM_DEFAULT_POPULATION_ID = "cb3ef0a0-0ff5-4f60-ae82-4ae65d9d0e3a";

export interface ScimCredentials {
  basicUser: string;
  basicPassword: string;
  bearerToken: string;
}

type JsonObject = Record<string, unknown>;

function scimReply(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers, contentType: "application/scim+json" };
}

export function scimError(status: number, detail: string, scimType?: string, headers?: Record<string, string>): Reply {
  const body: JsonObject = { schemas: [SCIM_ERROR_SCHEMA], status: String(status), detail };
  if (scimType) body.scimType = scimType;
  return scimReply(status, body, headers);
}

function authorized(authorization: string | undefined, creds: ScimCredentials): boolean {
  if (!authorization) return false;
  if (/^basic\s/i.test(authorization)) {
    const basic = parseBasicAuth(authorization);
    return basic !== undefined && safeEqual(basic.user, creds.basicUser) && safeEqual(basic.password, creds.basicPassword);
  }
  const bearer = /^bearer\s+(\S*)/i.exec(authorization);
  return bearer !== null && safeEqual(bearer[1], creds.bearerToken);
}

function render(stored: JsonObject): JsonObject {
  const { password: _password, ...rest } = stored;
  void _password;
  return rest;
}

function validateUser(body: unknown): { ok: true; value: JsonObject } | { ok: false; reply: Reply } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reply: scimError(400, "The request body must be a JSON object", "invalidSyntax") };
  }
  const b = body as JsonObject;
  if (!Array.isArray(b.schemas) || b.schemas.length === 0 || !b.schemas.every((s) => typeof s === "string")) {
    return { ok: false, reply: scimError(400, "schemas is required", "invalidValue") };
  }
  if (!(b.schemas as string[]).includes(SCIM_USER_SCHEMA)) {
    return { ok: false, reply: scimError(400, `schemas must include ${SCIM_USER_SCHEMA}`, "invalidValue") };
  }
  if (typeof b.userName !== "string" || b.userName.trim() === "") {
    return { ok: false, reply: scimError(400, "userName is required", "invalidValue") };
  }
  if (b.active !== undefined && typeof b.active !== "boolean") {
    return { ok: false, reply: scimError(400, "active must be a boolean", "invalidValue") };
  }
  return { ok: true, value: b };
}

function buildUser(body: JsonObject, id: string, created: string, location: string, now: string): JsonObject {
  const { schemas, id: _id, meta: _meta, userName, active, ...rest } = body;
  void _id;
  void _meta;
  const user: JsonObject = {
    schemas,
    id,
    meta: { resourceType: "User", created, lastModified: now, location },
    userName,
    active: active ?? true,
    ...rest,
  };
  if ((schemas as string[]).includes(PINGONE_USER_EXTENSION) && user[PINGONE_USER_EXTENSION] === undefined) {
    user[PINGONE_USER_EXTENSION] = { population: { id: SCIM_DEFAULT_POPULATION_ID } };
  }
  return user;
}

export interface ScimRequest {
  method: string;
  /** Path below `/scim/v2`, e.g. `/Users` or `/Users/{id}`. */
  subPath: string;
  query: URLSearchParams;
  authorization?: string;
  json: () => { ok: true; value: unknown } | { ok: false };
  /** The server's time (ApiContext.now), ISO 8601: `meta.created` and `meta.lastModified` follow its clock. */
  now: string;
}

export function handleScim(req: ScimRequest, db: Db, baseUrl: string, creds: ScimCredentials): Reply {
  if (!authorized(req.authorization, creds)) {
    return scimError(401, "Authentication required: HTTP Basic or Bearer credentials of the SCIM target", undefined, {
      "WWW-Authenticate": 'Basic realm="scim", Bearer realm="scim"',
    });
  }
  const m = /^\/users(?:\/([^/]+))?\/?$/i.exec(req.subPath);
  if (!m) return scimError(404, `No SCIM resource at ${req.subPath}`);
  const id = m[1] ? decodeURIComponent(m[1]) : undefined;
  const location = (userId: string) => `${baseUrl}/scim/v2/Users/${userId}`;

  if (!id) {
    if (req.method === "GET") {
      let users = db.listUsers().map((j) => JSON.parse(j) as JsonObject);
      const filter = req.query.get("filter");
      if (filter) {
        const f = /^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
        if (!f) return scimError(400, 'Only filters of the form userName eq "value" are supported', "invalidFilter");
        const wanted = f[1].replace(/\\(.)/g, "$1").toLowerCase();
        users = users.filter((u) => String(u.userName).toLowerCase() === wanted);
      }
      const startIndex = Math.max(1, Number.parseInt(req.query.get("startIndex") ?? "1", 10) || 1);
      const countParam = req.query.get("count");
      const count = countParam === null ? users.length : Math.max(0, Number.parseInt(countParam, 10) || 0);
      const page = users.slice(startIndex - 1, startIndex - 1 + count).map(render);
      return scimReply(200, {
        schemas: [SCIM_LIST_SCHEMA],
        totalResults: users.length,
        Resources: page,
        startIndex,
        itemsPerPage: page.length,
      });
    }
    if (req.method === "POST") {
      const parsed = req.json();
      if (!parsed.ok) return scimError(400, "Malformed JSON body", "invalidSyntax");
      const v = validateUser(parsed.value);
      if (!v.ok) return v.reply;
      const userName = v.value.userName as string;
      if (db.findUserIdByName(userName)) return scimError(409, `userName ${JSON.stringify(userName)} is already in use`, "uniqueness");
      const newId = randomUUID();
      const user = buildUser(v.value, newId, req.now, location(newId), req.now);
      db.insertUser(newId, userName, JSON.stringify(user));
      return scimReply(201, render(user), { Location: location(newId) });
    }
    return scimError(405, `${req.method} is not supported on /Users`);
  }

  const existingJson = db.getUser(id);
  if (!existingJson) return scimError(404, `User ${id} not found`);
  const existing = JSON.parse(existingJson) as JsonObject;
  switch (req.method) {
    case "GET":
      return scimReply(200, render(existing));
    case "PUT": {
      const parsed = req.json();
      if (!parsed.ok) return scimError(400, "Malformed JSON body", "invalidSyntax");
      const v = validateUser(parsed.value);
      if (!v.ok) return v.reply;
      const userName = v.value.userName as string;
      const holder = db.findUserIdByName(userName);
      if (holder && holder !== id) return scimError(409, `userName ${JSON.stringify(userName)} is already in use`, "uniqueness");
      const created = (existing.meta as { created: string }).created;
      const user = buildUser(v.value, id, created, location(id), req.now);
      db.replaceUser(id, userName, JSON.stringify(user));
      return scimReply(200, render(user));
    }
    case "DELETE":
      db.deleteUser(id);
      return { status: 204 };
    default:
      return scimError(405, `${req.method} is not supported on /Users/{id}`);
  }
}
