/**
 * The README's recovery after a hard stop, with adopt: `pingone-propagation orphans` finds the store a pending
 * create left on PingOne and prints the adopt line; pasted into the declaration, the next up adopts it
 * instead of creating a second store.
 *
 * The interruption is reproduced exactly rather than raced: the store is made on the server and the stack's
 * state gets the pending create a killed `pulumi up` leaves (written into the file backend's checkpoint). The
 * reliability suite interrupts real runs with SIGKILL.
 */
import * as fs from "node:fs";
import { STORE_TYPE_TOKEN } from "../../provider/cli/orphans";
import { runCli } from "../cli/helpers";
import { readmeSection, shBlockWith } from "../support/readme";
import { declarationFor, openStack, PROGRAM_DIR, storeWritesIn, type E2eStack } from "./harness";

jest.setTimeout(600_000);

/** The commands of the recovery section's sh block with the adopt steps, comments dropped. */
const readmeAdoptSteps = () => shBlockWith(readmeSection("Recovering from an interrupted pulumi up"), "npx pingone-propagation orphans");

describe("recovery with orphans and adopt", () => {
  test("the README's recovery section documents the steps this suite runs", () => {
    expect(readmeAdoptSteps()).toEqual([
      "pulumi cancel --yes --stack dev",
      "npx pingone-propagation orphans --stack dev",
      "pulumi refresh --yes --clear-pending-creates --stack dev",
      "pulumi up --yes --stack dev",
      "pulumi preview --expect-no-changes --stack dev",
    ]);
  });

  let e2e: E2eStack;
  beforeAll(async () => {
    e2e = await openStack("orphans");
  });
  afterAll(async () => e2e?.close());

  test("orphans names the pending create's store; pasting its adopt line recovers without a duplicate", async () => {
    const kept = declarationFor("Slack", "kept");
    const lost = declarationFor("Slack", "lost");
    await e2e.declare([kept.declaration], { ...kept.secrets, ...lost.secrets });
    await e2e.stack.up({ onOutput: () => undefined });

    // What a SIGKILL mid-create leaves: the store on PingOne, and a pending create in the state.
    const storesUrl = `/v1/environments/${e2e.environmentId}/propagation/stores`;
    const { configuration } = (await e2e.listStores())[0];
    const orphan = (await e2e.callApi("POST", storesUrl, { type: "Slack", name: lost.declaration.args.name, configuration })).json;
    const handMade = (await e2e.callApi("POST", storesUrl, { type: "Slack", name: "made by hand", configuration })).json;
    // `pulumi stack import` drops pending operations, so the checkpoint file itself gets the entry.
    const file = e2e.checkpointFile();
    const checkpoint = JSON.parse(fs.readFileSync(file, "utf8"));
    const deployment = checkpoint.checkpoint.latest;
    const existing = deployment.resources.find((resource: { type: string }) => resource.type === STORE_TYPE_TOKEN);
    deployment.pending_operations = [
      {
        type: "creating",
        resource: {
          urn: existing.urn.replace(/::kept$/, "::lost"),
          custom: true,
          type: STORE_TYPE_TOKEN,
          inputs: { type: "Slack", name: lost.declaration.args.name },
          parent: existing.parent,
          provider: existing.provider,
        },
      },
    ];
    fs.writeFileSync(file, JSON.stringify(checkpoint));
    expect(JSON.parse(e2e.cli("stack", "export")).deployment.pending_operations).toHaveLength(1);

    // The README's steps, in order.
    e2e.cli("cancel", "--yes");
    const run = await runCli(["orphans", "--stack", e2e.stackName], e2e.pulumiEnv, PROGRAM_DIR);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `- resource "lost" (Slack store "${lost.declaration.args.name}"): PingOne has it. Add this line to its declaration:\n      adopt: { id: "${orphan.id}" },\n`,
    );
    expect(run.stdout).toContain(`1 other store(s) of this environment are not in stack ${e2e.stackName}`);
    expect(run.stdout).toContain(`${handMade.id}  Slack  "made by hand"`);

    // Pasting the adopt line, then refresh, up, preview.
    await e2e.declare([kept.declaration, { ...lost.declaration, args: { ...lost.declaration.args, adopt: { id: orphan.id } } }]);
    // (`pulumi refresh --yes --clear-pending-creates`, through automation: the local API runs in this process.)
    await e2e.stack.refresh({ clearPendingCreates: true, onOutput: () => undefined });
    await e2e.clearRequests();
    const up = await e2e.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, same: 2 });
    expect(storeWritesIn(await e2e.requests())).toEqual([]);
    expect((await e2e.stack.outputs()).storeIds.value.lost).toBe(orphan.id);
    expect((await e2e.listStores()).filter((store) => store.name === lost.declaration.args.name)).toHaveLength(1);
    expect((await e2e.stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 3 });

    // Nothing left to recover.
    const after = await runCli(["orphans", "--stack", e2e.stackName], e2e.pulumiEnv, PROGRAM_DIR);
    expect(after.stdout).toMatch(/has no pending creates/);
    await e2e.stack.destroy({ onOutput: () => undefined });
  });
});
