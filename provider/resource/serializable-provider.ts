/**
 * The `__provider` Pulumi serializes into every PropagationStore's state.
 *
 * It captures nothing: each method `require`s the lifecycle module by package name inside the provider
 * process and forwards to it. So it stays about 2.3 KB (Pulumi's serializer wraps each method) whatever the number of schemas, never holds a
 * credential, client or compiled validator, and its text is identical across runs (a changed provider text
 * would make the engine replace every store).
 *
 * Keep the module name a literal in each method: a shared constant would be captured by value, which is
 * harmless but grows the text.
 */
import type * as pulumi from "@pulumi/pulumi";

export const serializableProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.configure(req),
  check: (olds, news) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.check(olds, news),
  diff: (id, olds, news) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.diff(id, olds, news),
  create: (inputs) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.create(inputs),
  read: (id, props) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.read(id, props),
  update: (id, olds, news) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.update(id, olds, news),
  delete: (id, props) => require("pulumi-pingone-propagation/lifecycle").propagationStoreProvider.delete(id, props),
};
