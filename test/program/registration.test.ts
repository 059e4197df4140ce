/**
 * Declaring a PropagationStore in a program, under the SDK's mocks: registration runs without the SDK's
 * per-property debug traces (provider/resource/registration-cost.ts), and nothing a user sees loses its trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../provider";
import { minimalConfigurations } from "../fixtures/store-examples";

const registered: pulumi.runtime.MockResourceArgs[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args);
      return { id: `${args.name}-id`, state: { ...args.inputs, storeId: `${args.name}-id` } };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

/** How many stack traces with frames `work` formatted, and how deep each was. */
function tracesTakenBy(work: () => void): { traces: number; limits: number[] } {
  const original = Error.prepareStackTrace;
  const limits: number[] = [];
  Error.prepareStackTrace = (error, frames) => {
    if (frames.length > 0) limits.push(frames.length);
    return original ? original(error, frames) : `${error}\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
  };
  try {
    work();
  } finally {
    Error.prepareStackTrace = original;
  }
  return { traces: limits.length, limits };
}

const scim = () => ({ type: "scim" as const, name: "HR SCIM", configuration: { ...(minimalConfigurations.scim as any) } });

describe("registering a store", () => {
  test("leaves the stack trace limit as it found it, and registers every property", async () => {
    const before = Error.stackTraceLimit;
    const store = new PropagationStore("hr", scim());
    expect(Error.stackTraceLimit).toBe(before);
    expect(await new Promise((resolve) => store.storeId.apply(resolve))).toBe("hr-id");
    expect(registered.find((args) => args.name === "hr")?.inputs).toMatchObject({ type: "scim", name: "HR SCIM" });
  });

  test("the SDK's per-property debug traces are not taken; the resource's own stack trace is", () => {
    const { traces, limits } = tracesTakenBy(() => new PropagationStore("traced", scim()));
    // One trace with frames: the SDK's capture of the resource's stack (its source position), at full depth.
    expect(traces).toBe(1);
    expect(limits[0]).toBeGreaterThan(5);
  });

  test("an error registration throws still shows where the program created the store", () => {
    const before = Error.stackTraceLimit;
    const error = (() => {
      try {
        new PropagationStore("", scim());
      } catch (thrown) {
        return thrown as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/Missing resource name/);
    expect(error!.stack).toMatch(/registration\.test\.ts/);
    expect(Error.stackTraceLimit).toBe(before);
  });

  test("with PULUMI_DEBUG_PROMISE_LEAKS set, registration keeps every trace", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    try {
      // Four promises per property, each with its trace, as the SDK makes them.
      expect(tracesTakenBy(() => new PropagationStore("debugged", scim())).traces).toBeGreaterThan(4 * 13);
    } finally {
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
  });
});
