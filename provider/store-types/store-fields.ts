/**
 * A store's top-level fields, declared once. The resource's arguments and registered outputs, `check`'s list
 * of valid arguments, the state conversions, the diff and the API body are all derived from these lists, so
 * a new field is one entry here plus its handling where it differs.
 *
 * Configuration keys are not here: each store type's schema declares those.
 */

/** The values PingOne documents for a store's `status`. */
export const STORE_STATUSES = ["ACTIVE", "INACTIVE"] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

/**
 * The optional fields a user may declare that PingOne stores as they are sent (`image` as `{ href }`).
 * `type` and `name` are always declared; `environmentId` is part of the URL, not of the body.
 */
export const OPTIONAL_STORE_FIELDS = ["description", "image", "managed", "status"] as const;
export type OptionalStoreField = (typeof OPTIONAL_STORE_FIELDS)[number];

/** The writable body of a store, as sent on POST and PUT. */
export type StoreRequestBody = {
  type: string;
  name: string;
  configuration?: Record<string, unknown>;
} & Partial<StoreFieldValues>;

/** The value of each optional field; a compile error here means the list and the types disagree. */
export interface StoreFieldValues extends Record<OptionalStoreField, unknown> {
  description: string;
  image: { href: string };
  managed: boolean;
  status: string;
}

/** Every argument `PropagationStore` takes, in the order `check`'s error message lists them. */
export const STORE_ARGUMENTS = [
  "type",
  "name",
  "environmentId",
  ...OPTIONAL_STORE_FIELDS,
  "configuration",
  "additionalConfiguration",
  "verifyConnection",
  "adopt",
] as const;

/** A store's sync health as PingOne reports it on a read: volatile, never compared, never a change. */
export interface StoreSyncStatus {
  /** `SYNCING` or `FAILED`. */
  syncState?: string;
  lastSyncAt?: string;
  successCount?: number;
  failedCount?: number;
  failedDeprovisionCount?: number;
  userTotal?: number;
  details?: string;
}

/** What the provider adds to the arguments in the state; with {@link STORE_ARGUMENTS}, every registered output. */
export const STORE_COMPUTED_OUTPUTS = ["storeId", "createdAt", "updatedAt", "syncStatus", "declaredProperties"] as const;

/**
 * Fields PingOne returns and never reads from a request: a store pasted from an API response carries them.
 * check warns about them once, together (not one error each), and drops them (issue 10). A pasted
 * `image.id` is treated the same way.
 */
export const READ_ONLY_STORE_FIELDS = ["id", "environment", "createdAt", "updatedAt", "_links", "syncStatus", "url"] as const;
