/**
 * The PingOne HTTP client of the provider process: `got` with keep-alive, one client_credentials token
 * per process, bounded retries inside one overall budget per operation, and errors that never carry a
 * secret.
 *
 * got runs the retries: its `retry.calculateDelay` asks retry-policy.ts (pure, table-tested) whether and when
 * to try again within the operation's budget, its hooks count and observe every attempt and refresh a rejected
 * token. Ours alone: what a create does after a lost POST (create-recovery.ts), and the budget's error.
 *
 * `got` is ESM-only; this package is CommonJS, so it is loaded with `await import("got")` on first use
 * (load-got.ts, which also keeps got's import from loading ICU data it does not need).
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { StoreRequestBody } from "../store-types/store-fields";
import { describeSetting, type ResolvedSettings } from "./settings";
import { describeApiFailure, PingOneApiError, redact } from "./api-error";
import {
  decideAfterLostCreate,
  MAX_CLOCK_UNCERTAINTY_MS,
  ServerClock,
  type Candidate,
  type KnownBefore,
  type LocalMs,
  type RecoveryDecision,
} from "./create-recovery";
import { ReadBatcher, type Collection as ListedCollection, type ListPage } from "./read-batch";
import { CONNECTION_CHECK_MEDIA_TYPE } from "./connection-check";
import { isAmbiguous, nextRetry, type RequestKind } from "./retry-policy";
import { loadGot } from "./load-got";

// got's types, from its ESM build (`resolution-mode`): as import types, since an `import type` declaration with attributes is not valid to Biome.
type Got = import("got", { with: { "resolution-mode": "import" }}).Got;
type Options = import("got", { with: { "resolution-mode": "import" }}).Options;
type RequestError = import("got", { with: { "resolution-mode": "import" }}).RequestError;
type Response<T = unknown> = import("got", { with: { "resolution-mode": "import" }}).Response<T>;

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

/** What every PingOne resource has: an id, and (for most kinds) server timestamps. */
export interface ApiObject {
  id: string;
  environment?: { id: string };
  createdAt?: string;
  updatedAt?: string;
}

/** A reference to another object, as PingOne nests it: `{ "id": "..." }`. */
export interface ApiReference {
  id: string;
}

/** The environment's propagation plan. The documentation shows no timestamps for plans. */
export interface ApiPlan extends ApiObject {
  name: string;
  status?: string;
  [key: string]: unknown;
}

export interface PlanRequestBody {
  name: string;
  status?: string;
}

/** The fields of a rule PUT accepts: everything but its plan and stores. */
export interface RuleUpdateBody {
  name: string;
  description?: string;
  active?: boolean;
  populationExpression?: string;
  groups?: ApiReference[];
  populations?: ApiReference[];
  deprovision?: boolean;
  configuration?: Record<string, unknown>;
}

/** `plan`, `sourceStore` and `targetStore` are set on create only: they are not in the PUT model. */
export interface RuleCreateBody extends RuleUpdateBody {
  plan: ApiReference;
  sourceStore: ApiReference;
  targetStore: ApiReference;
}

/** A propagation rule as PingOne returns it. */
export interface ApiRule extends ApiObject, Partial<RuleCreateBody> {
  name: string;
  [key: string]: unknown;
}

export interface MappingRequestBody {
  name?: string;
  sourceAttribute?: string;
  expression?: string;
  targetAttribute: string;
  attributeMappingType?: string | boolean;
}

/** One attribute mapping of a rule, as PingOne returns it. */
export interface ApiMapping extends ApiObject, MappingRequestBody {
  rule?: ApiReference;
  [key: string]: unknown;
}

/** A propagation revision: a snapshot of the environment's plan, stores, rules and mappings. */
export interface ApiRevision extends ApiObject {
  createdBy?: string;
  previousRevision?: ApiReference;
}

