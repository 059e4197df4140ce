// Preloaded (`node --require`) into every Node process `npm run bench:profile` profiles. The engine ends each
// plugin with SIGINT (pulumi-engine-facts.md §1), and a process a signal ends writes no `--cpu-prof` profile:
// this makes it exit normally instead. Only the benchmark loads it.
"use strict";
process.on("SIGINT", () => process.exit(0));
