/**
 * Where each pipeline resource lives under `/v1/environments/{envId}/`, in one place: the routes link to each
 * other (a rule's `_links.create` is its plan's rules URL) and import no other route's module for it.
 */
export const PIPELINE_PATHS = {
  plans: "propagation/plans",
  rules: "propagation/rules",
  mappings: "propagation/mappings",
  revisions: "propagation/revisions",
  groups: "groups",
} as const;
