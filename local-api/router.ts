/**
 * Which module answers which path. Each resource has one module in `routes/`; adding one is a line here.
 *
 *   /__admin/...                                  routes/admin.ts   (no token, no faults, not logged)
 *   /scim/v2/...                                  routes/scim.ts    (the SCIM target stores point at)
 *   /{envId}/as/token                             routes/tokens.ts
 *   /v1/environments/{envId}/propagation/stores   routes/stores.ts  (bearer token required for all /v1)
 *   /v1/environments/{envId}/propagation/plans    routes/plans.ts   ({planId}/rules: routes/rules.ts)
 *   /v1/environments/{envId}/propagation/rules    routes/rules.ts   ({ruleId}/mappings: routes/mappings.ts)
 *   /v1/environments/{envId}/propagation/mappings routes/mappings.ts (and the singular `mapping` for DELETE)
 *   /v1/environments/{envId}/propagation/revisions routes/revisions.ts
 *   /v1/environments/{envId}/groups               routes/groups.ts
 */
import { nowIso, type ApiContext } from "./context";
import { notFound, type Reply } from "./http";
import { parseJson, type ApiRequest } from "./request";
import { handleAdmin } from "./routes/admin";
import { handleGroups } from "./routes/groups";
import { handleMappingSingular, handleMappings } from "./routes/mappings";
import { handlePlans } from "./routes/plans";
import { handleRevisions } from "./routes/revisions";
import { handleRules } from "./routes/rules";
import { handleScim } from "./routes/scim";
import { handleStores } from "./routes/stores";
import { handleToken } from "./routes/tokens";

/** A handler for everything under `/v1/environments/{envId}/<prefix>/`, given the segments after the prefix. */
type EnvironmentRoute = (request: ApiRequest, context: ApiContext, environmentId: string, rest: string[]) => Reply | Promise<Reply>;

/** Keyed by the path after the environment id, joined with "/". */
const environmentRoutes: Record<string, EnvironmentRoute> = {
  "propagation/stores": handleStores,
  "propagation/plans": handlePlans,
  "propagation/rules": handleRules,
  "propagation/mappings": handleMappings,
  "propagation/mapping": handleMappingSingular,
  "propagation/revisions": handleRevisions,
  groups: handleGroups,
};

export function isAdminPath(pathname: string): boolean {
  return pathname === "/__admin" || pathname.startsWith("/__admin/");
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/v1" || pathname.startsWith("/v1/");
}

export async function route(request: ApiRequest, context: ApiContext): Promise<Reply> {
  const { segments } = request;
  if (segments[0] === "__admin") return handleAdmin(request, context, segments.slice(1));
  if (segments[0] === "scim" && segments[1] === "v2") {
    return handleScim(
      {
        method: request.method,
        subPath: `/${segments.slice(2).map(encodeURIComponent).join("/")}`,
        query: request.query,
        authorization: request.headers.authorization,
        json: () => parseJson(request.body),
        now: nowIso(context),
      },
      context.db,
      context.baseUrl(),
      context.scimCredentials,
    );
  }
  if (segments.length === 3 && segments[1] === "as" && segments[2] === "token") return handleToken(request, context, segments[0]);
  if (segments[0] !== "v1") return notFound();

  const denied = context.tokens.deny(request.headers.authorization);
  if (denied) return denied;
  if (segments[1] !== "environments" || segments.length < 3) return notFound();
  const environmentId = segments[2];
  if (!context.environments.has(environmentId)) return notFound(`Environment ${environmentId} not found.`);
  // The longest registered prefix wins, so one-segment (`groups`) and two-segment prefixes can sit side by side.
  for (let length = segments.length - 3; length > 0; length--) {
    const handler = environmentRoutes[segments.slice(3, 3 + length).join("/")];
    if (handler) return handler(request, context, environmentId, segments.slice(3 + length));
  }
  return notFound();
}
