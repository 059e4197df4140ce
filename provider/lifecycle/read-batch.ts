/**
 * Many reads of one collection answered by its list endpoint (100 per page) instead of one GET each: a
 * `pulumi refresh` of 500 stores then costs about 5 pages, not 500 requests against PingOne's rate limit.
 * Generic: a collection is a list path and its item GET; stores use it, plans, rules or mappings could.
 *
 * When a read may be answered from a listing (the reasons, since a refresh exists to see the truth):
 *
 * - **Only reads.** Create, update and delete never consult a listing made here; create recovery lists for
 *   itself (`create-recovery.ts`). A listing only ever answers "what does PingOne hold now" for a refresh.
 * - **Only listings made in this provider process, in its current configuration.** The engine starts one
 *   provider process per operation (`pulumi refresh`, `pulumi up`, ...), so every listing was made during the
 *   operation that reads from it; nothing is kept across processes or across `configure`.
 * - **Never across a write of this process.** A read that starts after this process began any write (PUT,
 *   POST or DELETE, on any path: a cascade, a rule's delete say, may change more than the written item) never
 *   uses a listing begun before that write: it starts a new one or GETs. This covers a read after an update in
 *   the same `pulumi up`, and `pulumi up --refresh --run-program`, whose reads and writes interleave. Plain
 *   `pulumi up --refresh` refreshes everything before the first write, so its reads share listings.
 * - **Only for reads that start within {@link LISTING_REUSE_MS} of the listing's first page request.** An
 *   item is then reported as PingOne held it at some moment of this operation, at most that long before the
 *   read began (later pages are fetched later, so fresher). A refresh reads its resources one after another
 *   over many seconds anyway (the engine runs 4 × CPUs at once), so a store changed elsewhere while a
 *   refresh runs may be seen either way, GET or listing; a store changed before the refresh began is always
 *   seen. The bound keeps a long-lived process from answering from an old listing.
 * - **Missing is confirmed.** An item a complete listing does not hold is read with its own GET before it is
 *   reported gone: paging may skip an item that moved, and an item created after the listing began is not in it.
 *
 * When a listing is worth it: the first {@link DIRECT_READS} reads of a burst (reads of the collection that
 * started within {@link BURST_WINDOW_MS} of each other) GET, so a refresh of one or two stores costs what it
 * always did. From the next one on, reads share a listing, fetched page by page as far as the reads need (the
 * next page ahead, once fewer than {@link PREFETCH_BELOW} fetched items wait, so the engine's reads do not all
 * stall on it), and never more pages than reads it serves (answered or waiting): in a large environment a small
 * refresh falls back to GETs rather than paging through thousands of stores. A listing that fails (after its
 * retries) is not tried again for that collection in this process: its readers, and later ones, GET.
 */

/** A read is served by a listing only when it starts within this long after the listing's first page request. */
export const LISTING_REUSE_MS = 60_000;
/** Reads of a collection starting within this long of the previous one (or while one runs) are one burst. */
export const BURST_WINDOW_MS = 2_000;
/** The reads of a burst that GET before the burst shares a listing. */
export const DIRECT_READS = 3;
/** The next page is fetched ahead once fewer than this many fetched items wait for their reads (half a page). */
export const PREFETCH_BELOW = 50;

/** One page of a listing: its items and where the next page is (undefined on the last). */
export interface ListPage<T> {
  items: T[];
  next?: string;
}

/** A collection of items with ids: its list endpoint and its item GET. */
export interface Collection<T extends { id: string }> {
  /** Identifies the collection (its list path): reads of the same key share listings. */
  key: string;
  /** The first page's path and query, e.g. `${key}?limit=100`. */
  firstPage: string;
  fetchPage(page: string, deadline: number): Promise<ListPage<T>>;
  /** One GET; undefined when the item does not exist (404). */
  fetchOne(id: string, deadline: number): Promise<T | undefined>;
}

/** Counters a test or a benchmark can read. */
export interface ReadBatchStats {
  /** Reads answered by a single GET (the first of a burst, a fallback, or a confirmation). */
  direct: number;
  /** Reads answered from a listing page. */
  fromListing: number;
  /** Of the direct reads: items a complete listing did not hold, confirmed with their own GET. */
  confirmations: number;
  pages: number;
}

interface Listing {
  /** Local time its first page was requested. */
  startedAt: number;
  /** The write epoch it was begun in: any write since makes it unusable for new reads. */
  epoch: number;
  /** Items fetched and not yet handed to a read. */
  items: Map<string, { id: string }>;
  /** The next page to fetch; undefined once the last page is in. */
  next: string | undefined;
  pages: number;
  /** Reads answered from it, or waiting for it: the most pages it may fetch. */
  served: number;
  waiting: number;
  fetching?: Promise<void>;
}

interface CollectionState {
  listing?: Listing;
  /** Start times of the burst's reads (only the last {@link DIRECT_READS} matter). */
  recentStarts: number[];
  running: number;
  listingFailed: boolean;
}

/** The outcome of looking in a listing: the item, or why a GET must answer. */
type FromListing<T> = { item: T } | { missing: "absent" | "not-worth-paging" | "failed" };

