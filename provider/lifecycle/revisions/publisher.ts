/**
 * Propagation revisions: PingOne's Admin Console shows changes made through the API only once a revision
 * is created, and creating one starts a resynchronisation of the identity stores. So a run creates one
 * revision per environment it changed, at its very end, and none when it changed nothing.
 *
 * How the end of a run is known: when a deployment ends (`up`, `destroy`, also `preview` and `refresh`),
 * the engine sends SIGINT to the provider process and kills it 5 seconds later (see
 * ../../../README.md and the engine facts it links). All dynamic resources share that one process, so
 * every successful write of every resource kind marks its environment here, and the SIGINT handler,
 * installed with the first write, posts one revision per marked environment, prints what it published
 * (the engine shows a provider's output to the user), and exits. `@pulumi/pulumi`'s dynamic-provider host
 * installs no SIGINT handler of its own: without ours the process would simply die.
 *
 * What if that is cut off or fails (no network, the 5 seconds ran out, a hard kill)? The user is told how
 * to publish, and the next run notices: `diff` compares each object's `updatedAt` in the state with the
 * environment's latest revision, and an object changed after it shows as an update whose only work is
 * to mark the environment again, so that run publishes it. Its limits are in the README.
 */
import type { ApiRevision, PingOneClient } from "../pingone-client";
import { PingOneApiError } from "../api-error";
import { createRevisionsEnabled, SETTING_SOURCES, type RawSettings } from "../settings";

export interface RevisionPublisherOptions {
  /** Install the SIGINT handler that publishes at the end of the run (the engine's providers only). */
  publishAtExit?: boolean;
  /** Where the end-of-run report goes; defaults to stderr, which the engine shows to the user. */
  write?: (line: string) => void;
}

/** What the publisher needs from its context. */
interface PublisherHost {
  api(): PingOneClient;
  rawSettings(): RawSettings;
  warn(message: string): void;
}

/** The outcome for one environment. */
export interface PublishResult {
  environmentId: string;
  /** What this run changed there, as the report lists it: `created PropagationRule "HR"`. */
  changes: string[];
  revision?: ApiRevision;
  /** Why no revision was created. */
  error?: string;
}

/** How long the SIGINT handler waits for writes still in flight (a cancelled run's last operations). */
const SETTLE_MS = 1_000;
/** The retry budget of the revision POSTs at the end of a run: well inside the engine's 5 seconds. */
const PUBLISH_BUDGET_MS = 2_500;
/** When the handler gives up, says so, and exits, before the engine's SIGKILL would silence it. */
const HARD_STOP_MS = 4_000;
/** How many changes the report names before it counts the rest. */
const LISTED_CHANGES = 6;

export class RevisionPublisher {
  /** What changed in each environment since its last revision, as the report names it. */
  private readonly pending = new Map<string, string[]>();
  private readonly latest = new Map<string, Promise<ApiRevision | undefined | "unknown">>();
  private readonly noticed = new Set<string>();
  /** Objects this process wrote: its own revision will cover them. */
  private readonly written = new Set<string>();
  private inFlight = 0;
  private settled: Array<() => void> = [];
  private hookInstalled = false;

  constructor(
    private readonly host: PublisherHost,
    private readonly options: RevisionPublisherOptions = {},
  ) {}

  get enabled(): boolean {
    return createRevisionsEnabled(this.host.rawSettings());
  }

  /** Environments with changes not yet published, and what changed there. */
  get unpublished(): ReadonlyMap<string, readonly string[]> {
    return this.pending;
  }

  /**
   * Runs one API write for the environment and marks it changed: when the write succeeded, and when it
   * failed without a definite refusal (a lost response may still have changed something). `outcome` says
   * from the result whether anything changed (a delete that found nothing did not), and the id of what
   * was written, when there is one.
   */
  async write<T>(
    environmentId: string,
    change: string,
    run: () => Promise<T>,
    outcome: (result: T) => { changed: boolean; id?: string } = () => ({ changed: true }),
  ): Promise<T> {
    this.inFlight++;
    try {
      const result = await run();
      const { changed, id } = outcome(result);
      if (changed) this.mark(environmentId, change);
      if (id !== undefined) this.written.add(id);
      return result;
    } catch (error) {
      if (error instanceof PingOneApiError && error.mayHaveWritten) this.mark(environmentId, `${change} (outcome unknown)`);
      throw error;
    } finally {
      if (--this.inFlight === 0) for (const resolve of this.settled.splice(0)) resolve();
    }
  }

  /** Marks the environment changed without a write of its own: the repair of a run whose revision was lost. */
  mark(environmentId: string, change: string): void {
    this.pending.set(environmentId, [...(this.pending.get(environmentId) ?? []), change]);
    if (this.options.publishAtExit && !this.hookInstalled) {
      this.hookInstalled = true;
      process.once("SIGINT", () => void this.publishAndExit());
    }
  }

