/**
 * Persistence for the local API: one node:sqlite file (`<dataDir>/pingone-local.sqlite`) holding stores, the
 * propagation pipeline (plans, rules, mappings, revisions), groups, SCIM target users and stores' syncStatus
 * overrides. Every write runs in its own transaction, cascades included. Rows keep the resource as JSON; the columns beside it are only
 * what a lookup or a constraint needs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DatabaseSync as DatabaseSyncType, SQLInputValue } from "node:sqlite";

export const DB_FILE_NAME = "pingone-local.sqlite";

/** Load node:sqlite without printing its ExperimentalWarning (the only warning silenced, and only while loading). */
export function loadSqlite(): typeof import("node:sqlite") {
  const original = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === "string" ? warning : warning.message;
    const kind = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (/sqlite/i.test(text) && (kind === "ExperimentalWarning" || (warning as Error).name === "ExperimentalWarning")) return;
    return (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return require("node:sqlite") as typeof import("node:sqlite");
  } finally {
    process.emitWarning = original;
  }
}

export interface Row {
  seq: number;
  json: string;
}

/** The pipeline's state in one environment, read inside the transaction that records a revision. */
export interface PipelineState {
  plan: string | undefined;
  stores: string[];
  rules: string[];
  mappings: string[];
  /** The environment's newest revision before this one. */
  latestRevisionId: string | undefined;
}

export interface RevisionRow {
  json: string;
  snapshot: string;
}

/** Tables whose rows are `(seq, id, env_id, ..., json)`; only these names are ever put into SQL text. */
type ResourceTable = "stores" | "plans" | "rules" | "mappings" | "revisions" | "directory_groups";

/**
 * How far a committed write is durable (SQLite's `synchronous` under WAL, https://www.sqlite.org/pragma.html#pragma_synchronous):
 * - `normal` (the default): a write answered is in the WAL, handed to the operating system before the answer
 *   goes out, so it survives the server process crashing or being killed at any moment (SIGKILL included); the
 *   database is never corrupted. Only an operating-system crash or a power loss may roll back the last writes
 *   (those since the last checkpoint). No fsync per write: a write costs about 0.05 ms instead of 5 ms.
 * - `full`: the WAL is also synced to disk on every commit, so a write answered survives a power loss too.
 */
export const SYNCHRONOUS_MODES = ["normal", "full"] as const;
export type Synchronous = (typeof SYNCHRONOUS_MODES)[number];
export const isSynchronous = (value: unknown): value is Synchronous => (SYNCHRONOUS_MODES as readonly unknown[]).includes(value);

export class Db {
  private readonly db: DatabaseSyncType;
  /** Prepared once per SQL text: the route modules issue the same few statements over and over. */
  private readonly statements = new Map<string, ReturnType<DatabaseSyncType["prepare"]>>();

