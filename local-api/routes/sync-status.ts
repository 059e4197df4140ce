/**
 * A store's `syncStatus`: the read-only sync health PingOne returns on a store read (pipeline reference
 * §4: syncState, lastSyncAt, successCount, failedCount, failedDeprovisionCount, userTotal, details).
 *
 * Nothing here provisions users, so the values are derived from what the server does hold:
 * - a `scim` store whose SCIM_URL is this server's own SCIM target reports that target's users: each one
 *   counts as synced (`userTotal`, `successCount`), and `lastSyncAt` is the newest user change;
 * - every other store reports zero users, `lastSyncAt` being its own last update.
 * Tests and scripts override any field with `PUT /__admin/stores/{id}/sync-status` (a FAILED state, say),
 * which is how "the sync status changed on the server" is simulated.
 */
import type { ApiContext } from "../context";
import type { ErrorDetail, JsonObject } from "../schema";

export const SYNC_STATES = ["SYNCING", "FAILED"] as const;

export interface SyncStatus {
  syncState: (typeof SYNC_STATES)[number];
  lastSyncAt: string;
  successCount: number;
  failedCount: number;
  failedDeprovisionCount: number;
  userTotal: number;
  details?: string;
}

const COUNTERS = ["successCount", "failedCount", "failedDeprovisionCount", "userTotal"] as const;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

interface SyncedStore {
  id: string;
  type: string;
  updatedAt: string;
  configuration?: JsonObject;
}

function targetsOwnScim(context: ApiContext, store: SyncedStore): boolean {
  const url = store.configuration?.SCIM_URL;
  return store.type === "scim" && typeof url === "string" && url.replace(/\/+$/, "").startsWith(`${context.baseUrl()}/scim/v2`);
}

export function syncStatusOf(context: ApiContext, store: SyncedStore): SyncStatus {
  let computed: SyncStatus = {
    syncState: "SYNCING",
    lastSyncAt: store.updatedAt,
    successCount: 0,
    failedCount: 0,
    failedDeprovisionCount: 0,
    userTotal: 0,
  };
  if (targetsOwnScim(context, store)) {
    const users = context.db.listUsers().map((json) => JSON.parse(json) as { meta?: { lastModified?: string } });
    const newest = users
      .map((user) => user.meta?.lastModified ?? "")
      .sort()
      .pop();
    computed = { ...computed, userTotal: users.length, successCount: users.length, lastSyncAt: newest || store.updatedAt };
  }
  const override = context.db.getSyncStatusOverride(store.id);
  return override ? { ...computed, ...(JSON.parse(override) as Partial<SyncStatus>) } : computed;
}

/** Checks an admin override: any subset of the documented fields, each of its documented type. */
export function parseSyncStatusOverride(value: unknown): { ok: true; value: Partial<SyncStatus> } | { ok: false; details: ErrorDetail[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, details: [{ code: "INVALID_VALUE", message: "the body must be an object of syncStatus fields" }] };
  }
  const details: ErrorDetail[] = [];
  const fields = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(fields)) {
    const invalid = (message: string) => details.push({ code: "INVALID_VALUE", target: key, message });
    if (key === "syncState") {
      if (!(SYNC_STATES as readonly unknown[]).includes(field)) invalid(`syncState must be one of ${SYNC_STATES.join(", ")}`);
    } else if (key === "lastSyncAt") {
      if (typeof field !== "string" || !ISO_DATE_TIME.test(field)) invalid("lastSyncAt must be a date-time like 2024-01-31T12:00:00.000Z");
    } else if ((COUNTERS as readonly string[]).includes(key)) {
      if (!Number.isInteger(field) || (field as number) < 0) invalid(`${key} must be an integer, 0 or more`);
    } else if (key === "details") {
      if (typeof field !== "string") invalid("details must be a string");
    } else {
      invalid(`${key} is not a syncStatus field (${["syncState", "lastSyncAt", ...COUNTERS, "details"].join(", ")})`);
    }
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, value: fields as Partial<SyncStatus> };
}
