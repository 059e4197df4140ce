// The plain floor: `count` trivial dynamic resources with one string input each and no secret.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { trivialProvider } = require("../shared");

const config = new pulumi.Config();
const count = config.requireNumber("count");
const description = config.require("description");
for (let i = 0; i < count; i++) {
  new pulumi.dynamic.Resource(trivialProvider, `floor-${i}`, { description: `${description} ${i}` });
}
