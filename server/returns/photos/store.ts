import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { FINAL_STATES } from '#shared/states.ts';
import type { Db } from '../../db/client.ts';
import { returnLines, returnPhotos, returns } from '../../db/schema.ts';
import { ApiError, emptyFields, notFound } from '../../http/errors.ts';
import { checkBeforeDecoding, processPhoto } from './images.ts';

/** What the shopper's browser is told of an upload, and what the views list per line. */
export type PhotoInfo = { id: string; width: number; height: number };
export type LinePhoto = PhotoInfo & { orderLineId: number };

/** An upload not sent with a return within this time is deleted by the hourly purge. */
export const UNATTACHED_KEEP_MS = 24 * 3600_000;

/**
 * Photos a shopper may hold uploaded but not sent yet (a return of 20 lines with 5 photos each): past
 * it an upload is refused (429) until some are sent or purged, so nobody fills the database with them.
 */
export const UNATTACHED_MAX = 100;

async function throwIfTooManyWaiting(db: Db, customerId: number): Promise<void> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(returnPhotos)
    .where(and(eq(returnPhotos.customerId, customerId), isNull(returnPhotos.returnLineId)));
  if ((row?.n ?? 0) >= UNATTACHED_MAX) {
    throw new ApiError(429, 'too_many_attempts', `At most ${UNATTACHED_MAX} photos may wait to be sent with a return.`, {
      headers: { 'Retry-After': '3600' }
    });
  }
}

const info = (row: { publicId: string; width: number; height: number }): PhotoInfo => ({
  id: row.publicId,
  width: row.width,
  height: row.height
});

async function uploadedWithKey(db: Db, customerId: number, uploadKey: string) {
  const [row] = await db
    .select({
      publicId: returnPhotos.publicId,
      width: returnPhotos.width,
      height: returnPhotos.height,
      sourceHash: returnPhotos.sourceHash
    })
    .from(returnPhotos)
    .where(and(eq(returnPhotos.customerId, customerId), eq(returnPhotos.uploadKey, uploadKey)));
  return row;
}

/**
 * Keeps one uploaded photo for the shopper until they send their return: sniffed, checked, re-encoded
 * (images.ts), then written. The same `uploadKey` again answers the first upload (`replayed`), whether
 * it had finished or not when the retry came; with other bytes, it is a reused key (409).
 */
export async function savePhoto(
  db: Db,
  upload: { customerId: number; uploadKey: string; bytes: Uint8Array; now: Date }
): Promise<{ photo: PhotoInfo; replayed: boolean }> {
  const sourceHash = createHash('sha256').update(upload.bytes).digest('hex');
  const replay = async () => {
    const prior = await uploadedWithKey(db, upload.customerId, upload.uploadKey);
    if (!prior) return null;
    if (prior.sourceHash !== sourceHash) {
      throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for another photo.');
    }
    return { photo: info(prior), replayed: true };
  };
  checkBeforeDecoding(upload.bytes);
  const before = await replay();
  if (before) return before;
  await throwIfTooManyWaiting(db, upload.customerId);
  const kept = await processPhoto(upload.bytes);
  const [row] = await db
    .insert(returnPhotos)
    .values({
      publicId: randomUUID(),
      customerId: upload.customerId,
      uploadKey: upload.uploadKey,
      sourceHash,
      ...kept,
      createdAt: upload.now
    })
    .onConflictDoNothing()
    .returning({ publicId: returnPhotos.publicId, width: returnPhotos.width, height: returnPhotos.height });
  if (row) return { photo: info(row), replayed: false };
  return (await replay())!; // the same upload, retried while this one ran, was written first
}

type RequestedLine = { orderLineId: number; reasonId: number; photos?: string[] };

/** A reason that needs a photo, on a line sent without one: 422 `photo_required` on `lines.<i>.photos`. */
/**
 * A line whose reason needs a photo (an admin's setting per reason) and that has none: 422
 * `photo_required` on the line, before anything is written. The reasons are those the request read.
 */
export function throwIfPhotoMissing(lines: RequestedLine[], reasons: { id: number; requiresPhoto: boolean }[]): void {
  const fields = emptyFields();
  lines.forEach((l, i) => {
    if (!l.photos?.length && reasons.some((r) => r.id === l.reasonId && r.requiresPhoto)) fields[`lines.${i}.photos`] = 'photo_required';
  });
  if (Object.keys(fields).length) throw new ApiError(422, 'photo_required', 'A photo is needed for this reason.', { fields });
}

