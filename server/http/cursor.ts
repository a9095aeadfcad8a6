import { ApiError } from './errors.ts';

/** Keyset cursors carry (timestamp, id) of the last row shown: pages never scan with OFFSET. */
export type Cursor = { at: Date; id: number };

export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  const [iso, idText] = Buffer.from(raw, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  const id = Number(idText);
  if (Number.isNaN(at.getTime()) || !Number.isSafeInteger(id)) {
    throw new ApiError(400, 'invalid_request', 'The page cursor is not valid.', { fields: { cursor: 'invalid' } });
  }
  return { at, id };
}
