/**
 * What every lookup shares: one error type, the error wrapping, and the `…Output` form.
 */
import * as pulumi from "@pulumi/pulumi";
import { lookupSession, type LookupSession } from "./session";

/**
 * A lookup's failure: what was searched and what to do. A `RunError`, so a failed preview shows this message
 * alone, without a stack trace. Nothing was written when it is thrown: lookups only read.
 */
export class LookupError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "LookupError";
  }
}

/** Runs one lookup; any failure (settings, HTTP, no match) becomes one LookupError that names the lookup. */
export async function runLookup<T>(lookup: string, body: (session: LookupSession) => Promise<T>): Promise<T> {
  try {
    return await body(lookupSession(lookup));
  } catch (error) {
    if (error instanceof LookupError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new LookupError(message.startsWith(`${lookup}:`) ? message : `${lookup}: ${message}`);
  }
}

/** The arguments of a lookup's `…Output` form: every field may be an Input (an Output, a Promise, a value). */
export type LookupInputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The `…Output` form of a lookup: it waits for its inputs, then runs the lookup. At preview, an input that
 * is not known yet (another resource's id, say) leaves the result unknown instead of failing.
 */
export function lookupOutput<Args, Result>(
  lookup: (args: Args) => Promise<Result>,
  args: LookupInputs<Args> | undefined,
): pulumi.Output<Result> {
  // The callback returns an Output of the lookup's promise rather than the promise itself: an `apply` whose
  // own promise rejects holds a program whose stack outputs use it for about a minute before the error shows
  // (Pulumi 3.255, measured), while a rejected inner Output fails the program at once with the same error.
  return pulumi.output(args ?? {}).apply((plain) => pulumi.output(lookup(plain as Args)) as pulumi.Output<Result>);
}

/** "a", "b" and "c": for messages that list what was found. */
export function quoted(values: string[]): string {
  return values.map((value) => `"${value}"`).join(", ");
}
