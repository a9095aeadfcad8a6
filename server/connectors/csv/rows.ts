import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * Reading a platform's order export CSV as a stream, one record at a time (never the whole file in
 * memory), each row keyed by its header's name, not its position.
 */

/** A header as a key: lower case, each run of other characters than letters and digits one `_` ("Lineitem quantity" → "lineitem_quantity"). */
export const headerKey = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');

/** A data row: the line of the file it starts on (1 is the header) and its values by header key. */
export type CsvRow = { line: number; values: Record<string, string> };
/** A row that cannot be read as one (a broken quote, a count of fields unlike the header's). */
export type CsvRowError = { line: number; error: string };

/** Thrown when the file has no header, or lacks columns the platform's export always has. */
export class CsvHeaderError extends Error {}

/**
 * Reads `input` as a CSV export whose header must hold `required` (header keys; `labels` gives each
 * as the export writes it, for the refusal); yields rows and unreadable rows in file order.
 */
export async function* readCsvRows(
  input: Readable,
  required: readonly string[],
  labels: Record<string, string> = {}
): AsyncGenerator<CsvRow | CsvRowError> {
  // Records the parser skipped, each with the count of records before it, so it is reported in file order.
  const skipped: (CsvRowError & { after: number })[] = [];
  // The line each record ends on, and the empty lines skipped so far: a record starts after the last one.
  let lastLine = 0;
  let lastEmpty = 0;
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (`ab"c`) is kept as written, as spreadsheets read it.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        const at = err as unknown as { lines?: number; records?: number; message?: string } | undefined;
        skipped.push({ line: at?.lines ?? 0, after: at?.records ?? 0, error: `cannot be read as CSV (${at?.message ?? 'parse error'})` });
        return undefined;
      }
    })
  );
  input.on('error', (err) => parser.destroy(err));
  /** The skipped records that came before record number `n` (all of them without `n`). */
  function* skippedBefore(n = Infinity): Generator<CsvRowError> {
    while (skipped.length && skipped[0]!.after < n) {
      const { line, error } = skipped.shift()!;
      lastLine = Math.max(lastLine, line);
      yield { line, error };
    }
  }
  let keys: string[] | null = null;
  type Parsed = { record: string[]; info: { lines: number; empty_lines: number; records: number } };
  for await (const { record, info } of parser as AsyncIterable<Parsed>) {
    yield* skippedBefore(info.records);
    const line = lastLine + 1 + (info.empty_lines - lastEmpty);
    lastLine = info.lines;
    lastEmpty = info.empty_lines;
    if (!keys) {
      keys = headerKeys(record, required, labels);
      continue;
    }
    if (record.length !== keys.length) {
      yield { line, error: `has ${record.length} fields where the header has ${keys.length}` };
      continue;
    }
    const values: Record<string, string> = {};
    keys.forEach((k, i) => {
      if (k && !(k in values)) values[k] = record[i]!;
    });
    yield { line, values };
  }
  yield* skippedBefore();
  if (!keys) throw new CsvHeaderError('The file is empty: an export starts with a header row.');
}

function headerKeys(record: string[], required: readonly string[], labels: Record<string, string>): string[] {
  const keys = record.map(headerKey);
  const missing = required.filter((r) => !keys.includes(r));
  if (missing.length) {
    throw new CsvHeaderError(
      `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => labels[m] ?? m).join(', ')} (read by name, in any order).`
    );
  }
  return keys;
}
