/**
 * A resource the stack holds that PingOne no longer has: deleted outside Pulumi (console, API, another tool).
 * An update of it gets a 404, and so does every later `pulumi up`, until the stack forgets it. The error says
 * which resource, that it was deleted outside Pulumi, and the commands that repair the stack.
 *
 * For every resource type: wrap the update (or a read that precedes a write) in {@link unlessGone}. Delete
 * does not: a resource already gone is deleted, which is what delete wanted.
 */
import { PingOneApiError } from "./api-error";

export interface HeldResource {
  /** The Pulumi resource type, as a user reads it in the program: `PropagationStore`. */
  type: string;
  /** The Pulumi name (see provider/resource/logical-name.ts); undefined in the state of an older resource. */
  logicalName: string | undefined;
  /** Its PingOne id. */
  id: string;
  /** What PingOne calls it, for a person: `scim store "HR"`. */
  label: string;
}

/** The exact repair: refresh drops what is gone from the stack, then up creates it again as declared. */
export const REPAIR_COMMANDS = { twoSteps: ["pulumi refresh", "pulumi up"], oneStep: "pulumi up --refresh" } as const;

export class ResourceGoneError extends PingOneApiError {
  constructor(
    readonly resource: HeldResource,
    cause: PingOneApiError,
  ) {
    const who = resource.logicalName ? `${resource.type} "${resource.logicalName}"` : `A ${resource.type}`;
    super(
      `${who} (${resource.label}, PingOne id ${resource.id}) no longer exists in PingOne: it was deleted outside Pulumi, ` +
        `and the stack still holds it. Repair the stack: run \`${REPAIR_COMMANDS.twoSteps[0]}\` (it drops the deleted resource from the stack), ` +
        `then \`${REPAIR_COMMANDS.twoSteps[1]}\` (it creates it again, as declared); or both in one step: \`${REPAIR_COMMANDS.oneStep}\`.\n  ${cause.message}`,
      cause,
    );
    this.name = "ResourceGoneError";
  }
}

/** Runs `operation` on a resource the stack holds; a 404 from PingOne becomes a {@link ResourceGoneError}. */
export async function unlessGone<T>(resource: HeldResource, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof PingOneApiError && error.status === 404) throw new ResourceGoneError(resource, error);
    throw error;
  }
}
