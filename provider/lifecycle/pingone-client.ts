/**
 * The PingOne HTTP client of the provider process: `got` with keep-alive, one client_credentials token
 * per process, bounded retries inside one overall budget per operation, and errors that never carry a
 * secret.
 *
 * `got` is ESM-only; this package is CommonJS, so it is loaded with `await import("got")` on first use.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Got, Response } from "got" with { "resolution-mode": "import" };
import type { StoreRequestBody } from "../store-types/store-fields";
import type { ResolvedSettings } from "./settings";
import { describeApiFailure, PingOneApiError } from "./api-error";

/** A store as the API returns it. */
export interface ApiStore {
  id: string;
  environment?: { id: string };
  type: string;
  name: string;
  description?: string;
  image?: { id?: string; href?: string };
  managed?: boolean;
  status?: string;
  configuration?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
  [key: string]: unknown;
}


type Method = "GET" | "POST" | "PUT" | "DELETE";

interface Attempt {
  status?: number;
  body?: unknown;
  headers?: Record<string, string | string[] | undefined>;
  /** Set when no response arrived: the connection dropped or timed out. */
  networkError?: string;
}

/** What one try of a request came to: a result, an immediate second try (a fresh token), or a failure. */
type AttemptOutcome<T> = { result: T } | { again: true } | { last: Attempt; retryable: boolean };

const TOKEN_REFRESH_MARGIN_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;
/** The least wait between attempts, even when the server says `Retry-After: 0`: never a busy loop. */
const MIN_BACKOFF_MS = 100;

