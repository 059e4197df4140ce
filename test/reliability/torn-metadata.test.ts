/**
 * Step 0 of the README's recovery after a hard stop, for a file backend. On every save, Pulumi v3.255's file
 * storage truncates the metadata file beside the state (`<stack>.json.attrs`) and then writes it again; a kill
 * in between leaves it empty, and from then on no command can read the state: `failed to load checkpoint: EOF`
 * (seen once in CI after the reliability suite's SIGKILL). That moment is too short to hit on purpose, so this
 * leaves the file exactly as such a kill does, under the real engine, and runs the documented step.
 */
import * as fs from "node:fs";
import { declarationFor, openStack, type E2eStack } from "../e2e/harness";
import { pulumiCli, quiet, removeTornMetadata } from "./helpers";

jest.setTimeout(300_000);

describe("a kill mid-save left the state's metadata file empty (file backend)", () => {
  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("torn-metadata");
  });
  afterAll(async () => e2e?.close());

  test("every command fails with `failed to load checkpoint: EOF` until step 0 removes it; nothing else changes", async () => {
    const store = declarationFor("Slack", "kept");
    await e2e.declare([store.declaration], store.secrets);
    await e2e.stack.up(quiet);
    const before = (await e2e.stack.exportStack()).deployment.resources;
    const metadata = `${e2e.checkpointFile()}.attrs`;
    expect(fs.statSync(metadata).size).toBeGreaterThan(0);
    expect(removeTornMetadata(e2e.backendDir).removed).toEqual([]); // harmless when nothing is torn

    fs.truncateSync(metadata, 0); // what the kill leaves: the truncate done, the write not

    // Step 1 of the recovery (release the lock) fails like everything else, so step 0 has to come first.
    for (const args of [["cancel", "--yes"], ["stack", "export"], ["preview"]]) {
      const { code, output } = await pulumiCli(e2e, args).done;
      expect({ args, failed: code !== 0, eof: output.includes("failed to load checkpoint: EOF") }).toEqual({
        args,
        failed: true,
        eof: true,
      });
    }

    expect(removeTornMetadata(e2e.backendDir).removed).toEqual([metadata]);

    // The state was intact all along: the same resources, secrets included, and nothing to change.
    expect((await e2e.stack.exportStack()).deployment.resources).toEqual(before);
    const { code, output } = await pulumiCli(e2e, ["cancel", "--yes"]).done;
    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
    await e2e.stack.preview({ expectNoChanges: true, ...quiet });
    // The next save writes the metadata file again.
    await e2e.stack.refresh(quiet);
    expect(fs.statSync(metadata).size).toBeGreaterThan(0);
  });
});
