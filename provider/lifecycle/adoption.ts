/**
 * Adopt by id, the provider-process half (the program half is `resource/adopt.ts`). Generic over the kind
 * of PingOne object, so that every resource of this package can offer `adopt: { id }`.
 *
 * A create with `adopt` GETs the object instead of POSTing it, refuses it clearly when it is missing or is
 * not what the declaration says, and otherwise records it in the state (writing only when the declaration
 * differs: that part belongs to each resource). Later runs never call create, so `adopt` is then inert.
 *
 * "Already adopted by another resource of this stack", in three layers:
 * - Declarations in one program that adopt the same id are refused at check (see `resource/adopt.ts`).
 * - The stack's state: the engine gives a dynamic provider no access to it, but the resource class passes
 *   the stack's name in `adopt`, and the provider reads that stack's state once per process with
 *   `pulumi stack export` (run in the provider's working directory, the project's; secrets stay encrypted, so
 *   no passphrase is needed). An id a resource of the state already manages is refused at check (so at
 *   preview) and again at create, whatever order the engine runs them in.
 * - One `pulumi up` runs one provider process, and every resource of the run passes through it: the
 *   {@link AdoptionLedger} remembers which ids this run's resources manage (`diff`, `update`, `read`, `create`),
 *   so two creates of one run cannot adopt one id (ids given as Outputs, which the program cannot compare),
 *   and a `delete` of an id this run adopted is refused.
 * When the state cannot be read (no `pulumi` on the provider's PATH, say), the adoption warns and relies on
 * the ledger alone; its limit is order: an adopter whose create runs before the diff of the resource that
 * already manages the id is only caught by that diff, after the adoption.
 */
import type { Deployment, StateResource } from "./pulumi-cli";
import { isPreviewUnknown, type ValidationFailure } from "../store-types/validation";
import { typeTokenOf } from "../resource/type-token";

export interface AdoptInput {
  id: string;
  /** Set by the resource class: the adopting resource's name, for messages. */
  resource?: string;
  /** Set by the resource class: the stack the program runs for, whose state is checked for the id. */
  stack?: string;
  /** Set by the resource class: other resources of the same program that adopt the same id. */
  conflictsWith?: string[];
}

