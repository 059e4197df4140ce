/**
 * The end-of-run revision, as the engine triggers it: a provider process (the built lifecycle module, with
 * the engine's default providers) writes, then gets SIGINT, as the engine sends at the end of every run.
 * The process must publish one revision per changed environment, say so on stderr and exit by itself;
 * or, when it cannot, say how to publish.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalApi, type LocalApi } from "../../local-api";
import { pingoneEnv } from "../support/stack";

const repo = path.resolve(__dirname, "../..");

/** A provider process: `write` is "none" or a JavaScript call made on the lifecycle module `lifecycle`. */
function providerProcess(api: LocalApi, write: string) {
  const script = `
    const lifecycle = require(${JSON.stringify(path.join(repo, "dist/provider/lifecycle"))});
    (async () => {
      ${write}
      process.stdout.write("written\\n");
      setInterval(() => undefined, 1000); // a provider process lives until the engine ends it
    })().catch((error) => { process.stdout.write("failed " + error.message + "\\n"); process.exit(2); });`;
  const child = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, ...pingoneEnv(api) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const written = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => stdout.includes("written") && resolve());
    child.on("exit", () => reject(new Error(`the provider process exited early: ${stdout} ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { written, exited, interrupt: () => child.kill("SIGINT") };
}

const createPlan = `await lifecycle.propagationPlanProvider.create({ name: "Plan", environmentId: process.env.PINGONE_ENVIRONMENT_ID });`;

async function revisionsOn(api: LocalApi): Promise<any[]> {
  return (await (await fetch(`${api.url}/__admin/revisions`)).json()) as any[];
}

describe("the revision at the end of a run (SIGINT)", () => {
  let api: LocalApi;
  beforeEach(async () => {
    api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "revisions-at-exit-")) });
  });
  afterEach(async () => api.close());

  test("a process that wrote publishes one revision, reports it, and exits by itself", async () => {
    const provider = providerProcess(
      api,
      `${createPlan}\nawait lifecycle.propagationStoreProvider.create({ type: "directory", name: "Directory", environmentId: process.env.PINGONE_ENVIRONMENT_ID });`,
    );
    await provider.written;
    provider.interrupt();
    const { code, stderr } = await provider.exited;
    expect(code).toBe(0);
    const revisions = await revisionsOn(api);
    expect(revisions).toHaveLength(1);
    expect(stderr).toContain(
      `pingone: created propagation revision ${revisions[0].id} in environment ${api.environmentIds[0]} for 2 changes (created PropagationPlan "Plan", created PropagationStore "Directory").`,
    );
  });

  test("a process that wrote nothing leaves SIGINT to its default: it dies, and creates no revision", async () => {
    const provider = providerProcess(api, `await lifecycle.propagationPlanProvider.check({}, { name: "Plan" });`);
    await provider.written;
    provider.interrupt();
    const { signal, stderr } = await provider.exited;
    expect(signal).toBe("SIGINT");
    expect(stderr).toBe("");
    expect(await revisionsOn(api)).toEqual([]);
  });

  test("when the API cannot be reached, the process says how to publish, and still exits by itself", async () => {
    const provider = providerProcess(api, createPlan);
    await provider.written;
    await api.close();
    provider.interrupt();
    const { code, stderr } = await provider.exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/pingone: could not create the propagation revision for 1 change \(created PropagationPlan "Plan"\)/);
    expect(stderr).toMatch(/To publish: run pulumi up again .* or POST \/v1\/environments\/\S+\/propagation\/revisions/);
    api = await startLocalApi({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "revisions-at-exit-")) }); // for afterEach
  });

  test("when the revision does not answer in time, the process says so before the engine would kill it", async () => {
    const provider = providerProcess(api, createPlan);
    await provider.written;
    const faults = await fetch(`${api.url}/__admin/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ holdWriteResponseMs: 20_000 }),
    });
    expect(faults.status).toBe(200);
    provider.interrupt();
    const { code, stderr } = await provider.exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/pingone: ran out of time creating the propagation revision for 1 change \(created PropagationPlan "Plan"\)/);
    expect(stderr).toMatch(/To publish: run pulumi up again/);
  });
});
