// The fair floor: the engine's cost of holding exactly the stores program's inputs (the same declarations,
// a `configuration` object per resource, its secrets from secret stack config) in trivial dynamic resources.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { declared, trivialProvider } = require("../shared");

for (const { logicalName, args } of declared()) new pulumi.dynamic.Resource(trivialProvider, logicalName, args);
