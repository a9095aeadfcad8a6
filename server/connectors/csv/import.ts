import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { importOrderStream, type ImportItem, type ImportSummary } from '../../integrations/import.ts';
import { forOrder, UnreadableOrder } from '../receive.ts';
import type { CsvFormat } from './format.ts';
import { readCsvRows, type CsvRow, type CsvRowError } from './rows.ts';
import { shopifyCsv } from './shopify.ts';
import { wooCommerceCsv } from './woocommerce.ts';

/** The platforms whose order export `npm run orders:import -- --from <platform> <file.csv>` reads. */
export const CSV_FORMATS = { shopify: shopifyCsv, woocommerce: wooCommerceCsv } as const;
export type CsvPlatform = keyof typeof CSV_FORMATS;
export const isCsvPlatform = (p: string): p is CsvPlatform => Object.hasOwn(CSV_FORMATS, p);

type Group = { key: string; line: number; rows: CsvRow[] };

/**
 * Consecutive rows of the same order as one group; a row that cannot be read, or has no order, is
 * yielded as it is. Only the current order's rows are held. An order whose rows come back after
 * other orders is refused (importing it twice would drop its earlier lines): the keys seen are kept,
 * a few bytes per order.
 */
async function* groups(rows: AsyncIterable<CsvRow | CsvRowError>, format: CsvFormat): AsyncGenerator<Group | CsvRowError> {
  const seen = new Set<string>();
  let current: Group | null = null;
  for await (const row of rows) {
    const key = 'error' in row ? undefined : format.orderKey(row);
    if (current && key === current.key) {
      current.rows.push(row as CsvRow);
      continue;
    }
    if (current) yield current;
    current = null;
    if ('error' in row) yield row;
    else if (!key) yield { line: row.line, error: `has no ${format.columns[format.required[0]!]}` };
    else if (seen.has(key))
      yield {
        line: row.line,
        error: `belongs to order ${key}, whose rows came earlier in the file: an export lists each order's rows together`
      };
    else {
      seen.add(key);
      current = { key, line: row.line, rows: [row] };
    }
  }
  if (current) yield current;
}

/** Each group as the import's item: the order the platform's mapping makes of it, or why it cannot be read. */
async function* items(input: Readable, format: CsvFormat, deliveryDays: number): AsyncGenerator<ImportItem> {
  let index = 0;
  for await (const g of groups(readCsvRows(input, format.required, format.columns), format)) {
    const at = { index: index++, line: g.line };
    if ('error' in g) {
      yield { ...at, number: null, refusal: { code: 'invalid_request', message: `The row ${g.error}.` } };
      continue;
    }
    const number = g.key.replace(/^#/, '');
    try {
      const mapped = forOrder(number, () => format.toOrder(g.rows, deliveryDays));
      if (mapped.kind === 'order') yield { ...at, number, order: mapped.order };
      else yield { ...at, number, refusal: { code: 'invalid_request', message: `The order was not imported (${mapped.reason}).` } };
    } catch (err) {
      if (!(err instanceof UnreadableOrder)) throw err;
      yield { ...at, number, refusal: { code: 'invalid_request', message: 'The rows cannot be read as an order.', fields: err.fields } };
    }
  }
}

/**
 * Imports a platform's order export read from `input` as a stream: each order (its consecutive rows)
 * mapped as the platform's webhooks are, then checked and upserted as `orders:import` does (each in
 * its own transaction; `dryRun` rolls everything back). A row or order that cannot be mapped is
 * refused with its line and reason, and the import goes on. A header lacking a column throws
 * `CsvHeaderError` before anything is written.
 */
export function importCsvOrders(
  db: Db,
  input: Readable,
  platform: CsvPlatform,
  now: () => Date,
  opts: { deliveryDays: number; dryRun?: boolean; onProgress?: (done: number) => void }
): Promise<ImportSummary> {
  return importOrderStream(db, items(input, CSV_FORMATS[platform], opts.deliveryDays), now, {
    dryRun: opts.dryRun,
    onProgress: opts.onProgress
  });
}
