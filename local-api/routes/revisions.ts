/**
 * Propagation revisions: `POST propagation/revisions`, `GET propagation/revisions/{id}` and the reserved id
 * `id:latest` (the examples URL-encode it as `id%3Alatest`; the router decodes path segments, so both arrive
 * here as `id:latest`). No list, update or delete is documented: those answer 405.
 *
 * A revision is a snapshot (REVS): the plan, stores, rules and mappings as they were when it was created,
 * taken in the same transaction that records it. PingOne does not return the snapshot; the local API keeps it
 * for tests, under `GET /__admin/revisions[/{id}]`, with every secret configuration key masked. Creating a
 * revision starts a resynchronisation of the identity stores in PingOne; nothing flows between stores here.
 */
import { randomUUID } from "node:crypto";
import { environmentHref, nowIso, type ApiContext } from "../context";
import { methodNotAllowed, notFound, type Reply } from "../http";
import type { ApiRequest } from "../request";
import type { RevisionRow } from "../db";
import { PIPELINE_PATHS } from "./paths";
import { snapshotStore } from "./stores";

export const LATEST_REVISION_ID = "id:latest";

interface StoredRevision {
  id: string;
  environment: { id: string };
  createdAt: string;
  createdBy: string;
  previousRevision?: { id: string };
}

function renderRevision(context: ApiContext, revision: StoredRevision): Record<string, unknown> {
  return {
    ...revision,
    _links: { self: { href: environmentHref(context, revision.environment.id, `${PIPELINE_PATHS.revisions}/${revision.id}`) } },
  };
}

export function handleRevisions(request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]): Reply {
  const { method } = request;
  if (rest.length === 0) {
    if (method === "POST") return createRevision(request, context, environmentId);
    return methodNotAllowed(method);
  }
  if (rest.length !== 1) return notFound();
  if (method !== "GET") return methodNotAllowed(method);
  const id = rest[0];
  const json = id === LATEST_REVISION_ID ? context.db.latestRevision(environmentId) : context.db.getRevision(environmentId, id);
  if (!json) {
    return notFound(
      id === LATEST_REVISION_ID
        ? `Environment ${environmentId} has no propagation revision yet: create one with POST ${PIPELINE_PATHS.revisions}.`
        : `Revision ${id} not found in environment ${environmentId}.`,
    );
  }
  return { status: 200, body: renderRevision(context, JSON.parse(json) as StoredRevision) };
}

/** No body is needed (the examples send none, or `{}`), so whatever comes, with any Content-Type, is ignored. */
function createRevision(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  const createdBy = context.tokens.clientIdOf(request.headers.authorization) ?? context.tokens.client.clientId;
  const json = context.db.insertRevision(environmentId, (state) => {
    const revision: StoredRevision = { id: randomUUID(), environment: { id: environmentId }, createdAt: nowIso(context), createdBy };
    if (state.latestRevisionId !== undefined) revision.previousRevision = { id: state.latestRevisionId };
    const snapshot = {
      plan: state.plan === undefined ? null : (JSON.parse(state.plan) as unknown),
      stores: state.stores.map(snapshotStore),
      rules: state.rules.map((rule) => JSON.parse(rule) as unknown),
      mappings: state.mappings.map((mapping) => JSON.parse(mapping) as unknown),
    };
    return { id: revision.id, json: JSON.stringify(revision), snapshot: JSON.stringify(snapshot) };
  });
  const revision = JSON.parse(json) as StoredRevision;
  const location = environmentHref(context, environmentId, `${PIPELINE_PATHS.revisions}/${revision.id}`);
  return { status: 201, body: renderRevision(context, revision), headers: { Location: location } };
}

/** A revision as `/__admin/revisions` shows it: the API's representation plus its `snapshot`. */
export function revisionWithSnapshot(context: ApiContext, row: RevisionRow): Record<string, unknown> {
  return { ...renderRevision(context, JSON.parse(row.json) as StoredRevision), snapshot: JSON.parse(row.snapshot) as unknown };
}
