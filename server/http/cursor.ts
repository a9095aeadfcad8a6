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
