// The benchmark's PropagationStore program: one store per declaration in the `storesFile` config.
"use strict";
const { PropagationStore } = require("pulumi-pingone-propagation");
const { declared } = require("../shared");

for (const { logicalName, args } of declared()) new PropagationStore(logicalName, args);
