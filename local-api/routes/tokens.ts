/**
 * The token endpoint (`POST /{envId}/as/token`, client_credentials) and the bearer check every `/v1` call
 * passes. Tokens are opaque random strings held in memory with their expiry: a restart revokes them all,
 * as a rotated signing key would.
 */
import { randomBytes } from "node:crypto";
import type { ApiContext } from "../context";
import { forbidden, mediaType, methodNotAllowed, notFound, parseBasicAuth, safeEqual, unauthorized, type Reply } from "../http";
import type { ApiRequest } from "../request";

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

interface IssuedToken {
  /** ms since the epoch */
  expiry: number;
  /** The client the token was issued to: a revision's `createdBy`. */
  clientId: string;
  /** Issued to the worker application without a role: every `/v1` call with it is a 403. */
  roleless: boolean;
}

export class TokenRegistry {
  /** access token -> what it was issued for */
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    readonly client: ClientCredentials,
    private readonly lifetimeSeconds: number,
    /** The server's clock (ApiContext.now): expiry follows it, offset included. */
    private readonly now: () => number,
    /** A second worker application that gets tokens but has no role: every `/v1` call with its token is a 403. */
    readonly rolelessClient?: ClientCredentials,
  ) {}

  get lifetime(): number {
    return this.lifetimeSeconds;
  }

  issue(roleless = false): string {
    const now = this.now();
    for (const [token, { expiry }] of this.issued) if (expiry <= now) this.issued.delete(token);
    const token = randomBytes(32).toString("base64url");
    const clientId = roleless && this.rolelessClient ? this.rolelessClient.clientId : this.client.clientId;
    this.issued.set(token, { expiry: now + this.lifetimeSeconds * 1000, clientId, roleless });
    return token;
  }

  /** Revokes every token; returns how many there were. */
  revokeAll(): number {
    const count = this.issued.size;
    this.issued.clear();
    return count;
  }

  /** undefined when the request carries a live bearer token of a client with the role, else PingOne's 401 or 403. */
  deny(authorization: string | undefined): Reply | undefined {
    if (!authorization) return unauthorized("The Authorization header is missing.");
    const token = bearerToken(authorization);
    if (token === undefined) return unauthorized("The Authorization header must carry a Bearer token.");
    const issued = this.issued.get(token);
    if (issued === undefined) return unauthorized("The access token is invalid or has been revoked.");
    if (issued.expiry <= this.now()) {
      this.issued.delete(token);
      return unauthorized("The access token has expired.");
    }
    if (issued.roleless)
      return forbidden("The actor has no role that grants this operation; propagation requires the Environment Admin role.");
    return undefined;
  }

  /** The client id a live bearer token was issued to (the router has already refused any other token). */
  clientIdOf(authorization: string | undefined): string | undefined {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : this.issued.get(token)?.clientId;
  }
}

function bearerToken(authorization: string | undefined): string | undefined {
  return (authorization === undefined ? null : /^bearer\s+(\S+)\s*$/i.exec(authorization))?.[1];
}

function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): Reply {
  return { status, body: { error, error_description: description }, headers: { "Cache-Control": "no-store", ...headers } };
}

export function handleToken(request: ApiRequest, context: ApiContext, environmentId: string): Reply {
  if (!context.environments.has(environmentId)) return notFound(`Environment ${environmentId} not found.`);
  if (request.method !== "POST") return methodNotAllowed(request.method);
  if (mediaType(request.headers["content-type"]) !== "application/x-www-form-urlencoded") {
    return oauthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded.");
  }
  const form = new URLSearchParams(request.body.toString("utf8"));
  // client_secret_basic when an Authorization: Basic header is sent, else client_secret_post.
  const usesBasic = /^basic\s/i.test(request.headers.authorization ?? "");
  const basic = usesBasic ? parseBasicAuth(request.headers.authorization, { formEncoded: true }) : undefined;
  const clientId = usesBasic ? basic?.user : (form.get("client_id") ?? undefined);
  const clientSecret = usesBasic ? basic?.password : (form.get("client_secret") ?? undefined);
  const matches = (client: ClientCredentials | undefined) =>
    client !== undefined &&
    clientId !== undefined &&
    clientSecret !== undefined &&
    safeEqual(clientId, client.clientId) &&
    safeEqual(clientSecret, client.clientSecret);
  const roleless = matches(context.tokens.rolelessClient);
  if (!roleless && !matches(context.tokens.client)) {
    return oauthError(401, "invalid_client", "Client authentication failed: unknown client or wrong secret.", {
      "WWW-Authenticate": 'Basic realm="PingOne"',
    });
  }
  const grant = form.get("grant_type");
  if (!grant) return oauthError(400, "invalid_request", "grant_type is required.");
  if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type", `Unsupported grant_type ${grant}.`);
  return {
    status: 200,
    body: { access_token: context.tokens.issue(roleless), token_type: "Bearer", expires_in: context.tokens.lifetime },
    headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
  };
}