/** Never more pages than the reads a listing answers or has waiting: otherwise their GETs are cheaper. */
function mayFetchAnotherPage(listing: Listing): boolean {
  return listing.pages + 1 <= listing.served + listing.waiting;
}

export class ReadBatcher {
  readonly stats: ReadBatchStats = { direct: 0, fromListing: 0, confirmations: 0, pages: 0 };
  private readonly collections = new Map<string, CollectionState>();
  /** Bumped when any write of this process starts or ends. */
  private epoch = 0;
  private writesRunning = 0;

  /** `now`: a monotonic clock in ms (tests may pass their own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Call as a write starts; call the function it returns once the write has ended, however it ended. */
  writing(): () => void {
    this.epoch++;
    this.writesRunning++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.epoch++;
      this.writesRunning--;
    };
  }

  /** The item as PingOne holds it (see the module comment for when that is a listing's answer), or undefined when gone. */
  async read<T extends { id: string }>(collection: Collection<T>, id: string, deadline: number): Promise<T | undefined> {
    const state = this.stateOf(collection.key);
    const startedAt = this.now();
    state.recentStarts = [
      ...state.recentStarts.filter((time) => state.running > 0 || startedAt - time <= BURST_WINDOW_MS),
      startedAt,
    ].slice(-(DIRECT_READS + 1));
    state.running++;
    try {
      const listing = this.listingFor(state, collection, startedAt);
      if (listing) {
        const found = await this.fromListing(listing, collection, id, deadline, state);
        if ("item" in found) {
          this.stats.fromListing++;
          this.prefetch(listing, collection, deadline, state);
          return found.item;
        }
        if (found.missing === "absent") this.stats.confirmations++;
      }
      this.stats.direct++;
      return await collection.fetchOne(id, deadline);
    } finally {
      state.running--;
    }
  }

  private stateOf(key: string): CollectionState {
    let state = this.collections.get(key);
    if (!state) {
      state = { recentStarts: [], running: 0, listingFailed: false };
      this.collections.set(key, state);
    }
    return state;
  }

  /** The listing this read may use: the current one if still fresh, a new one if the burst warrants it, or none (GET). */
  private listingFor(state: CollectionState, collection: Collection<{ id: string }>, startedAt: number): Listing | undefined {
    if (state.listingFailed) return undefined;
    const current = state.listing;
    if (current && current.epoch === this.epoch && startedAt - current.startedAt <= LISTING_REUSE_MS) return current;
    // A listing begun while a write runs could hold the item before or after it: not one to reuse.
    if (this.writesRunning > 0 || state.recentStarts.length <= DIRECT_READS) return undefined;
    const listing: Listing = {
      startedAt,
      epoch: this.epoch,
      items: new Map(),
      next: collection.firstPage,
      pages: 0,
      served: 0,
      waiting: 0,
    };
    state.listing = listing;
    return listing;
  }

  private async fromListing<T extends { id: string }>(
    listing: Listing,
    collection: Collection<T>,
    id: string,
    deadline: number,
    state: CollectionState,
  ): Promise<FromListing<T>> {
    listing.waiting++;
    try {
      for (;;) {
        const item = listing.items.get(id);
        if (item) {
          // Handed out once: a second read of the same item is a GET, and the listing holds less.
          listing.items.delete(id);
          listing.served++;
          return { item: item as T };
        }
        if (listing.fetching) {
          await listing.fetching.catch(() => undefined);
          if (state.listingFailed) return { missing: "failed" };
          continue;
        }
        if (listing.next === undefined) return { missing: "absent" };
        if (!mayFetchAnotherPage(listing)) return { missing: "not-worth-paging" };
        listing.fetching = this.fetchNextPage(listing, collection, deadline, state);
      }
    } finally {
      listing.waiting--;
    }
  }

  /**
   * Starts on the next page before a read has to wait for it, once the reads have taken most of what the listing
   * fetched: the engine's reads then rarely stall together on a page. Within the same bound as any page (never
   * more pages than reads answered or waiting), so a listing still never costs more requests than the GETs it saves.
   */
  private prefetch(listing: Listing, collection: Collection<{ id: string }>, deadline: number, state: CollectionState): void {
    if (listing.fetching || listing.next === undefined || listing.items.size > PREFETCH_BELOW || !mayFetchAnotherPage(listing)) return;
    listing.fetching = this.fetchNextPage(listing, collection, deadline, state);
    // Its failure is handled where it is awaited (or by the next read, which then GETs).
    listing.fetching.catch(() => undefined);
  }

  private async fetchNextPage(
    listing: Listing,
    collection: Collection<{ id: string }>,
    deadline: number,
    state: CollectionState,
  ): Promise<void> {
    try {
      const page = await collection.fetchPage(listing.next!, deadline);
      this.stats.pages++;
      listing.pages++;
      for (const item of page.items) listing.items.set(item.id, item);
      listing.next = page.next;
    } catch (error) {
      // Its readers GET instead, and so do later reads: that GET gives the error a user can act on, if any.
      state.listingFailed = true;
      if (state.listing === listing) state.listing = undefined;
      throw error;
    } finally {
      listing.fetching = undefined;
    }
  }
}
