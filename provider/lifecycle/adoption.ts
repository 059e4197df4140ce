/**
 * Adopt by id, the provider-process half (the program half is `resource/adopt.ts`). Generic over the kind
 * of PingOne object, so that every resource of this package can offer `adopt: { id }`.
 *
 * A create with `adopt` GETs the object instead of POSTing it, refuses it clearly when it is missing or is
 * not what the declaration says, and otherwise records it in the state (writing only when the declaration
 * differs: that part belongs to each resource). Later runs never call create, so `adopt` is then inert.
 *
 * "Already adopted by another resource of this stack": a dynamic provider cannot read the stack's state,
 * but one `pulumi up` runs one provider process, and every resource of the run passes through it. The
 * {@link AdoptionLedger} remembers, per process, which ids this run's resources manage:
 * - ids the state already holds show up in `diff` (every declared resource is diffed), `update` and `read`;
 * - ids created or adopted in this run show up in `create`.
 * So a create that adopts an id refuses when a resource diffed earlier in the run manages it, or another
 * create already adopted it; a `diff` of a resource whose id was adopted earlier in the run fails; and a
 * `delete` of an id this run adopted is refused, which protects the store a new declaration just took over
 * from the old declaration's deletion. The limit: when the adopter is declared before the resource the state
 * already has, its create may run before that resource's diff; the diff then fails, but the adoption (and a
 * PUT, if its declaration differed) has already happened. Declarations in one program that adopt the same
 * id are refused at check, before any of this (see `resource/adopt.ts`).
 */
import { isPreviewUnknown, type ValidationFailure } from "../store-types/validation";

export interface AdoptInput {
  id: string;
  /** Set by the resource class: the adopting resource's name, for messages. */
  resource?: string;
  /** Set by the resource class: other resources of the same program that adopt the same id. */
  conflictsWith?: string[];
}

const ADOPT_FIELDS = ["id", "resource", "conflictsWith"];

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
  // `resource` and `conflictsWith` come from the resource class, never from the user: only `id` is documented.
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
  beginAdoption(kind: string, id: string, by: string, what: string): "adopt" | "create" {
    const key = this.key(kind, id);
    if (this.replacing.has(key)) return "create";
    const claim = this.claims.get(key);
    if (claim) {
      throw new Error(
        `adopt.id "${id}": this ${what} is already ${claim.how} by ${claim.by} in this stack, so ${by} cannot adopt it too. ` +
          `Remove adopt from one of the two (and the declaration that should not manage it). Nothing was written.`,
      );
    }
    this.claims.set(key, { how: "adopted", by });
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
