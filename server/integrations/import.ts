import type { ZodError } from 'zod';
import { pushedOrderSchema } from '#shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { ApiError, fieldsFromZod, type ApiErrorCode, type FieldErrors } from '../http/errors.ts';
import { unstorableFields } from '../http/validate.ts';
import { upsertOrder } from './orders.ts';

/** One refused order: its place in the input (`index`, and for a CSV export the `line` its first row is on), number and why. */
export type ImportRefusal = {
  index: number;
  line?: number;
  number: string | null;
  code: ApiErrorCode;
  message: string;
  fields?: FieldErrors;
};

export type ImportSummary = {
  created: number;
  updated: number;
  unchanged: number;
  refused: ImportRefusal[];
};

/**
 * One item of a streamed import: an order candidate (any shape, checked here as a push is), or a
 * refusal already known to its reader (a CSV row that cannot be mapped), reported as any other.
 */
export type ImportItem =
  | { index: number; line?: number; number: string | null; order: unknown }
  | { index: number; line?: number; number: string | null; refusal: Omit<ImportRefusal, 'index' | 'line' | 'number'> };

type ImportOptions = { dryRun?: boolean; onProgress?: (done: number, total?: number) => void };

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
  const total = list.length;
  const items = list.map((item, index): ImportItem => ({ index, number: numberOf(item), order: item }));
  const summary = await importOrderStream(db, items, now, {
    dryRun: opts.dryRun,
    onProgress: opts.onProgress && ((done) => opts.onProgress!(done, total))
  });
  opts.onProgress?.(total, total);
  return summary;
}

/**
 * The same import over items read one at a time (a streamed CSV export): only the summary is kept,
 * so memory does not grow with the input. `onProgress(done)` is called before each item.
 */
export async function importOrderStream(
  db: Db,
  items: Iterable<ImportItem> | AsyncIterable<ImportItem>,
  now: () => Date,
  opts: ImportOptions = {}
): Promise<ImportSummary> {
  if (!opts.dryRun) return importEach(db, items, now, opts.onProgress);
  let summary: ImportSummary | undefined;
  await db
    .transaction(async (tx) => {
      summary = await importEach(tx, items, now, opts.onProgress);
      throw new DryRunDone();
    })
    .catch((err) => {
      if (!(err instanceof DryRunDone)) throw err;
    });
  return summary!;
}

const numberOf = (item: unknown) =>
  item && typeof item === 'object' && typeof (item as { number?: unknown }).number === 'string'
    ? (item as { number: string }).number
    : null;

async function importEach(
  db: Db,
  items: Iterable<ImportItem> | AsyncIterable<ImportItem>,
  now: () => Date,
  onProgress?: (done: number) => void
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, refused: [] };
  let done = 0;
  for await (const item of items) {
    onProgress?.(done++);
    const { index, line, number } = item;
    const place = line === undefined ? { index } : { index, line };
    if ('refusal' in item) {
      summary.refused.push({ ...place, number, ...item.refusal });
      continue;
    }
    const refusal = await importOne(db, item.order, now);
    if (typeof refusal === 'string') summary[refusal]++;
    else summary.refused.push({ ...place, number, ...refusal });
  }
  return summary;
}

type Refused = Omit<ImportRefusal, 'index' | 'line' | 'number'>;

/** One order checked as a push is and upserted in its own transaction: its outcome, or why it was refused. */
async function importOne(db: Db, item: unknown, now: () => Date): Promise<'created' | 'updated' | 'unchanged' | Refused> {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    return { code: 'invalid_request', message: 'This item is not an order (a JSON object).' };
  }
  const parsed = pushedOrderSchema.safeParse(item);
  if (!parsed.success) {
    return { code: 'invalid_request', message: 'The order is not valid.', fields: fieldsFromZod(parsed.error as ZodError) };
  }
  const bad = unstorableFields(parsed.data);
  if (Object.keys(bad).length) return { code: 'invalid_request', message: 'The order is not valid.', fields: bad };
  try {
    const result = await upsertOrder(db, parsed.data, { now: now(), via: 'import' });
    return result.outcome === 'stale' ? 'unchanged' : result.outcome; // only connector deliveries are stale
  } catch (err) {
    // Any error (a refusal, or one the database raised) is this order's: report it and go on with the next.
    if (err instanceof ApiError) return { code: err.code, message: err.message, fields: err.fields };
    return { code: 'internal_error', message: `The order could not be saved: ${err instanceof Error ? err.message : String(err)}` };
  }
}