/**
 * Attaches the photos sent with a new return to its lines, in the return's transaction: each one must
 * be an upload of this shopper not attached yet, so a photo is never on two returns and a return
 * whose photos are gone is not made at all (422 `photo_not_found`, the transaction rolls back).
 */
export async function attachPhotos(tx: Db, customerId: number, lines: RequestedLine[], written: { id: number; orderLineId: number }[]) {
  const fields = emptyFields();
  for (const [i, line] of lines.entries()) {
    const ids = line.photos ?? [];
    if (!ids.length) continue;
    const lineId = written.find((w) => w.orderLineId === line.orderLineId)!.id;
    let attached = 0;
    for (const [position, publicId] of ids.entries()) {
      const rows = await tx
        .update(returnPhotos)
        .set({ returnLineId: lineId, position })
        .where(and(eq(returnPhotos.publicId, publicId), eq(returnPhotos.customerId, customerId), isNull(returnPhotos.returnLineId)))
        .returning({ id: returnPhotos.id });
      attached += rows.length;
    }
    if (attached !== ids.length) fields[`lines.${i}.photos`] = 'photo_not_found';
  }
  if (Object.keys(fields).length) {
    throw new ApiError(422, 'photo_not_found', 'A photo was not found: upload it again.', { fields });
  }
}

/** The photos of a return as JSON, per line (by order line) in the order they were sent: a column of the views' one statement. */
export const photosJson = (returnId: SQL) =>
  sql<LinePhoto[]>`(select coalesce(json_agg(json_build_object('id', p.public_id, 'orderLineId', rl.order_line_id,
    'width', p.width, 'height', p.height) order by rl.order_line_id, p.position, p.id), '[]')
    from ${returnPhotos} p join ${returnLines} rl on rl.id = p.return_line_id where rl.return_id = ${returnId})`;

/** One photo of a return (or its thumbnail); any other id is a 404. */
export async function photoBytes(db: Db, returnId: number, publicId: string, size: 'full' | 'thumbnail') {
  const [row] = await db
    .select({ bytes: size === 'full' ? returnPhotos.image : returnPhotos.thumbnail })
    .from(returnPhotos)
    .innerJoin(returnLines, eq(returnLines.id, returnPhotos.returnLineId))
    .where(and(eq(returnPhotos.publicId, publicId), eq(returnLines.returnId, returnId)));
  if (!row) throw notFound('No such photo.');
  return row.bytes;
}

/**
 * The hourly purge's part: uploads never sent with a return after a day, and the photos of returns
 * finished more than `retentionDays` ago (README, "Data kept").
 */
export async function purgePhotos(db: Db, now: Date, retentionDays: number): Promise<number> {
  const unattached = await db
    .delete(returnPhotos)
    .where(
      and(
        isNull(returnPhotos.returnLineId),
        lt(returnPhotos.createdAt, sql`${new Date(now.getTime() - UNATTACHED_KEEP_MS).toISOString()}::timestamptz`)
      )
    )
    .returning({ id: returnPhotos.id });
  const cutoff = sql`${new Date(now.getTime() - retentionDays * 86_400_000).toISOString()}::timestamptz`;
  const finished = await db
    .delete(returnPhotos)
    .where(
      inArray(
        returnPhotos.returnLineId,
        db
          .select({ id: returnLines.id })
          .from(returnLines)
          .innerJoin(returns, eq(returns.id, returnLines.returnId))
          .where(and(inArray(returns.state, [...FINAL_STATES]), lt(returns.stateChangedAt, cutoff)))
      )
    )
    .returning({ id: returnPhotos.id });
  return unattached.length + finished.length;
}

/** A customer's photos for their data export: each one's id, line, size and date (the images stay on their return's page). */
export async function photosOf(db: Db, customerId: number) {
  return db
    .select({
      id: returnPhotos.publicId,
      returnLineId: returnPhotos.returnLineId,
      sourceType: returnPhotos.sourceType,
      width: returnPhotos.width,
      height: returnPhotos.height,
      createdAt: returnPhotos.createdAt
    })
    .from(returnPhotos)
    .where(eq(returnPhotos.customerId, customerId))
    .orderBy(returnPhotos.createdAt, returnPhotos.id);
}

/** A customer's erasure: every photo they uploaded goes (attached or not). */
export async function erasePhotos(tx: Db, customerId: number): Promise<number> {
  const gone = await tx.delete(returnPhotos).where(eq(returnPhotos.customerId, customerId)).returning({ id: returnPhotos.id });
  return gone.length;
}
