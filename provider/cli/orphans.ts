/**
 * `pingone-propagation orphans --stack <name>`: after an interrupted `pulumi up`, which stores PingOne holds
 * that the stack does not know, and the `adopt` line that brings each one back under its declaration.
 *
 * A create the engine had started but never saw finish stays in the state's `pending_operations`, with the
 * resource's URN and inputs. A store of the same name and type that the state does not hold is that create's
 * store, finished on PingOne after nobody was left to record it: its id goes into the declaration as
 * `adopt: { id }`, and the next `pulumi up` adopts it instead of creating a second one. Read this before
 * `pulumi refresh --clear-pending-creates`, which drops the pending creates.
 */
import type { ApiStore, PingOneClient } from "../lifecycle/pingone-client";
import { exportStack, type Deployment } from "../lifecycle/pulumi-cli";
import { typeTokenOf } from "../resource/type-token";

export const STORE_TYPE_TOKEN = typeTokenOf("pingone:PropagationStore");

export interface PendingCreate {
  urn: string;
  /** The resource's name in the program: the URN's last part. */
  resourceName: string;
  storeName: string;
  storeType: string;
  /** Stores the state does not know with the pending create's name and type; one is the normal case. */
  candidates: ApiStore[];
}

export interface OrphanReport {
  pendingCreates: PendingCreate[];
  /** Stores the state does not know and no pending create explains: made outside this stack. */
  unexplained: ApiStore[];
}

export function findOrphans(deployment: Deployment, stores: ApiStore[]): OrphanReport {
  const known = new Set(
    (deployment.resources ?? []).filter((resource) => resource.type === STORE_TYPE_TOKEN).map((resource) => resource.id),
  );
  const orphans = stores.filter((store) => !known.has(store.id));
  const explained = new Set<string>();
  const pendingCreates = (deployment.pending_operations ?? [])
    .filter((operation) => operation.type === "creating" && operation.resource.type === STORE_TYPE_TOKEN)
    .map(({ resource }) => {
      const storeName = String(resource.inputs?.name ?? "");
      const storeType = String(resource.inputs?.type ?? "");
      const candidates = orphans.filter((store) => store.name === storeName && store.type === storeType);
      for (const store of candidates) explained.add(store.id);
      return { urn: resource.urn, resourceName: resource.urn.split("::").pop() ?? resource.urn, storeName, storeType, candidates };
    });
  return { pendingCreates, unexplained: orphans.filter((store) => !explained.has(store.id)) };
}

export function describeOrphans(report: OrphanReport, stack: string): string {
  const lines: string[] = [];
  const pending = report.pendingCreates;
  if (pending.length === 0) {
    lines.push(`Stack ${stack} has no pending creates: no store was left half-created by an interrupted pulumi up.`);
  }
  for (const create of pending) {
    const what = `${create.storeType} store "${create.storeName}"`;
    if (create.candidates.length === 0) {
      lines.push(
        `- resource "${create.resourceName}" (${what}): PingOne has no such store; the next pulumi up creates it. Nothing to paste.`,
      );
    } else if (create.candidates.length === 1) {
      lines.push(`- resource "${create.resourceName}" (${what}): PingOne has it. Add this line to its declaration:`);
      lines.push(`      adopt: { id: "${create.candidates[0].id}" },`);
    } else {
      lines.push(
        `- resource "${create.resourceName}" (${what}): PingOne has ${create.candidates.length} stores of this name and type that the stack does not know:`,
      );
      for (const store of create.candidates)
        lines.push(`      adopt: { id: "${store.id}" },   // created ${store.createdAt ?? "at an unknown time"}`);
      lines.push(`  Paste one of these lines into its declaration, and delete the other stores (PingOne console or API).`);
    }
  }
  if (pending.some((create) => create.candidates.length > 0)) {
    lines.push("", `Then: pulumi refresh --yes --clear-pending-creates --stack ${stack}, pulumi up --yes --stack ${stack}.`);
  }
  if (report.unexplained.length > 0) {
    lines.push(
      "",
      `${report.unexplained.length} other store(s) of this environment are not in stack ${stack} (made outside it; not adopted by this recovery):`,
    );
    for (const store of report.unexplained) lines.push(`  ${store.id}  ${store.type}  "${store.name}"`);
  }
  return `${lines.join("\n")}\n`;
}

export async function orphans(client: PingOneClient, environmentId: string, stack: string, cwd: string): Promise<string> {
  const deployment = await exportStack(stack, cwd);
  const stores = await client.listStores(environmentId);
  return describeOrphans(findOrphans(deployment, stores), stack);
}
