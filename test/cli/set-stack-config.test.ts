/**
 * `scripts/set-stack-config.js`, the demo's `pingone:*` config, run as the demo runs it, against a real stack on a
 * file backend: the keys and the secrets come from SETTING_SOURCES, and the provider reads back what was set.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  readRawSettings,
  SETTING_SOURCES,
  stackConfigEntries,
  type RawSettings,
  type SettingName,
} from "../../provider/lifecycle/settings";
import { engineEnv, requireEngine } from "../support/stack";
import { REPO } from "./helpers";

jest.setTimeout(120_000);

const SCRIPT = path.join(REPO, "scripts/set-stack-config.js");
const SECRET = "set-stack-config-S3CRET-7b2e";

describe("set-stack-config", () => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    requireEngine();
    project = fs.mkdtempSync(path.join(os.tmpdir(), "set-stack-config-"));
    fs.mkdirSync(path.join(project, "state"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: set-stack-config\nruntime: nodejs\n");
    env = { ...process.env, ...engineEnv(path.join(project, "state"), "set-stack-config-passphrase") };
    execFileSync("pulumi", ["stack", "init", "t", "--non-interactive"], { cwd: project, env, stdio: "ignore" });
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  const run = (input: string) => spawnSync(process.execPath, [SCRIPT, "--stack", "t"], { cwd: project, env, input, encoding: "utf8" });
  const stackConfig = (...flags: string[]) =>
    JSON.parse(execFileSync("pulumi", ["config", "--json", "--stack", "t", ...flags], { cwd: project, env, encoding: "utf8" }));

  test("sets every setting given under its pingone:* key, credentials as secrets, and the provider reads them back", () => {
    const settings: RawSettings = {
      apiHostname: "http://127.0.0.1:18443",
      clientId: "demo-worker-app",
      clientSecret: SECRET,
      environmentId: "env-1",
      apiAccessToken: `${SECRET}-token`,
    };
    const result = run(JSON.stringify(settings));
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    const expected = stackConfigEntries(settings);
    expect(result.stdout.trim().split("\n")).toEqual(expected.map(({ key, secret }) => `set ${key}${secret ? " (secret)" : ""}`));
    // Without --show-secrets: exactly the credentials are secret.
    const shown = stackConfig();
    const secretKeys = Object.keys(shown).filter((key) => shown[key].secret);
    expect(secretKeys.sort()).toEqual([SETTING_SOURCES.apiAccessToken.config, SETTING_SOURCES.clientSecret.config].sort());
    const plain = stackConfig("--show-secrets");
    const readBack = readRawSettings({ get: (key) => plain[key]?.value }, {});
    expect(readBack).toEqual(settings);
  });

  test("an unknown setting is refused before anything is set, naming the ones there are", () => {
    const before = stackConfig();
    const result = run(JSON.stringify({ apiHost: "http://x", clientId: "other" }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("set-stack-config: unknown setting(s) apiHost: use ");
    for (const name of Object.keys(SETTING_SOURCES) as SettingName[]) expect(result.stderr).toContain(name);
    expect(stackConfig()).toEqual(before);
  });
});
