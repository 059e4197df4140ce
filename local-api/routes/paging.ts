/**
 * Cursor paging as PingOne does it: `limit` (1 to 1000) and an opaque `cursor`, with the next page's URL
 * in `_links.next`. The cursor here is the last row's sequence number, base64url-encoded JSON.
 */
import { invalidData, type Reply } from "../http";
import type { ApiRequest } from "../request";
import type { JsonObject } from "../schema";
import type { Row } from "../db";

export const MAX_PAGE_SIZE = 1000;

export type Page = { ok: true; rows: Row[]; links: JsonObject } | { ok: false; reply: Reply };

/** One page of rows after the request's cursor; `fetchRows(afterSeq, limit)` reads them in order. */
export function pageOf(request: ApiRequest, listHref: string, fetchRows: (afterSeq: number, limit: number) => Row[]): Page {
  let limit = MAX_PAGE_SIZE;
  const limitParam = request.query.get("limit");
  if (limitParam !== null) {
    const requested = Number(limitParam);
    if (!Number.isInteger(requested) || requested < 1 || requested > MAX_PAGE_SIZE) {
      return {
        ok: false,
        reply: invalidData([{ code: "INVALID_VALUE", target: "limit", message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` }]),
      };
    }
    limit = requested;
  }
  let afterSeq = 0;
  const cursor = request.query.get("cursor");
  if (cursor !== null) {
    try {
      const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
      if (typeof decoded.after !== "number" || !Number.isInteger(decoded.after)) throw new Error("bad cursor");
      afterSeq = decoded.after;
    } catch {
      return { ok: false, reply: invalidData([{ code: "INVALID_VALUE", target: "cursor", message: "cursor is not valid" }]) };
    }
  }
  // One row more than asked for says whether there is a next page.
  const fetched = fetchRows(afterSeq, limit + 1);
  const rows = fetched.slice(0, limit);
  const links: JsonObject = { self: { href: listHref + request.search } };
  if (fetched.length > limit) {
    const next = Buffer.from(JSON.stringify({ after: rows[rows.length - 1].seq })).toString("base64url");
    // The next page keeps every other parameter of this request (limit, a filter), with the new cursor.
    const params = new URLSearchParams(request.query);
    params.set("cursor", next);
    links.next = { href: `${listHref}?${params.toString()}` };
  }
  return { ok: true, rows, links };
}
