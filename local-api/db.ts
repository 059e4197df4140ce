/**
 * Persistence for the local API: one node:sqlite file (`<dataDir>/pingone-local.sqlite`) holding stores,
 * propagation rules and SCIM target users. Every write runs in its own transaction.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DatabaseSync as DatabaseSyncType, SQLInputValue } from "node:sqlite";

export const DB_FILE_NAME = "pingone-local.sqlite";

/** Load node:sqlite without printing its ExperimentalWarning (the only warning silenced, and only while loading). */
function loadSqlite(): typeof import("node:sqlite") {
  const original = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === "string" ? warning : warning.message;
    const kind = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (/sqlite/i.test(text) && (kind === "ExperimentalWarning" || (warning as Error).name === "ExperimentalWarning")) return;
    return (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("node:sqlite") as typeof import("node:sqlite");
  } finally {
    process.emitWarning = original;
  }
}

export interface Row {
  seq: number;
  json: string;
}

export class Db {
  private readonly db: DatabaseSyncType;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    const { DatabaseSync } = loadSqlite();
    this.db = new DatabaseSync(path.join(dataDir, DB_FILE_NAME));
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA busy_timeout = 2000;
      CREATE TABLE IF NOT EXISTS stores (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS rules (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        source_store_id TEXT NOT NULL,
        target_store_id TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS scim_users (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_name_lower TEXT NOT NULL UNIQUE,
        json TEXT NOT NULL
      );
    `);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  tx<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  private get(sql: string, ...params: SQLInputValue[]): Record<string, unknown> | undefined {
    return this.db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
  }
  private all(sql: string, ...params: SQLInputValue[]): Record<string, unknown>[] {
    return this.db.prepare(sql).all(...params) as Record<string, unknown>[];
  }
  private run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.db.prepare(sql).run(...params).changes);
  }

  // stores
  getStore(envId: string, id: string): string | undefined {
    return this.get("SELECT json FROM stores WHERE env_id = ? AND id = ?", envId, id)?.json as string | undefined;
  }
  listStores(envId: string, afterSeq: number, limit: number): Row[] {
    return this.all("SELECT seq, json FROM stores WHERE env_id = ? AND seq > ? ORDER BY seq LIMIT ?", envId, afterSeq, limit).map(
      (r) => ({ seq: Number(r.seq), json: r.json as string }),
    );
  }
  insertStore(envId: string, id: string, json: string): void {
    this.tx(() => this.run("INSERT INTO stores (id, env_id, json) VALUES (?, ?, ?)", id, envId, json));
  }
  updateStore(envId: string, id: string, json: string): boolean {
    return this.tx(() => this.run("UPDATE stores SET json = ? WHERE env_id = ? AND id = ?", json, envId, id)) > 0;
  }
  /** Deletes unless referenced by a rule; returns the referencing rule ids when it refuses. */
  deleteStore(envId: string, id: string): { deleted: boolean; referencedBy: string[] } {
    return this.tx(() => {
      const refs = this.all(
        "SELECT id FROM rules WHERE env_id = ? AND (source_store_id = ? OR target_store_id = ?) ORDER BY seq",
        envId,
        id,
        id,
      ).map((r) => r.id as string);
      if (refs.length > 0) return { deleted: false, referencedBy: refs };
      return { deleted: this.run("DELETE FROM stores WHERE env_id = ? AND id = ?", envId, id) > 0, referencedBy: [] };
    });
  }

  // rules
  insertRule(envId: string, id: string, sourceId: string, targetId: string, json: string): void {
    this.tx(() =>
      this.run("INSERT INTO rules (id, env_id, source_store_id, target_store_id, json) VALUES (?, ?, ?, ?, ?)", id, envId, sourceId, targetId, json),
    );
  }
  getRule(envId: string, id: string): string | undefined {
    return this.get("SELECT json FROM rules WHERE env_id = ? AND id = ?", envId, id)?.json as string | undefined;
  }
  listRules(envId: string): string[] {
    return this.all("SELECT json FROM rules WHERE env_id = ? ORDER BY seq", envId).map((r) => r.json as string);
  }
  deleteRule(envId: string, id: string): boolean {
    return this.tx(() => this.run("DELETE FROM rules WHERE env_id = ? AND id = ?", envId, id)) > 0;
  }

  // SCIM users
  getUser(id: string): string | undefined {
    return this.get("SELECT json FROM scim_users WHERE id = ?", id)?.json as string | undefined;
  }
  findUserIdByName(userName: string): string | undefined {
    return this.get("SELECT id FROM scim_users WHERE user_name_lower = ?", userName.toLowerCase())?.id as string | undefined;
  }
  listUsers(): string[] {
    return this.all("SELECT json FROM scim_users ORDER BY seq").map((r) => r.json as string);
  }
  insertUser(id: string, userName: string, json: string): void {
    this.tx(() => this.run("INSERT INTO scim_users (id, user_name_lower, json) VALUES (?, ?, ?)", id, userName.toLowerCase(), json));
  }
  replaceUser(id: string, userName: string, json: string): boolean {
    return this.tx(() => this.run("UPDATE scim_users SET user_name_lower = ?, json = ? WHERE id = ?", userName.toLowerCase(), json, id)) > 0;
  }
  deleteUser(id: string): boolean {
    return this.tx(() => this.run("DELETE FROM scim_users WHERE id = ?", id)) > 0;
  }

  reset(): void {
    this.tx(() => {
      this.run("DELETE FROM rules");
      this.run("DELETE FROM stores");
      this.run("DELETE FROM scim_users");
    });
  }
}