  /**
   * diff's question: was the object (whose `updatedAt` the state holds) changed after the environment's
   * latest revision, so that a revision is still owed for it? Answered with the reason, or undefined when
   * nothing is owed or it cannot be told (revisions off, no timestamp, no credentials, the API unreachable:
   * diff never fails for this). One GET per environment per provider process. An object this process
   * wrote itself is covered by the revision it will publish (the engine never diffs after a write; a
   * test that calls the provider directly does).
   */
  async owedFor(environmentId: string, updatedAt: string | undefined, objectId: string): Promise<string | undefined> {
    if (updatedAt === undefined || !this.enabled || this.written.has(objectId)) return undefined;
    let latest = this.latest.get(environmentId);
    if (!latest) {
      // Settings are resolved inside the promise: missing credentials make it unknown, not a failed diff.
      latest = Promise.resolve()
        .then(() => this.host.api().getLatestRevision(environmentId))
        .catch(() => "unknown" as const);
      this.latest.set(environmentId, latest);
    }
    const revision = await latest;
    if (revision === "unknown") return undefined;
    const changed = Date.parse(updatedAt);
    const published = revision?.createdAt === undefined ? Number.NaN : Date.parse(revision.createdAt);
    if (Number.isNaN(changed) || (revision !== undefined && (Number.isNaN(published) || changed <= published))) return undefined;
    const reason =
      revision === undefined
        ? `Environment ${environmentId} has no propagation revision yet, so PingOne's Admin Console does not show what this stack made there`
        : `Objects of this stack in environment ${environmentId} changed after its latest propagation revision (${revision.id}, ${revision.createdAt}), ` +
          `so PingOne's Admin Console does not show those changes (a previous run's revision was lost, or they were made outside Pulumi)`;
    if (!this.noticed.has(environmentId)) {
      this.noticed.add(environmentId);
      this.host.warn(`${reason}. They show as updates: pulumi up publishes them in one new revision, without writing them.`);
    }
    return reason;
  }

  /** Creates one revision per environment with unpublished changes; never throws. */
  async publish(deadline = Date.now() + PUBLISH_BUDGET_MS): Promise<PublishResult[]> {
    const environments = [...this.pending.entries()];
    if (environments.length === 0 || !this.enabled) return [];
    return Promise.all(
      environments.map(async ([environmentId, changes]): Promise<PublishResult> => {
        try {
          const revision = await this.host.api().createRevision(environmentId, deadline);
          this.pending.delete(environmentId);
          this.latest.set(environmentId, Promise.resolve(revision));
          return { environmentId, changes, revision };
        } catch (error) {
          return { environmentId, changes, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
  }

  /** The lines that tell the user what was published, or how to publish what was not. */
  report(results: PublishResult[]): string[] {
    if (!this.enabled) {
      return [...this.pending.entries()].map(
        ([environmentId, changes]) =>
          `pingone: ${describeChanges(changes)} in environment ${environmentId}; no propagation revision created ` +
          `(${SETTING_SOURCES.createRevisions.config} is off), so PingOne's Admin Console shows them once one is. ${this.howToPublish(environmentId)}`,
      );
    }
    return results.map((result) =>
      result.revision
        ? `pingone: created propagation revision ${result.revision.id} in environment ${result.environmentId} for ${describeChanges(result.changes)}.`
        : `pingone: could not create the propagation revision for ${describeChanges(result.changes)} in environment ${result.environmentId}, ` +
          `so PingOne's Admin Console does not show them yet: ${firstLine(result.error)}. ${this.howToPublish(result.environmentId)}`,
    );
  }

  private howToPublish(environmentId: string): string {
    return (
      `To publish: run pulumi up again (it notices objects changed after the latest revision and publishes them), ` +
      `or POST /v1/environments/${environmentId}/propagation/revisions (no body) with a worker token; ` +
      `a run that only deleted objects cannot be noticed later, so publish that one by hand.`
    );
  }

  /** Resolves once no write is in flight, or after `ms`. */
  private settle(ms: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.settled.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The SIGINT handler: publish, report, exit; or, if that does not finish in time, say what was lost. */
  private async publishAndExit(): Promise<void> {
    const write = this.options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
    const hardStop = setTimeout(() => {
      for (const [environmentId, changes] of this.pending) {
        write(
          `pingone: ran out of time creating the propagation revision for ${describeChanges(changes)} in environment ${environmentId}. ` +
            this.howToPublish(environmentId),
        );
      }
      process.exit(1);
    }, HARD_STOP_MS);
    await this.settle(SETTLE_MS);
    const results = await this.publish();
    this.report(results).forEach(write);
    clearTimeout(hardStop);
    process.exit(0);
  }
}

function describeChanges(changes: string[]): string {
  const listed = changes.slice(0, LISTED_CHANGES).join(", ");
  const more = changes.length > LISTED_CHANGES ? ` and ${changes.length - LISTED_CHANGES} more` : "";
  return `${changes.length} change${changes.length === 1 ? "" : "s"} (${listed}${more})`;
}

function firstLine(text: string | undefined): string {
  return (text ?? "unknown error").split("\n")[0];
}