/** Counters a benchmark or a reliability test can read. */
export interface ClientStats {
  requests: number;
  retries: number;
  tokensFetched: number;
  adoptedAfterAmbiguousCreate: number;
  /** Creates answered by adopting an existing store of the same name and type (recovery mode only). */
  adoptedExisting: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PingOneClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, tokensFetched: 0, adoptedAfterAmbiguousCreate: 0, adoptedExisting: 0 };
  private gotInstance?: Promise<Got>;
  private token?: { value: string; refreshAt: number };
  private tokenInFlight?: Promise<string>;
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  /** Values that must never appear in an error: credentials, tokens, and the secrets of requests. */
  private readonly secrets = new Set<string>();

  constructor(private readonly settings: ResolvedSettings) {
    const { credentials } = settings;
    if (credentials.kind === "accessToken") this.secrets.add(credentials.accessToken);
    else this.secrets.add(credentials.clientSecret);
  }

  /** Registers values (for example a store's secret configuration) to redact from every error. */
  protectSecrets(values: Iterable<unknown>): void {
    for (const value of values) if (typeof value === "string" && value.length > 0) this.secrets.add(value);
  }

  private http(): Promise<Got> {
    this.gotInstance ??= import("got").then(({ default: got }) =>
      got.extend({
        agent: this.agents,
        retry: { limit: 0 }, // Retries are ours: one budget per operation, and POST is never blindly retried.
        throwHttpErrors: false,
        timeout: { request: ATTEMPT_TIMEOUT_MS },
        responseType: "text",
      }),
    );
    return this.gotInstance;
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  // ---- stores ----

  private storesPath(environmentId: string): string {
    return `/v1/environments/${encodeURIComponent(environmentId)}/propagation/stores`;
  }

  private storePath(environmentId: string, storeId: string): string {
    return `${this.storesPath(environmentId)}/${encodeURIComponent(storeId)}`;
  }

  async getStore(environmentId: string, storeId: string): Promise<ApiStore | undefined> {
    const attempt = await this.call("GET", this.storePath(environmentId, storeId), undefined, { allow404: true });
    return attempt.status === 404 ? undefined : (attempt.body as ApiStore);
  }

  /** `deadline`: the budget of the operation this listing serves, when it is part of one. */
  async listStores(environmentId: string, deadline?: number): Promise<ApiStore[]> {
    const stores: ApiStore[] = [];
    let next: string | undefined = `${this.storesPath(environmentId)}?limit=100`;
    while (next) {
      const attempt = await this.call("GET", next, undefined, { deadline });
      const page = attempt.body as { _embedded?: { stores?: ApiStore[] }; _links?: { next?: { href?: string } } };
      stores.push(...(page._embedded?.stores ?? []));
      const href = page._links?.next?.href;
      const url = href ? new URL(href, this.settings.apiBaseUrl) : undefined;
      next = url ? url.pathname + url.search : undefined;
    }
    return stores;
  }

  /** Stores of the environment with the body's name and type: the only identity a store has besides its id. */
  private async namesakes(environmentId: string, body: StoreRequestBody, deadline?: number): Promise<ApiStore[]> {
    return (await this.listStores(environmentId, deadline)).filter((store) => store.name === body.name && store.type === body.type);
  }

  /**
   * POST a store. A POST whose outcome is unknown (the connection dropped, it timed out, or a gateway
   * error came back) is not blindly retried: the store may exist. The environment is searched for a store
   * of the same name and type created since the attempt began; one found is adopted, else the POST is retried.
   */
  async createStore(environmentId: string, body: StoreRequestBody): Promise<{ store: ApiStore; adoptedExisting: boolean }> {
    if (this.settings.adoptExistingStores) {
      const adopted = await this.adoptExisting(environmentId, body);
      if (adopted) return { store: adopted, adoptedExisting: true };
    }
    const path = this.storesPath(environmentId);
    const attempt = await this.call("POST", path, body, {
      onAmbiguous: async (startedAt, deadline) => {
        // The lookup spends the create's budget: one budget per operation.
        const candidates = (await this.namesakes(environmentId, body, deadline)).filter(
          (store) => store.createdAt === undefined || Date.parse(store.createdAt) >= startedAt - 5_000,
        );
        if (candidates.length === 0) return undefined;
        this.stats.adoptedAfterAmbiguousCreate++;
        return candidates.sort((a, b) => Date.parse(b.createdAt ?? "0") - Date.parse(a.createdAt ?? "0"))[0];
      },
    });
    return { store: attempt.body as ApiStore, adoptedExisting: false };
  }

  /**
   * Recovery mode (`pingone:adoptExistingStores`): after an interrupted `pulumi up`, a store may exist that
   * the state does not know (its create was still pending when the CLI died). A create then adopts the one
   * store of the same name and type, updating it to the declaration; more than one is an error, since
   * picking one would leave the others orphaned without saying so.
   */
  private async adoptExisting(environmentId: string, body: StoreRequestBody): Promise<ApiStore | undefined> {
    const matches = await this.namesakes(environmentId, body);
    if (matches.length === 0) return undefined;
    if (matches.length > 1) {
      throw new PingOneApiError(
        `pingone:adoptExistingStores is on and ${matches.length} ${body.type} stores are named "${body.name}" (${matches.map((m) => m.id).join(", ")}); ` +
          `delete the extra ones (or rename the declaration), then run pulumi up again.`,
        undefined, "AMBIGUOUS_ADOPTION", [], undefined, 1,
      );
    }
    this.stats.adoptedExisting++;
    return this.updateStore(environmentId, matches[0].id, body);
  }

  /** PUT is idempotent, so a lost response is simply retried. */
  async updateStore(environmentId: string, storeId: string, body: StoreRequestBody): Promise<ApiStore> {
    const attempt = await this.call("PUT", this.storePath(environmentId, storeId), body);
    return attempt.body as ApiStore;
  }

  /** Returns false when the store was already gone. */
  async deleteStore(environmentId: string, storeId: string): Promise<boolean> {
    const attempt = await this.call("DELETE", this.storePath(environmentId, storeId), undefined, { allow404: true });
    return attempt.status !== 404;
  }

  // ---- the request loop ----

  /**
   * The one retry loop, for API calls and the token request alike. `attempt` makes one try and says what
   * came of it; the loop owns the budget: backoff between tries, never past `deadline`, and an error that
   * says how many attempts were made, and the last status and code, when the budget runs out.
   */
  private async withRetries<T>(
    deadline: number,
    attempt: (attempts: number) => Promise<AttemptOutcome<T>>,
    failure: (last: Attempt, attempts: number) => PingOneApiError,
  ): Promise<T> {
    const began = Date.now();
    for (let attempts = 1; ; attempts++) {
      const outcome = await attempt(attempts);
      if ("result" in outcome) return outcome.result;
      if ("again" in outcome) continue;
      const { last, retryable } = outcome;
      if (!retryable) throw failure(last, attempts);
      const wait = this.backoff(attempts, last);
      if (Date.now() + wait > deadline) throw this.budgetExhausted(failure(last, attempts), attempts, began, last);
      this.stats.retries++;
      await sleep(wait);
    }
  }

  private async call(
    method: Method,
    path: string,
    body?: unknown,
    options: {
      allow404?: boolean;
      onAmbiguous?: (startedAt: number, deadline: number) => Promise<unknown | undefined>;
      /** The enclosing operation's deadline, for a call made on its behalf. */
      deadline?: number;
    } = {},
  ): Promise<Attempt> {
    const deadline = options.deadline ?? Date.now() + this.settings.retryTimeoutMs;
    const idempotent = method !== "POST";
    let refreshedToken = false;

    return this.withRetries<Attempt>(
      deadline,
      async () => {
        const startedAt = Date.now();
        const token = await this.accessToken(deadline);
        const last = await this.send(method, `${this.settings.apiBaseUrl}${path}`, body, { authorization: `Bearer ${token}` });

        if (last.status !== undefined && last.status < 300) return { result: last };
        if (last.status === 404 && options.allow404) return { result: last };

        if (last.status === 401 && !refreshedToken && this.settings.credentials.kind === "clientCredentials") {
          // Expired or revoked: one fresh token, once.
          // Only the token that was rejected is dropped: operations running in parallel that were rejected with
          // the same token then share one fresh token instead of each fetching their own.
          refreshedToken = true;
          if (this.token?.value === token) this.token = undefined;
          return { again: true };
        }

        const ambiguous = last.networkError !== undefined || last.status === 500 || last.status === 502 || last.status === 503 || last.status === 504;
        if (!idempotent && ambiguous && options.onAmbiguous) {
          const adopted = await options.onAmbiguous(startedAt, deadline);
          if (adopted !== undefined) return { result: { status: 201, body: adopted } };
        }
        return { last, retryable: last.status === 429 || (ambiguous && (idempotent || options.onAmbiguous !== undefined)) };
      },
      (last, attempts) =>
        describeApiFailure({
          operation: `${method} ${path.split("?")[0]}`,
          status: last.status,
          body: last.body,
          requestId: this.requestIdOf(last),
          attempts,
          cause: last.networkError,
          secrets: this.secrets,
        }),
    );
  }

  /** The error when the retry budget ran out: how many attempts, over how long, and what came back last. */
  private budgetExhausted(failure: PingOneApiError, attempts: number, began: number, last: Attempt): PingOneApiError {
    const seconds = this.settings.retryTimeoutMs / 1000;
    const lastOutcome =
      last.status !== undefined ? `${last.status}${failure.code ? ` ${failure.code}` : ""}` : `no response (${last.networkError ?? "network error"})`;
    const message =
      `${failure.message}\n  Gave up after ${attempts} attempt${attempts === 1 ? "" : "s"} in ${((Date.now() - began) / 1000).toFixed(1)}s: ` +
      `the retry budget of ${seconds}s per operation ran out (pingone:retryTimeoutSeconds or PINGONE_RETRY_TIMEOUT_SECONDS to change it). ` +
      `Last response: ${lastOutcome}.`;
    return new PingOneApiError(message, failure.status, failure.code, failure.details, failure.requestId, attempts);
  }

  private backoff(attempts: number, last: Attempt): number {
    const retryAfter = Number(last.headers?.["retry-after"]);
    if (last.headers?.["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return Math.max(MIN_BACKOFF_MS, retryAfter * 1000);
    const exponential = Math.min(MAX_BACKOFF_MS, 200 * 2 ** (attempts - 1));
    return exponential / 2 + Math.random() * (exponential / 2);
  }

  private requestIdOf(attempt: Attempt): string | undefined {
    const header = attempt.headers?.["correlation-id"] ?? attempt.headers?.["x-request-id"];
    return Array.isArray(header) ? header[0] : header;
  }

  private async send(method: Method, url: string, body: unknown, headers: Record<string, string>, form?: Record<string, string>): Promise<Attempt> {
    const http = await this.http();
    this.stats.requests++;
    let response: Response<string>;
    try {
      response = await http(url, {
        method,
        headers: { accept: "application/json", ...headers },
        ...(form ? { form } : body !== undefined ? { json: body } : {}),
      });
    } catch (error) {
      // Only the code and a redacted message: got's error objects carry the request options and headers.
      const { code, message } = error as { code?: string; message?: string };
      return { networkError: code ?? message ?? "network error" };
    }
    let parsed: unknown = undefined;
    if (response.body) {
      try {
        parsed = JSON.parse(response.body);
      } catch {
        parsed = { message: response.body.slice(0, 200) };
      }
    }
    return { status: response.statusCode, body: parsed, headers: response.headers };
  }

  // ---- the token ----

  private async accessToken(deadline: number): Promise<string> {
    const { credentials } = this.settings;
    if (credentials.kind === "accessToken") return credentials.accessToken;
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    // Operations running in parallel share one token request.
    this.tokenInFlight ??= this.fetchToken(credentials.clientId, credentials.clientSecret, deadline).finally(() => {
      this.tokenInFlight = undefined;
    });
    return this.tokenInFlight;
  }

  private async fetchToken(clientId: string, clientSecret: string, deadline: number): Promise<string> {
    const tokenUrl = `${this.settings.authBaseUrl}/${encodeURIComponent(this.settings.environmentId ?? "")}/as/token`;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64");
    return this.withRetries<string>(
      deadline,
      async () => {
        const last = await this.send("POST", tokenUrl, undefined, { authorization: `Basic ${basic}` }, { grant_type: "client_credentials" });
        const token = last.body as { access_token?: string; expires_in?: number } | undefined;
        if (last.status === 200 && token?.access_token) {
          this.stats.tokensFetched++;
          this.secrets.add(token.access_token);
          // Reused until shortly before it expires: a minute early, or halfway for short-lived tokens.
          const lifetimeMs = (token.expires_in ?? 3600) * 1000;
          this.token = { value: token.access_token, refreshAt: Date.now() + lifetimeMs - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2) };
          return { result: token.access_token };
        }
        // Unlike a store POST, the token request creates nothing: any 5xx or lost response is safe to repeat.
        return { last, retryable: last.networkError !== undefined || last.status === 429 || (last.status ?? 0) >= 500 };
      },
      (last, attempts) => {
        const failure = describeApiFailure({
          operation: `token request for client ${clientId} at ${tokenUrl}`,
          status: last.status,
          body: last.body,
          attempts,
          cause: last.networkError,
          secrets: this.secrets,
        });
        if (last.status !== 400 && last.status !== 401) return failure;
        return new PingOneApiError(
          `${failure.message}\n  Check pingone:clientId / pingone:clientSecret (or PINGONE_CLIENT_ID / PINGONE_CLIENT_SECRET) and pingone:environmentId, the environment the worker application lives in.`,
          failure.status, failure.code, failure.details, failure.requestId, attempts,
        );
      },
    );
  }
}