  constructor(dataDir: string, synchronous: Synchronous = "normal") {
    if (!isSynchronous(synchronous)) throw new Error(`synchronous must be ${SYNCHRONOUS_MODES.join(" or ")}`);
    fs.mkdirSync(dataDir, { recursive: true });
    const { DatabaseSync } = loadSqlite();
    this.db = new DatabaseSync(path.join(dataDir, DB_FILE_NAME));
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = ${synchronous.toUpperCase()};
      PRAGMA busy_timeout = 2000;
      CREATE TABLE IF NOT EXISTS stores (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        json TEXT NOT NULL
      );
      -- env_id UNIQUE: one plan per environment, as PingOne documents it, even if a route forgot to check.
      CREATE TABLE IF NOT EXISTS plans (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL UNIQUE,
        json TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS rules (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        source_store_id TEXT NOT NULL,
        target_store_id TEXT NOT NULL,
        json TEXT NOT NULL,
        plan_id TEXT
      );
      CREATE TABLE IF NOT EXISTS mappings (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS revisions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        json TEXT NOT NULL,
        snapshot TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS directory_groups (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        name TEXT NOT NULL,
        json TEXT NOT NULL,
        UNIQUE (env_id, name)
      );
      CREATE TABLE IF NOT EXISTS scim_users (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_name_lower TEXT NOT NULL UNIQUE,
        json TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS sync_status_overrides (
        store_id TEXT PRIMARY KEY,
        json TEXT NOT NULL
      );
    `);
    // A data directory from before plans existed has a rules table without plan_id; its rules keep no plan.
    const ruleColumns = this.all("PRAGMA table_info(rules)").map((column) => column.name);
    if (!ruleColumns.includes("plan_id")) this.db.exec("ALTER TABLE rules ADD COLUMN plan_id TEXT");
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

  private prepared(sql: string): ReturnType<DatabaseSyncType["prepare"]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
  private get(sql: string, ...params: SQLInputValue[]): Record<string, unknown> | undefined {
    return this.prepared(sql).get(...params) as Record<string, unknown> | undefined;
  }
  private all(sql: string, ...params: SQLInputValue[]): Record<string, unknown>[] {
    return this.prepared(sql).all(...params) as Record<string, unknown>[];
  }
  private run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.prepared(sql).run(...params).changes);
  }
  private jsonOf(table: ResourceTable, envId: string, id: string): string | undefined {
    return this.get(`SELECT json FROM ${table} WHERE env_id = ? AND id = ?`, envId, id)?.json as string | undefined;
  }
  private jsonList(sql: string, ...params: SQLInputValue[]): string[] {
    return this.all(sql, ...params).map((r) => r.json as string);
  }
  private replaceJson(table: ResourceTable, envId: string, id: string, json: string): boolean {
    return this.tx(() => this.run(`UPDATE ${table} SET json = ? WHERE env_id = ? AND id = ?`, json, envId, id)) > 0;
  }

  // stores
  getStore(envId: string, id: string): string | undefined {
    return this.jsonOf("stores", envId, id);
  }
  listStores(envId: string, afterSeq: number, limit: number): Row[] {
    return this.all("SELECT seq, json FROM stores WHERE env_id = ? AND seq > ? ORDER BY seq LIMIT ?", envId, afterSeq, limit).map((r) => ({
      seq: Number(r.seq),
      json: r.json as string,
    }));
  }
  insertStore(envId: string, id: string, json: string): void {
    this.tx(() => this.run("INSERT INTO stores (id, env_id, json) VALUES (?, ?, ?)", id, envId, json));
  }
  updateStore(envId: string, id: string, json: string): boolean {
    return this.replaceJson("stores", envId, id, json);
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
      const deleted = this.run("DELETE FROM stores WHERE env_id = ? AND id = ?", envId, id) > 0;
      if (deleted) this.run("DELETE FROM sync_status_overrides WHERE store_id = ?", id);
      return { deleted, referencedBy: [] };
    });
  }

  // plans
  getPlan(envId: string, id: string): string | undefined {
    return this.jsonOf("plans", envId, id);
  }
  /** The environment's plan (there is at most one). */
  environmentPlan(envId: string): string | undefined {
    return this.get("SELECT json FROM plans WHERE env_id = ?", envId)?.json as string | undefined;
  }
  insertPlan(envId: string, id: string, json: string): void {
    this.tx(() => this.run("INSERT INTO plans (id, env_id, json) VALUES (?, ?, ?)", id, envId, json));
  }
  updatePlan(envId: string, id: string, json: string): boolean {
    return this.replaceJson("plans", envId, id, json);
  }
  /** Deletes the plan, its rules and their mappings, in one transaction. */
  deletePlan(envId: string, id: string): boolean {
    return this.tx(() => {
      this.run(
        "DELETE FROM mappings WHERE env_id = ? AND rule_id IN (SELECT id FROM rules WHERE env_id = ? AND plan_id = ?)",
        envId,
        envId,
        id,
      );
      this.run("DELETE FROM rules WHERE env_id = ? AND plan_id = ?", envId, id);
      return this.run("DELETE FROM plans WHERE env_id = ? AND id = ?", envId, id) > 0;
    });
  }

  // rules
  insertRule(envId: string, id: string, planId: string, sourceId: string, targetId: string, json: string): void {
    this.tx(() =>
      this.run(
        "INSERT INTO rules (id, env_id, plan_id, source_store_id, target_store_id, json) VALUES (?, ?, ?, ?, ?, ?)",
        id,
        envId,
        planId,
        sourceId,
        targetId,
        json,
      ),
    );
  }
  getRule(envId: string, id: string): string | undefined {
    return this.jsonOf("rules", envId, id);
  }
  /** Every rule of the environment, or of one plan, in creation order. */
  listRules(envId: string, planId?: string): string[] {
    if (planId === undefined) return this.jsonList("SELECT json FROM rules WHERE env_id = ? ORDER BY seq", envId);
    return this.jsonList("SELECT json FROM rules WHERE env_id = ? AND plan_id = ? ORDER BY seq", envId, planId);
  }
  updateRule(envId: string, id: string, json: string): boolean {
    return this.replaceJson("rules", envId, id, json);
  }
  /** Deletes the rule and its mappings, in one transaction. */
  deleteRule(envId: string, id: string): boolean {
    return this.tx(() => {
      this.run("DELETE FROM mappings WHERE env_id = ? AND rule_id = ?", envId, id);
      return this.run("DELETE FROM rules WHERE env_id = ? AND id = ?", envId, id) > 0;
    });
  }

  // mappings
  insertMapping(envId: string, id: string, ruleId: string, json: string): void {
    this.tx(() => this.run("INSERT INTO mappings (id, env_id, rule_id, json) VALUES (?, ?, ?, ?)", id, envId, ruleId, json));
  }
  getMapping(envId: string, id: string): string | undefined {
    return this.jsonOf("mappings", envId, id);
  }
  listMappings(envId: string, ruleId: string): string[] {
    return this.jsonList("SELECT json FROM mappings WHERE env_id = ? AND rule_id = ? ORDER BY seq", envId, ruleId);
  }
  updateMapping(envId: string, id: string, json: string): boolean {
    return this.replaceJson("mappings", envId, id, json);
  }
  deleteMapping(envId: string, id: string): boolean {
    return this.tx(() => this.run("DELETE FROM mappings WHERE env_id = ? AND id = ?", envId, id)) > 0;
  }

  // revisions
  /**
   * Records a revision: reads the environment's pipeline state and inserts what `build` makes of it, in one
   * transaction, so the snapshot is exactly the state at that moment and `previousRevision` cannot race.
   */
  insertRevision(envId: string, build: (state: PipelineState) => { id: string; json: string; snapshot: string }): string {
    return this.tx(() => {
      const state: PipelineState = {
        plan: this.environmentPlan(envId),
        stores: this.jsonList("SELECT json FROM stores WHERE env_id = ? ORDER BY seq", envId),
        rules: this.listRules(envId),
        mappings: this.jsonList("SELECT json FROM mappings WHERE env_id = ? ORDER BY seq", envId),
        latestRevisionId: this.get("SELECT id FROM revisions WHERE env_id = ? ORDER BY seq DESC LIMIT 1", envId)?.id as string | undefined,
      };
      const revision = build(state);
      this.run(
        "INSERT INTO revisions (id, env_id, json, snapshot) VALUES (?, ?, ?, ?)",
        revision.id,
        envId,
        revision.json,
        revision.snapshot,
      );
      return revision.json;
    });
  }
  getRevision(envId: string, id: string): string | undefined {
    return this.jsonOf("revisions", envId, id);
  }
  latestRevision(envId: string): string | undefined {
    return this.get("SELECT json FROM revisions WHERE env_id = ? ORDER BY seq DESC LIMIT 1", envId)?.json as string | undefined;
  }
  /** Revisions with their snapshots, oldest first: all of them, or one environment's. */
  listRevisions(envId?: string): RevisionRow[] {
    const rows =
      envId === undefined
        ? this.all("SELECT json, snapshot FROM revisions ORDER BY seq")
        : this.all("SELECT json, snapshot FROM revisions WHERE env_id = ? ORDER BY seq", envId);
    return rows.map((r) => ({ json: r.json as string, snapshot: r.snapshot as string }));
  }
  revisionWithSnapshot(id: string): RevisionRow | undefined {
    const row = this.get("SELECT json, snapshot FROM revisions WHERE id = ?", id);
    return row && { json: row.json as string, snapshot: row.snapshot as string };
  }

  // groups
  getGroup(envId: string, id: string): string | undefined {
    return this.jsonOf("directory_groups", envId, id);
  }
  findGroupByName(envId: string, name: string): string | undefined {
    return this.get("SELECT json FROM directory_groups WHERE env_id = ? AND name = ?", envId, name)?.json as string | undefined;
  }
  /** Every group of the environment after `afterSeq`, in creation order (filters are applied by the route). */
  listGroups(envId: string, afterSeq: number): Row[] {
    return this.all("SELECT seq, json FROM directory_groups WHERE env_id = ? AND seq > ? ORDER BY seq", envId, afterSeq).map((r) => ({
      seq: Number(r.seq),
      json: r.json as string,
    }));
  }
  insertGroup(envId: string, id: string, name: string, json: string): void {
    this.tx(() => this.run("INSERT INTO directory_groups (id, env_id, name, json) VALUES (?, ?, ?, ?)", id, envId, name, json));
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
    return (
      this.tx(() => this.run("UPDATE scim_users SET user_name_lower = ?, json = ? WHERE id = ?", userName.toLowerCase(), json, id)) > 0
    );
  }
  deleteUser(id: string): boolean {
    return this.tx(() => this.run("DELETE FROM scim_users WHERE id = ?", id)) > 0;
  }

  // syncStatus fields set through the admin API, by store id (see routes/sync-status.ts)
  getSyncStatusOverride(storeId: string): string | undefined {
    return this.get("SELECT json FROM sync_status_overrides WHERE store_id = ?", storeId)?.json as string | undefined;
  }
  setSyncStatusOverride(storeId: string, json: string): void {
    this.tx(() =>
      this.run(
        "INSERT INTO sync_status_overrides (store_id, json) VALUES (?, ?) ON CONFLICT(store_id) DO UPDATE SET json = excluded.json",
        storeId,
        json,
      ),
    );
  }
  clearSyncStatusOverride(storeId: string): void {
    this.tx(() => this.run("DELETE FROM sync_status_overrides WHERE store_id = ?", storeId));
  }

  reset(): void {
    this.tx(() => {
      for (const table of ["revisions", "mappings", "rules", "plans", "directory_groups", "sync_status_overrides", "stores", "scim_users"])
        this.run(`DELETE FROM ${table}`);
    });
  }
}
