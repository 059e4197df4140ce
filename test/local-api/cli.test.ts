/**
 * The `pingone-local` CLI as a real child process. The sources are transpiled to a temp dir first, so the
 * test does not depend on a prior build of the whole project.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ALL_FLAGS } from "../../local-api/cli-options";
import { request, tempDir } from "./helpers";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const SRC = path.join(__dirname, "..", "..", "local-api");

function transpile(): string {
  const out = tempDir();
  const sources = fs
    .readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
  for (const file of sources) {
    const js = ts.transpileModule(fs.readFileSync(path.join(SRC, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    fs.writeFileSync(path.join(out, file.replace(/\.ts$/, ".js")), js);
  }
  return path.join(out, "cli.js");
}

function readLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      if (lines.length > count) {
        child.stdout?.off("data", onData);
        resolve(lines.slice(0, count));
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${buf}`)));
  });
}

describe("pingone-local CLI", () => {
  let cli: string;
  beforeAll(() => {
    cli = transpile();
  });

  test("--help prints usage with every flag", async () => {
    const child = spawn(process.execPath, [cli, "--help"]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    // Every declared flag, with its value placeholder and its help text, on a line of its own.
    for (const entry of ALL_FLAGS) {
      const usage = `--${entry.flag}${entry.value ? ` ${entry.value}` : ""}`;
      expect(out).toMatch(new RegExp(`^  ${escapeRegExp(usage)} +${escapeRegExp(entry.help)}$`, "m"));
    }
    expect(out.match(/^ {2}--/gm)).toHaveLength(ALL_FLAGS.length);
  });

  test("prints the listening line and settings, serves requests, stops cleanly on SIGTERM", async () => {
    const dataDir = tempDir();
    const env2 = "bbbbbbbb-0000-4000-8000-000000000002";
    const child = spawn(process.execPath, [
      cli,
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--client-id",
      "cli-client",
      "--client-secret",
      "cli-secret",
      "--environment-id",
      "bbbbbbbb-0000-4000-8000-000000000001",
      "--environment-id",
      env2,
      "--secrets-on-read",
      "masked",
      "--scim-basic-user",
      "bob",
      "--hold-write-response-ms",
      "50",
      "--clock-offset-ms=-300000",
      "--drop-write-before-rate",
      "0",
      "--unknown-keys",
      "reject",
      "--roleless-client-id",
      "no-role",
      "--roleless-client-secret",
      "no-role-secret",
    ]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
      const lines = await readLines(child, 14);
      const m = /^PingOne local API listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0]);
      expect(m).not.toBeNull();
      const url = m![1];
      const settings = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      expect(settings).toMatchObject({
        PINGONE_API_SERVICE_HOSTNAME: url,
        PINGONE_AUTH_SERVICE_HOSTNAME: url,
        PINGONE_CLIENT_ID: "cli-client",
        PINGONE_CLIENT_SECRET: "cli-secret",
        PINGONE_ENVIRONMENT_ID: "bbbbbbbb-0000-4000-8000-000000000001",
        PINGONE_ENVIRONMENT_IDS: `bbbbbbbb-0000-4000-8000-000000000001,${env2}`,
        SCIM_TARGET_URL: `${url}/scim/v2`,
        SCIM_BASIC_USER: "bob",
        DATA_DIR: dataDir,
        PINGONE_ROLELESS_CLIENT_ID: "no-role",
        PINGONE_ROLELESS_CLIENT_SECRET: "no-role-secret",
      });
      const roleless = await request(
        `${url}/${env2}/as/token`,
        "POST",
        "grant_type=client_credentials&client_id=no-role&client_secret=no-role-secret",
        {
          "Content-Type": "application/x-www-form-urlencoded",
        },
      );
      const denied = await request(`${url}/v1/environments/${env2}/propagation/stores`, "GET", undefined, {
        Authorization: `Bearer ${roleless.json.access_token}`,
      });
      expect(denied.status).toBe(403);
      const token = await request(
        `${url}/${env2}/as/token`,
        "POST",
        "grant_type=client_credentials&client_id=cli-client&client_secret=cli-secret",
        {
          "Content-Type": "application/x-www-form-urlencoded",
        },
      );
      expect(token.status).toBe(200);
      const created = await request(
        `${url}/v1/environments/${env2}/propagation/stores`,
        "POST",
        { type: "Workday", name: "wd", configuration: { username: "u", password: "pw", tenantId: "t" } },
        { Authorization: `Bearer ${token.json.access_token}` },
      );
      expect(created.status).toBe(201);
      expect(created.json.configuration.password).toBe("******");
      const misspelled = await request(
        `${url}/v1/environments/${env2}/propagation/stores`,
        "POST",
        { type: "Workday", name: "wd", configuration: { username: "u", password: "pw", tenantId: "t", tenantID: "t" } },
        { Authorization: `Bearer ${token.json.access_token}` },
      );
      expect(misspelled.status).toBe(400); // --unknown-keys reject reached the validator
      expect(misspelled.json.details).toEqual([expect.objectContaining({ target: "configuration.tenantID" })]);
      const faults = await request(`${url}/__admin/faults`, "GET");
      // Both POSTs were writes, so both answers were held (the refused one too: the hold is about the answer).
      expect(faults.json).toMatchObject({ faults: { holdWriteResponseMs: 50, dropWriteBeforeRate: 0 }, injected: { heldResponse: 2 } });
      // --clock-offset-ms=-300000: five minutes behind the machine, in createdAt and the Date header alike.
      expect(Math.abs(Date.parse(created.json.createdAt) - (Date.now() - 300_000))).toBeLessThan(10_000);
      expect(Math.abs(Date.parse(created.headers.get("date")!) - (Date.now() - 300_000))).toBeLessThan(10_000);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/ExperimentalWarning/);
    expect(fs.existsSync(path.join(dataDir, "pingone-local.sqlite"))).toBe(true);
  });

  test("--group seeds groups in the first environment, once per name", async () => {
    const child = spawn(process.execPath, [
      cli,
      "--port",
      "0",
      "--data-dir",
      tempDir(),
      "--group",
      "Sales",
      "--group",
      "HR Team",
      "--group",
      "Sales",
    ]);
    try {
      const lines = await readLines(child, 12);
      const url = /listening on (\S+)$/.exec(lines[0])![1];
      const settings = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      const token = await request(`${url}/${settings.PINGONE_ENVIRONMENT_ID}/as/token`, "POST", "grant_type=client_credentials", {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${settings.PINGONE_CLIENT_ID}:${settings.PINGONE_CLIENT_SECRET}`).toString("base64")}`,
      });
      const groupsUrl = `${url}/v1/environments/${settings.PINGONE_ENVIRONMENT_ID}/groups`;
      const auth = { Authorization: `Bearer ${token.json.access_token}` };
      const all = await request(groupsUrl, "GET", undefined, auth);
      expect(all.json._embedded.groups.map((group: { name: string }) => group.name)).toEqual(["Sales", "HR Team"]);
      const byName = await request(`${groupsUrl}?filter=${encodeURIComponent('name eq "HR Team"')}`, "GET", undefined, auth);
      expect(byName.json._embedded.groups).toHaveLength(1);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await new Promise((r) => child.on("exit", (c) => r(c)))).toBe(0);
  });

  test.each(["normal", "full"])("--synchronous %s: every write answered survives the server being killed with SIGKILL", async (mode) => {
    const dataDir = tempDir();
    const start = async () => {
      const child = spawn(process.execPath, [cli, "--port", "0", "--data-dir", dataDir, "--synchronous", mode]);
      const lines = await readLines(child, 12);
      const settings = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      const url = /listening on (\S+)$/.exec(lines[0])![1];
      const token = await request(`${url}/${settings.PINGONE_ENVIRONMENT_ID}/as/token`, "POST", "grant_type=client_credentials", {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${settings.PINGONE_CLIENT_ID}:${settings.PINGONE_CLIENT_SECRET}`).toString("base64")}`,
      });
      const auth = { Authorization: `Bearer ${token.json.access_token}` };
      return { child, auth, storesUrl: `${url}/v1/environments/${settings.PINGONE_ENVIRONMENT_ID}/propagation/stores` };
    };
    const first = await start();
    const created: string[] = [];
    try {
      for (let index = 0; index < 20; index++) {
        const res = await request(first.storesUrl, "POST", { type: "directory", name: `directory ${index}` }, first.auth);
        expect(res.status).toBe(201);
        created.push(res.json.id);
      }
      const renamed = await request(`${first.storesUrl}/${created[0]}`, "PUT", { type: "directory", name: "renamed" }, first.auth);
      expect(renamed.status).toBe(200);
      expect((await request(`${first.storesUrl}/${created[1]}`, "DELETE", undefined, first.auth)).status).toBe(204);
    } finally {
      // No chance to close the database: what was answered must already be safe.
      first.child.kill("SIGKILL");
    }
    expect(await new Promise((r) => first.child.on("exit", (_code, signal) => r(signal)))).toBe("SIGKILL");
    const second = await start();
    try {
      const listed = await request(`${second.storesUrl}?limit=100`, "GET", undefined, second.auth);
      const byId = new Map(listed.json._embedded.stores.map((store: { id: string; name: string }) => [store.id, store.name]));
      expect([...byId.keys()].sort()).toEqual(created.filter((id) => id !== created[1]).sort());
      expect(byId.get(created[0])).toBe("renamed");
    } finally {
      second.child.kill("SIGTERM");
    }
    expect(await new Promise((r) => second.child.on("exit", (c) => r(c)))).toBe(0);
  });

  test.each([
    ["--secrets-on-read", "sometimes"],
    ["--unknown-keys", "ignore"],
    ["--synchronous", "off"],
  ])("rejects a bad %s value", async (flag, value) => {
    const child = spawn(process.execPath, [cli, flag, value, "--data-dir", tempDir()]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(1);
    expect(stderr).toContain(flag);
  });
});
