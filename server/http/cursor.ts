import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { ApiError } from './errors.ts';

/** Keyset cursors carry (timestamp, id) of the last row shown: pages never scan with OFFSET. */
export type Cursor = { at: Date; id: number };

const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31);
const MAX_ID = 2_147_483_647; // integer columns

export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** Reads a cursor; anything that is not one we could have made is a 400, never a database error. */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  const [iso, idText, ...rest] = Buffer.from(raw, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  const id = Number(idText);
  const t = at.getTime();
  if (rest.length || Number.isNaN(t) || t < MIN_TIME || t > MAX_TIME || !Number.isInteger(id) || id < 1 || id > MAX_ID) {
    throw new ApiError(400, 'invalid_request', 'The page cursor is not valid.', { fields: { cursor: 'invalid' } });
  }
  return { at, id };
}

/**
 * The one keyset predicate: rows after the cursor in `at desc, id desc` order. A row comparison is
 * an index condition on (…, at desc, id desc), so page 100 reads as few rows as page 1. `after`
 * holds values, or placeholders in a prepared query (see `cursorValues`).
 */
export function afterCursor(at: SQLWrapper, id: SQLWrapper, after: { at: unknown; id: unknown } | undefined): SQL | undefined {
  return after ? sql`(${at}, ${id}) < (${after.at}::timestamptz, ${after.id}::int)` : undefined;
}

/** A cursor's values as query parameters (the timestamp as text: the same on both drivers). */
export const cursorValues = (cursor: Cursor) => ({ at: cursor.at.toISOString(), id: cursor.id });

/** One page out of `size + 1` rows fetched: the rows to show and the next page's cursor, or null. */
export function keysetPage<T>(
  rows: T[],
  size: number,
  key: (row: T) => { at: Date; id: number }
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  if (rows.length <= size || !last) return { page, nextCursor: null };
  const k = key(last);
  return { page, nextCursor: encodeCursor(k.at, k.id) };
}
