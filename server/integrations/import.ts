import type { ZodError } from 'zod';
import { pushedOrderSchema } from '#shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { ApiError, fieldsFromZod, type ApiErrorCode, type FieldErrors } from '../http/errors.ts';
import { unstorableFields } from '../http/validate.ts';
import { upsertOrder } from './orders.ts';

export type ImportSummary = {
  created: number;
  updated: number;
  unchanged: number;
  refused: { index: number; number: string | null; code: ApiErrorCode; message: string; fields?: FieldErrors }[];
};

/** Thrown to roll a dry run back once every order was checked. */
class DryRunDone extends Error {}

/**
 * Imports a list of orders one by one (each in its own transaction): good ones are kept, bad ones
 * reported. `dryRun`: the same checks and writes inside one transaction that is rolled back, so
 * the summary is exactly what a real run would say and nothing is kept.
 */
export async function importOrders(
  db: Db,
  list: unknown[],
  now: () => Date,
  opts: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {}
): Promise<ImportSummary> {
  if (!opts.dryRun) return importEach(db, list, now, opts.onProgress);
  let summary: ImportSummary | undefined;
  await db
    .transaction(async (tx) => {
      summary = await importEach(tx, list, now, opts.onProgress);
      throw new DryRunDone();
    })
    .catch((err) => {
      if (!(err instanceof DryRunDone)) throw err;
    });
  return summary!;
}

async function importEach(
  db: Db,
  list: unknown[],
  now: () => Date,
  onProgress?: (done: number, total: number) => void
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, refused: [] };
  for (const [index, item] of list.entries()) {
    onProgress?.(index, list.length);
    const number =
      item && typeof item === 'object' && typeof (item as { number?: unknown }).number === 'string'
        ? (item as { number: string }).number
        : null;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      summary.refused.push({ index, number, code: 'invalid_request', message: 'This item is not an order (a JSON object).' });
      continue;
    }
    const parsed = pushedOrderSchema.safeParse(item);
    if (!parsed.success) {
      summary.refused.push({
        index,
        number,
        code: 'invalid_request',
        message: 'The order is not valid.',
        fields: fieldsFromZod(parsed.error as ZodError)
      });
      continue;
    }
    const bad = unstorableFields(parsed.data);
    if (Object.keys(bad).length) {
      summary.refused.push({ index, number, code: 'invalid_request', message: 'The order is not valid.', fields: bad });
      continue;
    }
    try {
      const result = await upsertOrder(db, parsed.data, { now: now(), via: 'import' });
      if (result.outcome !== 'stale') summary[result.outcome]++; // only connector deliveries are stale
    } catch (err) {
      // Any error (a refusal, or one the database raised) is this order's: report it and go on with the next.
      if (err instanceof ApiError) summary.refused.push({ index, number, code: err.code, message: err.message, fields: err.fields });
      else
        summary.refused.push({
          index,
          number,
          code: 'internal_error',
          message: `The order could not be saved: ${err instanceof Error ? err.message : String(err)}`
        });
    }
  }
  onProgress?.(list.length, list.length);
  return summary;
}
