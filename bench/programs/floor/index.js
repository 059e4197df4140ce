// The engine's own floor: `count` dynamic resources whose provider answers at once, without any I/O.
// The provider captures nothing (only globals), so its serialized `__provider` is as small as one can be;
// it has no read (refresh returns the state as is) and no delete (destroy only drops the state).
"use strict";
const pulumi = require("@pulumi/pulumi");

const provider = {
  create: async (inputs) => ({ id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`, outs: inputs }),
  update: async (id, olds, news) => ({ outs: news }),
};

const config = new pulumi.Config();
const count = config.requireNumber("count");
const description = config.require("description");
for (let i = 0; i < count; i++) {
  new pulumi.dynamic.Resource(provider, `floor-${i}`, { description: `${description} ${i}` });
}
