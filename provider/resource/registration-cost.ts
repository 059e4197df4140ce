/**
 * What registering one resource costs the user's program, and the part of it we cut.
 *
 * For every property of a resource, the SDK's `transferProperties` makes four promises, and its
 * `debuggablePromise` stamps each with `new Error().stack`. Those traces are only read to report leaked
 * promises (`PULUMI_DEBUG_PROMISE_LEAKS`), but they are formatted at once, through source-map-support when the
 * program runs under ts-node. A PropagationStore names all of its 13 properties (it must: the engine only
 * surfaces declared ones), so those traces were two thirds of the program's CPU per store (about 6 of 9.5 ms
 * per store measured under mocks, against 4.9 ms for a trivial dynamic resource with the same inputs).
 *
 * {@link shallowStacks} lowers `Error.stackTraceLimit` to 0 while the resource registers. What stays whole:
 * the resource's own source position and stack trace, which the SDK captures separately at unlimited depth
 * (`Resource.callsites` raises the limit itself); every trace when `PULUMI_DEBUG_PROMISE_LEAKS` is set; and an
 * error the registration throws, whose trace is taken again, from where the program created the resource.
 */

/** Lowers the stack trace limit until the returned function is called (see the module comment). */
export function shallowStacks(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/**
 * An error thrown while the limit was low has no trace: gives it one from here, below `constructor` (the
 * resource class), so it shows where the program created the resource.
 */
export function withTrace(error: unknown, resourceClass: abstract new (...args: never[]) => unknown): unknown {
  if (error instanceof Error) Error.captureStackTrace(error, resourceClass);
  return error;
}
