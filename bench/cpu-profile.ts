/**
 * Where a Node process's CPU time went, from the `.cpuprofile` that `node --cpu-prof` writes: each sample's
 * stack is put in one category, so the categories add up to the process's busy time. Used by
 * `bench/profile.ts`.
 *
 * How a sample is placed:
 * 1. `(idle)` is not busy time; `(garbage collector)` is GC.
 * 2. Module loading: any frame of Node's module loaders (compiling and running a module's top level). It is
 *    "ours" when the module being loaded (the innermost module top level on the stack) is this package's or one
 *    of its dependencies (ajv, got), else the SDK's (the SDK's index, required by our module, is the SDK's). The
 *    program's main module is the exception: its top level declares the resources, so what it calls is work.
 * 3. Otherwise the first frame from the leaf up that belongs to a known package decides: the time is spent
 *    where the work happens, not in whoever called it (the SDK's resource registration, called by our
 *    PropagationStore constructor, is the SDK's). Our own frames are then split by the lifecycle method
 *    (check, diff, read, ...) found on the stack.
 */
import * as fs from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProcessProfile {
  /** Wall time the profile covers, ms. */
  totalMs: number;
  /** Time not idle, ms. */
  busyMs: number;
  /** Busy time by category, ms. */
  categories: Record<string, number>;
  /** What the process was: the engine's dynamic provider, the program, or another Node process. */
  role: "provider" | "program" | "other";
}

const OUR_CODE = /\/dist\/(provider|local-api)\//;
const OUR_DEPENDENCIES = /\/node_modules\/(ajv|fast-deep-equal|fast-uri|json-schema-traverse|got)\//;
const HTTP_CLIENT =
  /\/node_modules\/(got|@sindresorhus|@szmarczak|cacheable-lookup|cacheable-request|decompress-response|http2-wrapper|lowercase-keys|p-cancelable|responselike|keyv|mimic-response|normalize-url|get-stream|defer-to-connect|quick-lru|resolve-alpn)\/|^node:_http_|^node:https$|^node:internal\/http$/;
const LOADER = /^node:internal\/modules\//;
const LIFECYCLE_METHODS = new Set(["configure", "check", "diff", "create", "read", "update", "delete"]);

/** Categories by package, tried from the leaf up; the first that matches a frame decides. */
const PACKAGE_RULES: Array<[string, (frame: CallFrame) => boolean]> = [
  ["ours: validation (ajv)", (frame) => /\/node_modules\/ajv\//.test(frame.url) || /\/store-types\/validation\.js$/.test(frame.url)],
  ["HTTP client", (frame) => HTTP_CLIENT.test(frame.url)],
  ["ours", (frame) => OUR_CODE.test(frame.url)],
  ["SDK: property (de)serialization", (frame) => /@pulumi\/pulumi\/runtime\/rpc\.js$/.test(frame.url)],
  ["SDK: closure serialization", (frame) => /@pulumi\/pulumi\/runtime\/closure\//.test(frame.url)],
  ["SDK: stack traces (source maps)", (frame) => /\/node_modules\/(source-map-support|@cspotcode|source-map)\//.test(frame.url)],
  [
    "gRPC and protobuf",
    (frame) => /\/node_modules\/(@grpc|google-protobuf)\/|@pulumi\/pulumi\/proto\/|^node:internal\/http2\//.test(frame.url),
  ],
  [
    "SDK: resources and outputs",
    (frame) => /@pulumi\/pulumi\/(resource|output|runtime\/resource|runtime\/settings|dynamic)/.test(frame.url),
  ],
  ["SDK: other", (frame) => /@pulumi\/pulumi\//.test(frame.url)],
  ["TypeScript (SDK's closure parser)", (frame) => /\/node_modules\/typescript\//.test(frame.url)],
];

const isModuleTopLevel = (frame: CallFrame) => frame.functionName === "" && frame.url !== "" && !frame.url.startsWith("node:");

function categoryOf(stack: CallFrame[]): string {
  // stack[0] is the leaf.
  const leaf = stack[0].functionName;
  if (leaf === "(garbage collector)") return "GC";
  // The program's main module (the outermost module top level outside node_modules): its top level declares the
  // resources, which is the program's work, not loading, although Node runs it inside `require`.
  const main = [...stack].reverse().find((frame) => isModuleTopLevel(frame) && !frame.url.includes("/node_modules/"));
  if (stack.some((frame) => LOADER.test(frame.url) || frame.functionName === "compileFunction")) {
    // The module being loaded: the innermost module top level on the stack. Compiling a file is charged to the
    // module that required it, the only one the stack shows.
    const loading = stack.find(isModuleTopLevel);
    if (loading !== main || stack[0] === main || LOADER.test(stack[0].url) || leaf === "compileFunction") {
      return loading && (OUR_CODE.test(loading.url) || OUR_DEPENDENCIES.test(loading.url))
        ? "module loading: ours (with ajv, got)"
        : "module loading: SDK and Node";
    }
  }
  for (const frame of stack) {
    for (const [category, matches] of PACKAGE_RULES) {
      if (!matches(frame)) continue;
      if (category !== "ours" && category !== "ours: validation (ajv)") return category;
      // Ours: by the outermost lifecycle method on the stack, if any.
      const method = [...stack].reverse().find((inner) => OUR_CODE.test(inner.url) && LIFECYCLE_METHODS.has(inner.functionName));
      if (category === "ours: validation (ajv)") return method ? `ours: ${method.functionName} (ajv)` : category;
      return method ? `ours: ${method.functionName}` : "ours: other";
    }
  }
  if (
    main &&
    stack.includes(main) &&
    stack.slice(0, stack.indexOf(main) + 1).every((frame) => frame === main || frame.url.startsWith("node:") || frame.url === "")
  ) {
    return "the program's own code";
  }
  return leaf === "(program)" ? "V8 and native (unattributed)" : "Node: other";
}

/** The process's role, from the entry module the profile shows. */
function roleOf(nodes: ProfileNode[]): ProcessProfile["role"] {
  if (nodes.some((node) => /@pulumi\/pulumi\/cmd\/dynamic-provider\//.test(node.callFrame.url))) return "provider";
  if (nodes.some((node) => /@pulumi\/pulumi\/cmd\/run\//.test(node.callFrame.url))) return "program";
  return "other";
}

export function readProfile(file: string): ProcessProfile {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const sampledMs = new Map<number, number>();
  for (const [index, id] of profile.samples.entries())
    sampledMs.set(id, (sampledMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);

  const categories: Record<string, number> = {};
  let idleMs = 0;
  for (const [id, ms] of sampledMs) {
    if (byId.get(id)!.callFrame.functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) stack.push(byId.get(at)!.callFrame);
    const category = categoryOf(stack);
    categories[category] = (categories[category] ?? 0) + ms;
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  return { totalMs, busyMs: totalMs - idleMs, categories, role: roleOf(profile.nodes) };
}
