"use strict";
/**
 * Processes, as Linux's /proc shows them: which descend from a process, and whether one still runs.
 * Shared by the reliability suite (a SIGKILL must reach every process of an interrupted `pulumi up`, whose
 * plugins run in process groups of their own) and the benchmark (it samples the memory of the provider
 * processes below it, not those of anything else running on the machine).
 */
const fs = require("node:fs");

/** The state letter and parent pid of `pid`, or undefined once it has exited. */
function statOf(pid) {
  let stat;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may hold spaces: the fields after its last ")" are fixed.
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state, ppid: Number(ppid) };
}

/** Every process below `root`, children before grandchildren; `root` itself is not included. */
function descendantsOf(root) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (!stat) continue; // exited while we looked
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(Number(entry));
  }
  const found = [];
  for (let queue = [root]; queue.length > 0; ) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** True while `pid` exists and is not a zombie. */
function isRunning(pid) {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== "Z";
}

module.exports = { descendantsOf, isRunning };