const ADOPT_FIELDS = ["id", "resource", "stack", "conflictsWith"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `check`'s verdict on an `adopt` input. `what` names the object: "propagation store". */
export function adoptFailures(adopt: unknown, what: string): ValidationFailure[] {
  if (adopt === undefined || adopt === null || isPreviewUnknown(adopt)) return [];
  const usage = `adopt must be an object like { id: "<the ${what}'s id>" }`;
  if (!isPlainObject(adopt)) return [{ property: "adopt", reason: `${usage}, or left out to create a new ${what}.` }];
  const failures: ValidationFailure[] = [];
  for (const key of Object.keys(adopt)) {
    if (!ADOPT_FIELDS.includes(key)) failures.push({ property: `adopt.${key}`, reason: `adopt.${key} is not an adopt field: ${usage}.` });
  }
  const { id, conflictsWith } = adopt;
  // `resource`, `stack` and `conflictsWith` come from the resource class, never from the user: only `id` is documented.
  if (!isPreviewUnknown(id) && (typeof id !== "string" || id.trim() === "")) {
    failures.push({ property: "adopt.id", reason: `adopt.id must be the id of an existing ${what} (a non-empty string).` });
  }
  if (Array.isArray(conflictsWith) && conflictsWith.length > 0) {
    failures.push({
      property: "adopt.id",
      reason:
        `adopt.id "${String(id)}" is also adopted by ${conflictsWith.map((name) => `"${name}"`).join(", ")} in this program: one ${what} can be ` +
        `managed by one resource only. Keep the declaration that should manage it and remove the others (or their adopt).`,
    });
  }
  return failures;
}

/** Who claimed an id, in words for an error message: `resource "hr-scim"`, or a store's display name. */
type Claim = { how: "managed" | "adopted"; by: string };

/**
 * Per process: which ids this run's resources manage. See the module comment for what it can and cannot see.
 * Within one run each resource calls create at most once, and a new resource is never diffed, so any claim
 * found by an adopting create belongs to another resource.
 */
export class AdoptionLedger {
  private readonly claims = new Map<string, Claim>();
  private readonly replacing = new Set<string>();
  /** Each stack's state, read at most once per process. */
  private readonly states = new Map<string, Promise<Deployment | Error>>();

  constructor(
    private readonly readState: (stack: string) => Promise<Deployment>,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * The resource of `stack`'s state that manages `id`, if one does; undefined when none does, or when the
   * state could not be read (said once, as a warning: the adoption then relies on this run's ledger).
   */
  async stateHolderOf(kind: string, id: string, stack: string | undefined): Promise<StateResource | undefined> {
    if (!stack) return undefined;
    let state = this.states.get(stack);
    if (!state) {
      state = this.readState(stack).catch((error: Error) => {
        this.warn(
          `Could not read stack ${stack}'s state to check that no resource of it already manages what adopt names (${error.message}); ` +
            "only the resources of this run are checked.",
        );
        return error;
      });
      this.states.set(stack, state);
    }
    const deployment = await state;
    if (deployment instanceof Error) return undefined;
    const typeToken = typeTokenOf(kind);
    return (deployment.resources ?? []).find((resource) => resource.type === typeToken && resource.id === id && !resource.delete);
  }

  private key(kind: string, id: string): string {
    return `${kind}/${id}`;
  }

  /** A resource of this run manages `id` (diff, read, update, plain create). Throws when another resource adopted it in this run. */
  managed(kind: string, id: string, by: string, what: string): void {
    const claim = this.claims.get(this.key(kind, id));
    if (claim?.how === "adopted") {
      throw new Error(
        `${what} ${id} is managed by ${by}, and ${claim.by} adopted the same ${what} earlier in this run: two resources of this stack now ` +
          `point at one ${what}. Remove one of the two declarations; to drop a resource from the stack without deleting the ${what}, ` +
          `run \`pulumi state delete <its URN>\` (\`pulumi stack --show-urns\` lists them).`,
      );
    }
    if (!claim) this.claims.set(this.key(kind, id), { how: "managed", by });
  }

  /** `diff` decided to replace the resource that manages `id`: its replacement's create must not adopt it again. */
  replaces(kind: string, id: string): void {
    this.replacing.add(this.key(kind, id));
  }

  /**
   * Called by a create with `adopt`, before any request. "create" means: this create replaces the object
   * `id` names, so it must create a new one. Throws when another resource of this run manages `id`.
   */
  async beginAdoption(kind: string, id: string, by: string, what: string, stack: string | undefined): Promise<"adopt" | "create"> {
    const key = this.key(kind, id);
    if (this.replacing.has(key)) return "create";
    const claim = this.claims.get(key);
    if (claim) {
      throw new Error(
        `adopt.id "${id}": this ${what} is already ${claim.how} by ${claim.by} in this stack, so ${by} cannot adopt it too. ` +
          `Remove adopt from one of the two (and the declaration that should not manage it). Nothing was written.`,
      );
    }
    // Claimed before reading the state: a second adopter of this run meets the claim, not a race.
    this.claims.set(key, { how: "adopted", by });
    const holder = await this.stateHolderOf(kind, id, stack);
    if (holder) {
      this.claims.delete(key);
      throw alreadyInState(what, id, by, holder, stack!);
    }
    return "adopt";
  }

  /** An adoption that failed gives its id back, so that a corrected retry in the same process may adopt it. */
  abandonAdoption(kind: string, id: string): void {
    const key = this.key(kind, id);
    if (this.claims.get(key)?.how === "adopted") this.claims.delete(key);
  }

  /** Refuses to delete an object another resource adopted in this same run. */
  assertDeletable(kind: string, id: string, by: string, what: string): void {
    const claim = this.claims.get(this.key(kind, id));
    if (claim?.how === "adopted") {
      throw new Error(
        `Not deleting ${what} ${id} for ${by}: ${claim.by} adopted it in this run and now manages it. To drop the old resource from the ` +
          `stack without deleting the ${what}, run \`pulumi state delete <its URN>\` (\`pulumi stack --show-urns\` lists them), then run the command again.`,
      );
    }
  }
}

/** An id a resource of the stack's state manages: refused, with the way out when that resource has left the program. */
export function alreadyInState(what: string, id: string, by: string, holder: StateResource, stack: string): Error {
  const name = holder.urn.split("::").pop();
  return new Error(
    `adopt.id "${id}": resource "${name}" of stack ${stack} already manages this ${what}, so ${by} cannot adopt it too. ` +
      `Remove adopt (or the declaration that should not manage it). If "${name}" has left the program and this declaration should ` +
      `take over, first run \`pulumi state delete '${holder.urn}'\`, which leaves the ${what} in PingOne. Nothing was written.`,
  );
}

/** The errors of an adoption that cannot go ahead; nothing has been written when they are thrown. */
export const adoptionErrors = {
  missing: (what: string, id: string, environmentId: string) =>
    new Error(
      `adopt.id "${id}": there is no ${what} with this id in environment ${environmentId}. Check the id (\`pingone-propagation export\` lists ` +
        `every ${what} with its id); if it lives in another environment, set environmentId to that environment; to create a new ${what} instead, ` +
        `remove adopt. Nothing was written.`,
    ),
  otherEnvironment: (what: string, id: string, actual: string, declared: string) =>
    new Error(
      `adopt.id "${id}": this ${what} belongs to environment ${actual}, not ${declared}. Set environmentId: "${actual}" on the resource, ` +
        `or adopt a ${what} of environment ${declared}. Nothing was written.`,
    ),
  otherType: (what: string, id: string, actual: string, declared: string) =>
    new Error(
      `adopt.id "${id}": this ${what} is of type ${actual}, but the resource declares type ${declared}. Declare type "${actual}" with its ` +
        `configuration (\`pingone-propagation export\` writes it for you), or adopt a ${declared} ${what}. Nothing was written.`,
    ),
};

/**
 * What a state records of an adoption that wrote nothing: the `updatedAt` PingOne reported then. The changes
 * up to that moment were not this stack's, so it owes them no propagation revision (an adoption that changes
 * nothing publishes nothing); once the object changes again, by this stack or anyone, revisions work as usual.
 */
export interface AdoptedState {
  updatedAt?: string;
  adoptedAsOf?: string;
}

/** The `updatedAt` a diff weighs against the latest revision: none while the object is as it was adopted. */
export function changedSinceAdoption(state: AdoptedState): string | undefined {
  return state.adoptedAsOf !== undefined && state.adoptedAsOf === state.updatedAt ? undefined : state.updatedAt;
}
