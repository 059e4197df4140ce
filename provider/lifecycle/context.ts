/**
 * What every resource's lifecycle in one provider process shares: the settings, one HTTP client (so one
 * token), where warnings go, the revision publisher, and the adoption ledger.
 *
 * The engine starts one provider process for all dynamic resources of a run, and the host loads one
 * provider per distinct `__provider` text (one per resource kind; two while a state still holds an earlier
 * release's text), calling `configure` on each with the same stack config. They all use
 * {@link defaultContext}, so a store, a plan, a rule and a mapping share one token, and the revisions
 * published at the end of the run cover the changes of all of them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ValidationFailure } from "../store-types/validation";
import { AdoptionLedger } from "./adoption";
import { exportStack, type Deployment } from "./pulumi-cli";
import { PingOneClient } from "./pingone-client";
import { readRawSettings, resolveSettings, type RawSettings } from "./settings";
import { RevisionPublisher, type RevisionPublisherOptions } from "./revisions/publisher";

/** What the engine calls on every resource kind's provider, with the types of its inputs and state. */
export interface LifecycleProvider<I, O> extends pulumi.dynamic.ResourceProvider<I, O> {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>>;
  diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>>;
  read(id: string, props?: O): Promise<pulumi.dynamic.ReadResult<O>>;
  update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>>;
  delete(id: string, props: O): Promise<void>;
}

export interface ProviderOptions {
  /** Settings to use instead of stack config and environment variables (for tests and embedding). */
  settings?: RawSettings;
  /** Where warnings go; defaults to the Pulumi log. */
  warn?: (message: string) => void;
  /** Where informational messages go; defaults to the Pulumi log. */
  info?: (message: string) => void;
  /** How a stack's state is read for adoptions; defaults to `pulumi stack export` in the working directory. */
  readStackState?: (stack: string) => Promise<Deployment>;
  /** A context to share with other providers (its settings and warn win over the two above). */
  context?: LifecycleContext;
  /** How the context's revision publisher reports and when it publishes by itself. */
  revisions?: RevisionPublisherOptions;
}

function defaultWarn(message: string): void {
  try {
    void pulumi.log.warn(message);
  } catch {
    console.warn(`warning: ${message}`);
  }
}

function defaultInfo(message: string): void {
  try {
    void pulumi.log.info(message);
  } catch {
    console.info(message);
  }
}

export class LifecycleContext {
  private raw?: RawSettings;
  private rawKey?: string;
  private client?: PingOneClient;
  readonly warn: (message: string) => void;
  readonly info: (message: string) => void;
  readonly revisions: RevisionPublisher;
  /** Which ids this run's resources manage, for `adopt` (see adoption.ts): one per process, like the run. */
  readonly adoptions: AdoptionLedger;

  constructor(options: Omit<ProviderOptions, "context"> = {}) {
    this.raw = options.settings;
    this.warn = options.warn ?? defaultWarn;
    this.info = options.info ?? defaultInfo;
    this.revisions = new RevisionPublisher(this, options.revisions);
    this.adoptions = new AdoptionLedger(options.readStackState ?? ((stack) => exportStack(stack, process.cwd())), this.warn);
  }

  rawSettings(): RawSettings {
    this.raw ??= readRawSettings(undefined, process.env);
    return this.raw;
  }

  /**
   * Called by each resource kind's provider with the same stack config. A new client only when the
   * settings really changed: another kind's operations may be using the current one.
   */
  configure(req: pulumi.dynamic.ConfigureRequest): void {
    const next = readRawSettings(req.config, process.env);
    const key = JSON.stringify(next);
    if (key === this.rawKey) return;
    this.raw = next;
    this.rawKey = key;
    this.client?.close();
    this.client = undefined;
  }

  /** Settings are only resolved when an API call is due: check and diff must work without credentials. */
  api(): PingOneClient {
    this.client ??= new PingOneClient(resolveSettings(this.rawSettings()));
    return this.client;
  }

  /** The client's counters, once it exists. */
  get stats(): PingOneClient["stats"] | undefined {
    return this.client?.stats;
  }

  /** The message when neither the resource nor the settings name an environment. */
  environmentMissing(resource: string): string {
    return `environmentId is not set: set it on the ${resource}, or set pingone:environmentId (or PINGONE_ENVIRONMENT_ID) for the stack.`;
  }

  environmentOf(declared: string | undefined, resource: string): string {
    const environmentId = declared ?? this.rawSettings().environmentId;
    if (!environmentId) throw new Error(this.environmentMissing(resource));
    return environmentId;
  }

  /** check's part: the stack's environment fills an undeclared `environmentId`, or a failure says what to set. */
  defaultEnvironment<T extends { environmentId?: string }>(inputs: T, failures: ValidationFailure[], resource: string): T {
    if (inputs.environmentId !== undefined) return inputs;
    const fallback = this.rawSettings().environmentId;
    if (fallback) return { ...inputs, environmentId: fallback };
    if (failures.length === 0) failures.push({ property: "environmentId", reason: this.environmentMissing(resource) });
    return inputs;
  }
}

/**
 * The context of the providers the engine uses. Its publisher creates the run's revisions when the
 * engine closes the provider process (see revisions/publisher.ts).
 */
export const defaultContext = new LifecycleContext({ revisions: { publishAtExit: true } });