/** GET, PUT and DELETE of one object of a propagation collection, by id. */
export interface Collection<T> {
  /** Undefined on 404: it was deleted. */
  get(environmentId: string, id: string): Promise<T | undefined>;
  /** PUT is idempotent, so a lost response is simply retried. */
  update(environmentId: string, id: string, body: unknown): Promise<T>;
  /** False on 404: it was already gone (deleted along with its plan or rule, say). */
  remove(environmentId: string, id: string): Promise<boolean>;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

interface Attempt {
  status?: number;
  body?: unknown;
  headers?: Record<string, string | string[] | undefined>;
  /** Set when no response arrived: the connection dropped or timed out. */
  networkError?: string;
  /** Local monotonic times (performance.now()) the request was sent and its answer (or failure) came. */
  sentAt: LocalMs;
  receivedAt: LocalMs;
}

/**
 * One operation's attempts, whoever makes them (got's retries, the token refresh, the create seam's own
 * retries after a lost POST): one deadline, one count, one token refresh.
 */
interface Operation {
  deadline: number;
  /** Epoch ms the operation began, for the budget's error. */
  began: number;
  attempts: number;
  /** A rejected token is replaced once per operation: a second 401 is an answer, not a stale token. */
  tokenRefreshed: boolean;
}

/** One request as {@link PingOneClient.exchange} sends it, on each attempt. */
interface ExchangeRequest {
  kind: RequestKind;
  method: Method;
  url: string;
  /** Sent as JSON; `form` instead for the token request. */
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Instead of application/json, for endpoints with their own media type. */
  contentType?: string;
  /** An API request: a bearer token on each attempt, a 401 refresh, writes reported to the read batching. */
  api: boolean;
}

/** How one exchange (one got call, its retries included) ended. */
interface Exchange {
  last: Attempt;
  /** True when it stopped because the next wait would overshoot the operation's deadline. */
  budgetRanOut: boolean;
  /** True when got waited and tried again at least once: whatever was true before the first attempt may not be now. */
  waited: boolean;
}

/** A resource as a listing or a create returns it: all the create-with-recovery seam needs of it. */
export interface Listed extends Candidate {
  [key: string]: unknown;
}

/**
 * One resource to create by POST, as {@link PingOneClient.createWithRecovery} needs it. Its identity (what
 * makes an existing resource a namesake of this one) is whatever `isNamesake` says: for a store, name and
 * type; for a plan, being the environment's plan; for a rule, name, source and target; for a mapping, rule and
 * target attribute.
 */
export interface CreateRequest<T extends Listed> {
  /** For messages: what is being created, e.g. `scim store "HR"`. */
  what: string;
  path: string;
  body: unknown;
  /**
   * Where namesakes live and are listed: one snapshot per scope per provider process (the environment's stores,
   * say, or one rule's mappings). Two creates share a scope exactly when `list` returns the same resources.
   */
  scope: string;
  /** Every resource of the scope, within the operation's deadline. */
  list(deadline: number): Promise<T[]>;
  isNamesake(existing: T): boolean;
  /** The last words of the error when the recovery cannot tell which candidate is this create's: how to resolve it. */
  resolution: string;
}

const TOKEN_REFRESH_MARGIN_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 30_000;
/** An HTTP `Date` header has a resolution of one second. */
const DATE_HEADER_RESOLUTION_MS = 1000;

/** Counters a benchmark or a reliability test can read. */
export interface ClientStats {
  requests: number;
  retries: number;
  tokensFetched: number;
  /** Listings made for creates: one per scope per process, one per lost create, and recovery mode's one per create. */
  recoveryListings: number;
  adoptedAfterAmbiguousCreate: number;
  /** Creates answered by adopting an existing resource of the same identity (recovery mode only). */
  adoptedExisting: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const localNow = (): LocalMs => performance.now();
const headerValue = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header);

export class PingOneClient {
  readonly stats: ClientStats = {
    requests: 0,
    retries: 0,
    tokensFetched: 0,
    recoveryListings: 0,
    adoptedAfterAmbiguousCreate: 0,
    adoptedExisting: 0,
  };
  /** Refresh reads through listings (read-batch.ts); every write of this client is reported to it. */
  readonly reads = new ReadBatcher();
  private gotInstance?: Promise<Got>;
  private token?: { value: string; refreshAt: number };
  private tokenInFlight?: Promise<string>;
  /** The token endpoint's refusal (a 4xx other than 429), kept for the rest of the process. */
  private tokenRefused?: PingOneApiError;
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  /** Values that must never appear in an error: credentials, tokens, and the secrets of requests. */
  private readonly secrets = new Set<string>();
  /** The API server's clock, learned from its own timestamps (never the auth host's: it may be another machine). */
  private readonly serverClock = new ServerClock();
  /**
   * Per create scope, the ids known to exist: the scope's first listing in this process, grown by every later
   * listing and by what this process created or adopted. `listing` is settled once the first listing is in.
   */
  private readonly scopes = new Map<string, { ids: Set<string>; listing: Promise<void>; settled: boolean }>();

  constructor(readonly settings: ResolvedSettings) {
    const { credentials } = settings;
    if (credentials.kind === "accessToken") this.secrets.add(credentials.accessToken);
    else this.secrets.add(credentials.clientSecret);
  }

  /** Registers values (for example a store's secret configuration) to redact from every error. */
  protectSecrets(values: Iterable<unknown>): void {
    for (const value of values) if (typeof value === "string" && value.length > 0) this.secrets.add(value);
  }

