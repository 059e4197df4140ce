/**
 * Diff like a careful human would: compare only what the user declared, ignore what the server added and
 * representation changes, compare secrets with their previous input, and replace only what PingOne cannot
 * change in place (the environment, the type, and keys a schema marks `x-replaceOnChange`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { replaceOnChangeKeysOf } from "../store-types";
import { declaredConfiguration, OPTIONAL_FIELDS, sameValue, type StoreInputs, type StoreOutputs } from "./store-state";

export type ChangeKind = "add" | "update" | "delete" | "add-replace" | "update-replace" | "delete-replace";

/** What changed, by dotted property path, and which of those changes force a replacement. */
export interface StoreComparison {
  changed: Record<string, ChangeKind>;
  replaces: string[];
}

/** The engine-facing result: dynamic providers report whether anything changed and what forces a replace. */
export function diffStore(olds: StoreOutputs, news: StoreInputs): pulumi.dynamic.DiffResult {
  const { changed, replaces } = compareStore(olds, news);
  return { changes: Object.keys(changed).length > 0, replaces, deleteBeforeReplace: false };
}

export function compareStore(olds: StoreOutputs, news: StoreInputs): StoreComparison {
  const changed: Record<string, ChangeKind> = {};
  const replaces = new Set<string>();
  const declaredBefore = new Set(olds.declaredProperties ?? []);

  const record = (path: string, before: unknown, after: unknown, replace = false) => {
    const kind = before === undefined ? "add" : after === undefined ? "delete" : "update";
    changed[path] = replace ? `${kind}-replace` : kind;
    if (replace) replaces.add(path);
  };

  if (news.environmentId !== undefined && news.environmentId !== olds.environmentId)
    record("environmentId", olds.environmentId, news.environmentId, true);
  if (news.type !== olds.type) record("type", olds.type, news.type, true);
  if (news.name !== olds.name) record("name", olds.name, news.name);

  for (const field of OPTIONAL_FIELDS) {
    const before = field === "image" ? olds.image?.href : olds[field];
    const after = field === "image" ? news.image?.href : news[field];
    if (after !== undefined) {
      if (!sameValue(before, after)) record(field, before, after);
    } else if (declaredBefore.has(field) && before !== undefined) {
      record(field, before, undefined); // The user removed it.
    }
  }

  const replaceKeys = new Set(replaceOnChangeKeysOf(news.type));
  const declared = declaredConfiguration(news);
  const sectionOf = (key: string) => (news.configuration && key in news.configuration ? "configuration" : "additionalConfiguration");
  for (const [key, after] of Object.entries(declared)) {
    const before = olds.configuration?.[key];
    if (!sameValue(before, after)) record(`${sectionOf(key)}.${key}`, before, after, replaceKeys.has(key) && news.type === olds.type);
  }
  for (const path of declaredBefore) {
    const [section, key] = [path.slice(0, path.indexOf(".")), path.slice(path.indexOf(".") + 1)];
    if (
      (section === "configuration" || section === "additionalConfiguration") &&
      !(key in declared) &&
      olds.configuration?.[key] !== undefined
    ) {
      record(path, olds.configuration[key], undefined);
    }
  }

  return { changed, replaces: [...replaces] };
}