  private http(): Promise<Got> {
    this.gotInstance ??= loadGot().then(({ default: got }) =>
      got.extend({
        agent: this.agents,
        // Every request passes its own `retry` (see exchange): the decision is the operation's, not the instance's.
        retry: { limit: 0 },
        // A final 4xx or 5xx is an answer to describe, not a got error (which would carry the request's headers).
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

  /** `/v1/environments/{environmentId}/{path}`, `path` already URL-safe (the lookups read groups there too). */
  environmentPath(environmentId: string, path: string): string {
    return `/v1/environments/${encodeURIComponent(environmentId)}/${path}`;
  }

  // ---- stores ----

  /** `/v1/environments/{env}/propagation/{collection}`, and `/{id}` when given. */
  private propagationPath(environmentId: string, collection: string, id?: string): string {
    const base = this.environmentPath(environmentId, `propagation/${collection}`);
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  async getStore(environmentId: string, storeId: string, deadline?: number): Promise<ApiStore | undefined> {
    return this.getOne<ApiStore>(this.propagationPath(environmentId, "stores", storeId), deadline);
  }

  /** A store as a refresh reads it: one GET, or the environment's listing when many are read at once (read-batch.ts). */
  readStore(environmentId: string, storeId: string): Promise<ApiStore | undefined> {
    const collection: ListedCollection<ApiStore> = {
      key: this.propagationPath(environmentId, "stores"),
      firstPage: `${this.propagationPath(environmentId, "stores")}?limit=100`,
      fetchPage: (page, deadline) => this.listPage<ApiStore>(page, "stores", deadline),
      fetchOne: (id, deadline) => this.getStore(environmentId, id, deadline),
    };
    return this.reads.read(collection, storeId, Date.now() + this.settings.retryTimeoutMs);
  }

  /**
   * `deadline`: the budget of the operation this listing serves, when it is part of one. `onPage` hears how
   * many stores have been listed after each page (the export command's progress).
   */
  async listStores(environmentId: string, deadline?: number, onPage?: (listed: number) => void): Promise<ApiStore[]> {
    return this.listAll<ApiStore>(`${this.propagationPath(environmentId, "stores")}?limit=100`, "stores", deadline, onPage);
  }

  /** One page of a collection: `path` with its query, the items under `_embedded[embedded]`, the next page from `_links.next`. */
  async listPage<T>(path: string, embedded: string, deadline?: number): Promise<ListPage<T>> {
    const attempt = await this.call("GET", path, undefined, { deadline });
    const page = attempt.body as { _embedded?: Record<string, T[] | undefined>; _links?: { next?: { href?: string } } };
    const href = page._links?.next?.href;
    const url = href ? new URL(href, this.settings.apiBaseUrl) : undefined;
    return { items: page._embedded?.[embedded] ?? [], next: url ? url.pathname + url.search : undefined };
  }

  /** A store's identity besides its id: name and type. */
  private storeCreation(environmentId: string, body: StoreRequestBody): CreateRequest<ApiStore> {
    return {
      what: `${body.type} store "${body.name}"`,
      path: this.propagationPath(environmentId, "stores"),
      body,
      scope: `stores of environment ${environmentId}`,
      list: (deadline) => this.listStores(environmentId, deadline),
      isNamesake: (store) => store.name === body.name && store.type === body.type,
      resolution: adoptOrRename(
        "store",
        "if they belong to someone else (another stack, or made by hand), give this store another name in the program.",
      ),
    };
  }

  /** POST a store, through {@link createWithRecovery}: a lost response never duplicates it. */
  async createStore(environmentId: string, body: StoreRequestBody): Promise<{ store: ApiStore; adoptedExisting: boolean }> {
    const { created, adoptedExisting } = await this.createOrAdopt(this.storeCreation(environmentId, body), (existing) =>
      this.updateStore(environmentId, existing.id, body),
    );
    return { store: created, adoptedExisting };
  }

  /** PUT is idempotent, so a lost response is simply retried. */
  async updateStore(environmentId: string, storeId: string, body: StoreRequestBody): Promise<ApiStore> {
    return this.put<ApiStore>(this.propagationPath(environmentId, "stores", storeId), body);
  }

  /** Returns false when the store was already gone. */
  async deleteStore(environmentId: string, storeId: string): Promise<boolean> {
    return this.deleteOne(this.propagationPath(environmentId, "stores", storeId));
  }

  /**
   * Tests a prospective store without saving it. Nothing is written, so unlike a store POST it is safely
   * retried when its answer is lost. Returns the 2xx body; a 4xx (the configuration itself refused) throws.
   */
  async checkConnection(environmentId: string, body: StoreRequestBody): Promise<unknown> {
    const attempt = await this.call("POST", `${this.propagationPath(environmentId, "stores")}/connection/status`, body, {
      idempotent: true,
      contentType: CONNECTION_CHECK_MEDIA_TYPE,
    });
    return attempt.body;
  }

  /** The values redacted from every error, for messages built outside this client. */
  get protectedValues(): Iterable<string> {
    return this.secrets;
  }

  // ---- the pipeline: plans, rules, mappings ----

  /** One plan, rule or mapping by id: GET (undefined on 404), PUT, DELETE (false on 404). */
  readonly plans = this.collection<ApiPlan>("plans");
  readonly rules = this.collection<ApiRule>("rules");
  readonly mappings = this.collection<ApiMapping>("mappings");

  async listPlans(environmentId: string, deadline?: number): Promise<ApiPlan[]> {
    return this.listAll<ApiPlan>(this.propagationPath(environmentId, "plans"), "plans", deadline);
  }

  async listPlanRules(environmentId: string, planId: string, deadline?: number): Promise<ApiRule[]> {
    return this.listAll<ApiRule>(`${this.propagationPath(environmentId, "plans", planId)}/rules`, "rules", deadline);
  }

  async listRuleMappings(environmentId: string, ruleId: string, deadline?: number): Promise<ApiMapping[]> {
    return this.listAll<ApiMapping>(`${this.propagationPath(environmentId, "rules", ruleId)}/mappings`, "mappings", deadline);
  }

  /** A plan's identity: PingOne allows one plan per environment, so any plan of the environment is the one. */
  async createPlan(environmentId: string, body: PlanRequestBody): Promise<{ created: ApiPlan; adoptedExisting: boolean }> {
    const request: CreateRequest<ApiPlan> = {
      what: `propagation plan "${body.name}"`,
      path: this.propagationPath(environmentId, "plans"),
      body,
      scope: `plans of environment ${environmentId}`,
      list: (deadline) => this.listPlans(environmentId, deadline),
      isNamesake: () => true,
      resolution: adoptOrRename(
        "plan",
        "PingOne allows one plan per environment, so a plan that is someone else's must be deleted or adopted.",
      ),
    };
    return this.createOrAdopt(request, (existing) => this.plans.update(environmentId, existing.id, body));
  }

  /**
   * POSTs to the plan-scoped path. The documentation gives two create paths (contradiction 1 of the
   * pipeline reference): `propagation/plans/{planId}/rules` in every page's heading, cURL and HTTP sample and
   * in the rules' `_links.create`, and `propagation/rules` in the sentence under it and in Postman-derived
   * clients. The body carries `plan.id` either way, so the plan-scoped path works with both readings.
   * A rule's identity besides its id: its name, source store and target store, within its plan.
   */
  async createRule(environmentId: string, body: RuleCreateBody): Promise<{ created: ApiRule; adoptedExisting: boolean }> {
    const planId = body.plan.id;
    const request: CreateRequest<ApiRule> = {
      what: `propagation rule "${body.name}" from store ${body.sourceStore.id} to store ${body.targetStore.id}`,
      path: `${this.propagationPath(environmentId, "plans", planId)}/rules`,
      body,
      scope: `rules of plan ${planId} in environment ${environmentId}`,
      list: (deadline) => this.listPlanRules(environmentId, planId, deadline),
      isNamesake: (rule) =>
        rule.name === body.name && rule.sourceStore?.id === body.sourceStore.id && rule.targetStore?.id === body.targetStore.id,
      resolution: adoptOrRename("rule", "if they belong to someone else, give this rule another name in the program."),
    };
    // A rule's PUT takes neither its plan nor its stores.
    return this.createOrAdopt(request, (existing) => this.rules.update(environmentId, existing.id, updateBodyOf(body)));
  }

  /** A mapping's identity besides its id: its rule and target attribute (a rule maps each target attribute once). */
  async createMapping(
    environmentId: string,
    ruleId: string,
    body: MappingRequestBody,
  ): Promise<{ created: ApiMapping; adoptedExisting: boolean }> {
    const request: CreateRequest<ApiMapping> = {
      what: `mapping of rule ${ruleId} to target attribute "${body.targetAttribute}"`,
      path: `${this.propagationPath(environmentId, "rules", ruleId)}/mappings`,
      body,
      scope: `mappings of rule ${ruleId} in environment ${environmentId}`,
      list: (deadline) => this.listRuleMappings(environmentId, ruleId, deadline),
      isNamesake: (mapping) => mapping.targetAttribute === body.targetAttribute,
      resolution: adoptOrRename(
        "mapping",
        "a rule maps each target attribute once, so delete the mappings of that attribute that are not this stack's.",
      ),
    };
    return this.createOrAdopt(request, (existing) => this.updateMapping(environmentId, existing.id, ruleId, body));
  }

  /** The PUT body must carry `rule.id`, the mapping's own rule. */
  async updateMapping(environmentId: string, mappingId: string, ruleId: string, body: MappingRequestBody): Promise<ApiMapping> {
    return this.mappings.update(environmentId, mappingId, { rule: { id: ruleId }, ...body });
  }

  /**
   * Returns false when the mapping was already gone (its rule or plan was deleted, say). The delete path
   * is contradiction 2 of the pipeline reference: every mapping operation uses `propagation/mappings/{id}`,
   * but Postman-derived clients delete at `propagation/mapping/{id}` (singular), and the documentation's
   * own Delete Mapping page could not be read. So a 404 on the plural path is checked with a GET: if the
   * mapping is still there, the plural path is not the delete path, and the singular one is used.
   */
  async deleteMapping(environmentId: string, mappingId: string): Promise<boolean> {
    if (await this.mappings.remove(environmentId, mappingId)) return true;
    if (!(await this.mappings.get(environmentId, mappingId))) return false;
    return this.deleteOne(this.propagationPath(environmentId, "mapping", mappingId));
  }

  // ---- revisions ----

  /** The newest revision (the reserved id `id:latest`, URL-encoded as the documentation's examples do), or undefined when there is none. */
  async getLatestRevision(environmentId: string, deadline?: number): Promise<ApiRevision | undefined> {
    return this.getOne<ApiRevision>(this.propagationPath(environmentId, "revisions", "id:latest"), deadline);
  }

  /**
   * Creates a revision (no body, as the documentation's examples send it). Not through the create seam: a
   * revision has no identity to look for, and a second one is harmless but starts another resynchronisation.
   * So a POST whose answer was lost fails instead of being repeated; the next run's diff tells whether it
   * was created (see revisions/publisher.ts).
   */
  async createRevision(environmentId: string, deadline?: number): Promise<ApiRevision> {
    return (await this.call("POST", this.propagationPath(environmentId, "revisions"), undefined, { deadline })).body as ApiRevision;
  }

  // ---- one resource: read, replace, delete, list; recovery mode ----

  private collection<T>(name: string): Collection<T> {
    return {
      get: (environmentId, id) => this.getOne<T>(this.propagationPath(environmentId, name, id)),
      update: (environmentId, id, body) => this.put<T>(this.propagationPath(environmentId, name, id), body),
      remove: (environmentId, id) => this.deleteOne(this.propagationPath(environmentId, name, id)),
    };
  }

  /** GET one resource; undefined on 404 (it was deleted). */
  async getOne<T>(path: string, deadline?: number): Promise<T | undefined> {
    const attempt = await this.call("GET", path, undefined, { allow404: true, deadline });
    return attempt.status === 404 ? undefined : (attempt.body as T);
  }

  /** PUT is idempotent, so a lost response is simply retried. */
  private async put<T>(path: string, body: unknown): Promise<T> {
    return (await this.call("PUT", path, body)).body as T;
  }

  /** Returns false when the resource was already gone. */
  private async deleteOne(path: string): Promise<boolean> {
    const attempt = await this.call("DELETE", path, undefined, { allow404: true });
    return attempt.status !== 404;
  }

  /** Every item of a list endpoint, following `_links.next` across pages. */
  async listAll<T>(firstPage: string, embedded: string, deadline?: number, onPage?: (listed: number) => void): Promise<T[]> {
    const items: T[] = [];
    for (let next: string | undefined = firstPage; next; ) {
      const page: ListPage<T> = await this.listPage<T>(next, embedded, deadline);
      items.push(...page.items);
      onPage?.(items.length);
      next = page.next;
    }
    return items;
  }

  /**
   * A create, for every resource type. Recovery mode (`pingone:adoptExistingStores`): after an interrupted
   * `pulumi up`, a resource may exist that the state does not know (its create was still pending when the
   * CLI died); the create adopts the one namesake, bringing it to the declaration with `adopt` (a PUT).
   * More than one is an error, since picking one would leave the others orphaned without saying so.
   */
  private async createOrAdopt<T extends Listed>(
    request: CreateRequest<T>,
    adopt: (existing: T) => Promise<T>,
  ): Promise<{ created: T; adoptedExisting: boolean }> {
    let known: KnownBefore | undefined;
    if (this.settings.adoptExistingStores) {
      // Recovery mode lists anyway: that listing is also what existed before the POST, should it be lost.
      const listing = await this.listScope(request);
      const matches = listing.filter(request.isNamesake);
      if (matches.length > 1) {
        throw new PingOneApiError(
          `pingone:adoptExistingStores is on and ${matches.length} resources match ${request.what} (${matches.map((m) => m.id).join(", ")}); ` +
            `delete the extra ones (or rename the declaration), then run pulumi up again.`,
          { code: "AMBIGUOUS_ADOPTION" },
        );
      }
      if (matches.length === 1) {
        this.stats.adoptedExisting++;
        return { created: await adopt(matches[0]), adoptedExisting: true };
      }
      known = this.knownNow(request.scope, true);
    }
    return { created: await this.createWithRecovery(request, known), adoptedExisting: false };
  }

  // ---- creating by POST: the one seam every resource type goes through ----

  /**
   * POSTs `request.body` and returns what PingOne created. A POST whose outcome is unknown (no answer, or a
   * 500/502/503/504) is never blindly repeated: before any retry, and before giving up, the scope is listed and
   * {@link decideAfterLostCreate} (`create-recovery.ts`, where the reasons are) says whether one namesake is this
   * create's (adopted), none is (posted again, knowing what exists now), or it cannot tell (an error naming them).
   *
   * Cost: one request when nothing goes wrong, plus, once per scope per process, the listing of what exists
   * (made before the first create in the scope); one more listing per lost attempt.
   *
   * `known`: what existed before the first attempt, when the caller has just listed it (recovery mode).
   */
  async createWithRecovery<T extends Listed>(request: CreateRequest<T>, known?: KnownBefore): Promise<T> {
    const operation = this.operation();
    let before: KnownBefore = known ?? (await this.knownBefore(request));
    /** The attempt whose outcome is unknown, and what was known to exist before it, until a recovery settles it. */
    let lost: { attempt: Attempt; before: KnownBefore } | undefined;

    const recover = async (): Promise<T | undefined> => {
      const { attempt, before: knownThen } = lost!;
      const listedAt = localNow();
      const listing = await this.listScope(request, operation.deadline);
      const candidates = listing.filter(request.isNamesake);
      const decision = decideAfterLostCreate({ candidates, known: knownThen, sentAt: attempt.sentAt, offset: this.serverClock.offset });
      if (decision.action === "fail") throw this.unresolvedCreate(request, decision, candidates, attempt);
      lost = undefined;
      if (decision.action === "post") {
        // The retry follows at once: this listing is what exists right before it.
        before = this.knownNow(request.scope, true);
        return undefined;
      }
      const adopted = candidates.find((candidate) => candidate.id === decision.id)!;
      this.stats.adoptedAfterAmbiguousCreate++;
      // It was created between the lost POST's sending and this listing: a bound on the server's clock.
      if (typeof adopted.createdAt === "string") this.serverClock.observe(Date.parse(adopted.createdAt), attempt.sentAt, listedAt, 1);
      return adopted;
    };

    // got repeats the POST after a 429 (refused unperformed) and a rejected token; a lost answer ends the exchange,
    // and this loop, which got cannot express (a listing that may end the create between two attempts), takes over.
    for (;;) {
      if (lost) {
        const adopted = await recover();
        if (adopted) return adopted;
      }
      const { last, budgetRanOut, waited } = await this.apiExchange("write", "POST", request.path, request.body, operation);
      if (last.status !== undefined && last.status < 300) {
        const created = last.body as T;
        this.scopes.get(request.scope)?.ids.add(created.id);
        return created;
      }
      // After a wait, what was listed is no longer what existed right before the attempt; nor before any later one.
      const beforeLast = waited ? { ...before, fresh: false } : before;
      before = { ...before, fresh: false };
      const failure = () => this.apiFailure("POST", request.path, last, operation.attempts);
      if (!isAmbiguous(last)) throw budgetRanOut ? this.budgetExhausted(failure(), operation, last) : failure();
      lost = { attempt: last, before: beforeLast };
      // Once the recovery has looked, the POST is as safe to repeat as an idempotent request, and waits the same.
      const next = nextRetry({ kind: "idempotent", ...this.retryInputs(last, operation) });
      if (!next.retry) {
        // Out of budget with an attempt unsettled: find out whether it created something before saying it failed.
        const settled = await recover();
        if (settled !== undefined) return settled;
        throw this.budgetExhausted(failure(), operation, last);
      }
      this.stats.retries++;
      await sleep(next.delayMs);
    }
  }

  /** What existed in the scope before this create: listed once per scope per process, shared by the creates. */
  private async knownBefore<T extends Listed>(request: CreateRequest<T>): Promise<KnownBefore> {
    const scope = this.scopes.get(request.scope);
    if (scope?.settled) {
      // Listed earlier in this process: the ids are still true, but something may have appeared since, and
      // only the server's clock can then place a namesake. Until this process has learned that clock to within
      // MAX_CLOCK_UNCERTAINTY_MS (no write of it answered yet: `Date` headers alone are a second coarse), a lost
      // answer could not be settled; so list again, right before this POST. Once the clock is known, nothing more.
      if (this.serverClockKnown()) return this.knownNow(request.scope, false);
      await this.listScope(request);
      return this.knownNow(request.scope, true);
    }
    if (!scope) await this.listScope(request);
    else await scope.listing;
    // This create waited for the listing and posts next: it is what existed right before the POST.
    return this.knownNow(request.scope, true);
  }

  /** True when the server's clock is known precisely enough to tell a namesake made before a POST from one made by it. */
  private serverClockKnown(): boolean {
    const offset = this.serverClock.offset;
    return offset !== undefined && offset.hi - offset.lo <= MAX_CLOCK_UNCERTAINTY_MS;
  }

  /**
   * A copy of the ids the scope is known to hold now. A copy, frozen for the attempt it precedes: another
   * operation's listing may later add the very resource this attempt creates, which must stay a candidate.
   */
  private knownNow(scope: string, fresh: boolean): KnownBefore {
    return { ids: new Set(this.scopes.get(scope)?.ids), fresh };
  }

  /** Lists the scope; the ids join what the scope is known to hold. The first listing of a scope is shared. */
  private async listScope<T extends Listed>(request: CreateRequest<T>, deadline = Date.now() + this.settings.retryTimeoutMs): Promise<T[]> {
    this.stats.recoveryListings++;
    const listing = request.list(deadline);
    let scope = this.scopes.get(request.scope);
    if (!scope) {
      const entry = { ids: new Set<string>(), settled: false, listing: listing.then(() => undefined) };
      scope = entry;
      this.scopes.set(request.scope, entry);
      entry.listing.then(
        () => (entry.settled = true),
        () => this.scopes.delete(request.scope), // the next create lists again
      );
    }
    const resources = await listing;
    for (const resource of resources) scope.ids.add(resource.id);
    return resources;
  }

  /** The error when a lost create cannot be settled: what may exist, why the provider will not choose, the fix. */
  private unresolvedCreate<T extends Listed>(
    request: CreateRequest<T>,
    decision: Extract<RecoveryDecision, { action: "fail" }>,
    candidates: T[],
    attempt: Attempt,
  ): PingOneApiError {
    const outcome = attempt.status !== undefined ? `${attempt.status}` : `no response: ${attempt.networkError}`;
    const named = decision.ids.map((id) => {
      const createdAt = candidates.find((candidate) => candidate.id === id)?.createdAt;
      return `${id} (created ${createdAt ?? "at an unknown time"})`;
    });
    const why =
      decision.reason === "several"
        ? `${named.length} resources with its identity appeared while it was under way: ${named.join(", ")}. ` +
          "The provider cannot tell which one this create made, so it neither adopts one nor creates another."
        : `${named.length === 1 ? "A resource" : `${named.length} resources`} with its identity appeared since the provider last looked ` +
          `(${named.join(", ")}), and PingOne's clock, as far as the provider could learn it, does not tell whether before or after this create. ` +
          "Rather than guess, the provider neither adopts nor creates another.";
    return new PingOneApiError(
      redact(
        `Creating ${request.what} may or may not have worked: the answer to POST ${request.path} was lost (${outcome}). ${why}\n  ${request.resolution}`,
        this.secrets,
      ),
      { status: attempt.status, code: "AMBIGUOUS_CREATE" },
    );
  }

  // ---- the request loop ----

  /** A new operation: its deadline is the caller's (a call made on another operation's behalf) or a full budget from now. */
  private operation(deadline = Date.now() + this.settings.retryTimeoutMs): Operation {
    return { deadline, began: Date.now(), attempts: 0, tokenRefreshed: false };
  }

  /** One API request (bearer token, writes reported to the read batching), retried by got as `kind` allows. */
  private apiExchange(
    kind: RequestKind,
    method: Method,
    path: string,
    body: unknown,
    operation: Operation,
    contentType?: string,
  ): Promise<Exchange> {
    return this.exchange({ kind, method, url: `${this.settings.apiBaseUrl}${path}`, body, contentType, api: true }, operation);
  }

  /**
   * One got call and the retries got makes of it. Each attempt, retries included, is counted in `stats.requests`
   * and `operation.attempts`, takes the current token, is reported to the read batching while a write is in
   * flight, and bounds the server's clock when its answer comes. A rejected token (401) is dropped and the request
   * repeated at once, once per operation; only the token that was rejected is dropped, so operations running in
   * parallel that were rejected with the same token share one fresh token.
   *
   * What comes back is our own record of the last attempt, never got's response or error: got's errors carry the
   * request options and headers, the Authorization header among them. An error of ours thrown in a hook (the
   * token request's) is rethrown as it was.
   */
  private async exchange(request: ExchangeRequest, operation: Operation): Promise<Exchange> {
    const { kind, method, api } = request;
    const http = await this.http();
    let inFlight: { sentAt: LocalMs; writeEnded?: () => void } | undefined;
    let last: Attempt | undefined;
    let tokenUsed: string | undefined;
    let ownError: { error: unknown } | undefined;
    const result = { budgetRanOut: false, waited: false };

    /** The attempt in flight came to this: the one place an attempt ends, whichever hook saw it end. */
    const ended = (outcome: Omit<Attempt, "sentAt" | "receivedAt">) => {
      if (!inFlight) return;
      const { sentAt, writeEnded } = inFlight;
      inFlight = undefined;
      writeEnded?.();
      last = { ...outcome, sentAt, receivedAt: localNow() };
      this.observeServerClock(method, last);
    };

    const beforeRequest = async (options: Options) => {
      if (api) {
        try {
          tokenUsed = await this.accessToken(operation.deadline);
        } catch (error) {
          ownError = { error };
          throw error;
        }
        options.headers.authorization = `Bearer ${tokenUsed}`;
      }
      if (inFlight) return; // a redirect followed within the attempt: still that one attempt
      // A listing begun before a write may predate it: no later read uses one (read-batch.ts).
      const writeEnded = api && method !== "GET" ? this.reads.writing() : undefined;
      this.stats.requests++;
      operation.attempts++;
      inFlight = { sentAt: localNow(), writeEnded };
    };

    const observeAnswer = (response: Response) => {
      ended(this.answerOf(response as Response<string>));
      return response;
    };
    // API requests only (a 401 from the token endpoint is a refusal of the credentials). got drops this hook from
    // the request once it has asked for a retry, and the flag keeps it to once per operation.
    const refreshRejectedToken = (response: Response, retryWithMergedOptions: (options: Record<string, never>) => never) => {
      const refreshable = this.settings.credentials.kind === "clientCredentials"; // a configured token cannot be replaced
      if (response.statusCode !== 401 || operation.tokenRefreshed || !refreshable) return response;
      operation.tokenRefreshed = true;
      if (this.token?.value === tokenUsed) this.token = undefined;
      return retryWithMergedOptions({}); // beforeRequest takes the fresh token
    };

    const calculateDelay = ({ error, computedValue }: { error: RequestError; computedValue: number }): number => {
      // got's own retry after refreshRejectedToken: at once, as got computes it.
      if (error.name === "RetryError") return computedValue;
      if (ownError) return 0;
      ended({ networkError: error.code ?? error.message ?? "network error" }); // a no-op when a response ended it
      if (!last) return 0;
      const decision = nextRetry({ kind, ...this.retryInputs(last, operation) });
      if (!decision.retry) {
        result.budgetRanOut = decision.budgetRanOut;
        return 0;
      }
      this.stats.retries++;
      result.waited = true;
      return decision.delayMs;
    };

    try {
      await http(request.url, {
        method,
        headers: { accept: "application/json", ...request.headers, ...(request.contentType && { "content-type": request.contentType }) },
        ...(request.form ? { form: request.form } : request.body !== undefined ? { json: request.body } : {}),
        hooks: { beforeRequest: [beforeRequest], afterResponse: api ? [observeAnswer, refreshRejectedToken] : [observeAnswer] },
        // No limit of got's own: the operation's deadline is the limit, enforced by calculateDelay.
        retry: { limit: Number.POSITIVE_INFINITY, calculateDelay },
      });
    } catch (error) {
      if (ownError) throw ownError.error;
      // Only the code or message: got's error objects carry the request options and headers.
      const { code, message } = error as { code?: string; message?: string };
      const networkError = code ?? message ?? "network error";
      ended({ networkError });
      last ??= { networkError, sentAt: localNow(), receivedAt: localNow() }; // got gave up before sending anything
    }
    return { last: last!, ...result };
  }

  /** What the retry policy needs besides the request's kind: the attempt, how many so far, the clock and a random draw. */
  private retryInputs(last: Attempt, operation: Operation) {
    const retryAfter = headerValue(last.headers?.["retry-after"]);
    return { outcome: last, attempt: operation.attempts, retryAfter, now: Date.now(), deadline: operation.deadline, random: Math.random() };
  }

  /** An answer as the client keeps it: status, headers, and the body parsed (or its start, when it is not JSON). */
  private answerOf(response: Response<string>): Omit<Attempt, "sentAt" | "receivedAt"> {
    let parsed: unknown;
    if (response.body) {
      try {
        parsed = JSON.parse(response.body);
      } catch {
        parsed = { message: response.body.slice(0, 200) };
      }
    }
    return { status: response.statusCode, body: parsed, headers: response.headers };
  }

  /** Every API answer bounds the server's clock: its Date header, and the timestamp a write just set. */
  private observeServerClock(method: Method, attempt: Attempt): void {
    const date = attempt.headers?.date;
    if (typeof date === "string") this.serverClock.observe(Date.parse(date), attempt.sentAt, attempt.receivedAt, DATE_HEADER_RESOLUTION_MS);
    if (attempt.status === undefined || attempt.status >= 300 || typeof attempt.body !== "object" || attempt.body === null) return;
    const written =
      method === "POST" ? (attempt.body as Listed).createdAt : method === "PUT" ? (attempt.body as Listed).updatedAt : undefined;
    if (typeof written === "string") this.serverClock.observe(Date.parse(written), attempt.sentAt, attempt.receivedAt, 1);
  }

  /** A request that is safe to repeat (GET, PUT, DELETE), or a POST repeated only after a 429. */
  private async call(
    method: Method,
    path: string,
    body?: unknown,
    options: {
      allow404?: boolean;
      /** The enclosing operation's deadline, for a call made on its behalf. */
      deadline?: number;
      /** A POST that writes nothing (the connection check) may be retried like a GET. */
      idempotent?: boolean;
      /** Instead of application/json, for endpoints with their own media type. */
      contentType?: string;
    } = {},
  ): Promise<Attempt> {
    const operation = this.operation(options.deadline);
    const kind: RequestKind = (options.idempotent ?? method !== "POST") ? "idempotent" : "write";
    const { last, budgetRanOut } = await this.apiExchange(kind, method, path, body, operation, options.contentType);
    if (last.status !== undefined && last.status < 300) return last;
    if (last.status === 404 && options.allow404) return last;
    const failure = this.apiFailure(method, path, last, operation.attempts);
    throw budgetRanOut ? this.budgetExhausted(failure, operation, last) : failure;
  }

  private apiFailure(method: Method, path: string, last: Attempt, attempts: number): PingOneApiError {
    const failure = describeApiFailure({
      operation: `${method} ${path.split("?")[0]}`,
      status: last.status,
      body: last.body,
      requestId: this.requestIdOf(last),
      attempts,
      cause: last.networkError,
      secrets: this.secrets,
    });
    const missingRole = failure.status === 403 && !failure.details.some((detail) => detail.code === "LICENSE_EXCEEDED");
    return missingRole ? failure.withMessage(`${failure.message}\n  ${this.missingRoleHint(path)}`) : failure;
  }

  /**
   * A 403: the token is valid but its holder lacks a role. The role is the one PingOne's documentation requires
   * on every propagation page: "You need the Environment Admin role to perform operations on identity
   * propagation store entities" (https://developer.pingidentity.com/pingone-api/platform/identity-propagation-provisioning/propagation-stores.html;
   * the plans, rules, mappings and revisions pages say the same of theirs).
   */
  private missingRoleHint(path: string): string {
    const environment = /^\/v1\/environments\/([^/]+)/.exec(path)?.[1];
    const where = environment ? ` in environment ${decodeURIComponent(environment)}` : "";
    const { credentials } = this.settings;
    const holder =
      credentials.kind === "clientCredentials"
        ? `The worker application ${credentials.clientId} (${describeSetting("clientId")}) lacks it${where}: in the PingOne console, open ` +
          "Applications, then the worker application, then Roles, and grant it Environment Admin for that environment; or set " +
          `${describeSetting("clientId")} and ${describeSetting("clientSecret")} to a worker application that has the role. ` +
          "A role granted now counts from the next token, so run the command again."
        : `The token in ${describeSetting("apiAccessToken")} lacks it${where}: use a token of an application or user that has the role.`;
    return `PingOne's propagation API needs the Environment Admin role. ${holder}`;
  }

  /** The error when the retry budget ran out: how many attempts, over how long, and what came back last. */
  private budgetExhausted(failure: PingOneApiError, operation: Operation, last: Attempt): PingOneApiError {
    const { attempts } = operation;
    const seconds = this.settings.retryTimeoutMs / 1000;
    const lastOutcome =
      last.status !== undefined
        ? `${last.status}${failure.code ? ` ${failure.code}` : ""}`
        : `no response (${last.networkError ?? "network error"})`;
    const message =
      `${failure.message}\n  Gave up after ${attempts} attempt${attempts === 1 ? "" : "s"} in ${((Date.now() - operation.began) / 1000).toFixed(1)}s: ` +
      `the retry budget of ${seconds}s per operation ran out (pingone:retryTimeoutSeconds or PINGONE_RETRY_TIMEOUT_SECONDS to change it). ` +
      `Last response: ${lastOutcome}.`;
    return new PingOneApiError(message, { ...failure, attempts });
  }

  private requestIdOf(attempt: Attempt): string | undefined {
    const header = attempt.headers?.["correlation-id"] ?? attempt.headers?.["x-request-id"];
    return Array.isArray(header) ? header[0] : header;
  }

  // ---- the token ----

  private async accessToken(deadline: number): Promise<string> {
    const { credentials } = this.settings;
    if (credentials.kind === "accessToken") return credentials.accessToken;
    // A token request PingOne refused (wrong secret, unknown environment) is refused again until the settings
    // change, which takes a new run: every resource of this run gets the same error, from one request.
    if (this.tokenRefused) throw this.tokenRefused;
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    // Operations running in parallel share one token request.
    this.tokenInFlight ??= this.fetchToken(credentials.clientId, credentials.clientSecret, deadline)
      .catch((error: unknown) => {
        if (
          error instanceof PingOneApiError &&
          error.status !== undefined &&
          error.status >= 400 &&
          error.status < 500 &&
          error.status !== 429
        ) {
          this.tokenRefused = error;
        }
        throw error;
      })
      .finally(() => {
        this.tokenInFlight = undefined;
      });
    return this.tokenInFlight;
  }

  private async fetchToken(clientId: string, clientSecret: string, deadline: number): Promise<string> {
    const tokenUrl = `${this.settings.authBaseUrl}/${encodeURIComponent(this.settings.environmentId ?? "")}/as/token`;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64");
    const operation = this.operation(deadline);
    // Unlike a store POST, the token request creates nothing: any 5xx or lost answer is safe to repeat.
    const { last, budgetRanOut } = await this.exchange(
      {
        kind: "token",
        method: "POST",
        url: tokenUrl,
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: "client_credentials" },
        api: false,
      },
      operation,
    );
    const token = last.body as { access_token?: string; expires_in?: number } | undefined;
    if (last.status === 200 && token?.access_token) {
      this.stats.tokensFetched++;
      this.secrets.add(token.access_token);
      // Reused until shortly before it expires: a minute early, or halfway for short-lived tokens.
      const lifetimeMs = (token.expires_in ?? 3600) * 1000;
      this.token = { value: token.access_token, refreshAt: Date.now() + lifetimeMs - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2) };
      return token.access_token;
    }
    const described = describeApiFailure({
      operation: `token request for client ${clientId} at ${tokenUrl}`,
      status: last.status,
      body: last.body,
      attempts: operation.attempts,
      cause: last.networkError,
      secrets: this.secrets,
    });
    const hint = this.tokenFailureHint(last.status);
    const failure = hint ? described.withMessage(`${described.message}\n  ${hint}`) : described;
    throw budgetRanOut ? this.budgetExhausted(failure, operation, last) : failure;
  }

  /** Which settings to check when the token endpoint refuses: never their values (the secret least of all). */
  private tokenFailureHint(status: number | undefined): string | undefined {
    const environment = this.settings.environmentId;
    if (status === 400 || status === 401) {
      return (
        `Check ${describeSetting("clientId")} and ${describeSetting("clientSecret")}: the worker application's client id and secret, ` +
        `and ${describeSetting("environmentId")} (now ${environment}), the environment the worker application lives in.`
      );
    }
    if (status === 404) {
      return (
        `PingOne does not know environment ${environment} at ${this.settings.authBaseUrl}. Check ${describeSetting("environmentId")}: ` +
        "it must be the id of the environment the worker application lives in (PingOne console: Environments, then the environment's Properties). " +
        `If the id is right, the environment is in another region: check ${describeSetting("regionCode")}, ` +
        `or ${describeSetting("authHostname")} and ${describeSetting("apiHostname")}, which must point at that region's auth and API hosts.`
      );
    }
    return undefined;
  }
}

/** The end of a lost create's error: adopt it in recovery mode if it is this stack's; `otherwise`, what else to do. */
function adoptOrRename(noun: string, otherwise: string): string {
  return (
    `If one of them is this stack's ${noun}, delete any others you do not want (PingOne console or API), add ` +
    `\`adopt: { id: "<its id>" }\` to this ${noun}'s declaration and run \`pulumi up\` again (or, in automation, ` +
    '`PINGONE_ADOPT_EXISTING_STORES=true pulumi up`; README: "Recovering from an interrupted pulumi up"); ' +
    otherwise
  );
}

/** A create body without what a rule's PUT does not take: its plan and stores. */
export function updateBodyOf(body: RuleCreateBody): RuleUpdateBody {
  const { plan: _plan, sourceStore: _source, targetStore: _target, ...update } = body;
  return update;
}
