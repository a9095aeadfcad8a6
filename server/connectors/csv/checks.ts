import { createHash } from 'node:crypto';
import type { FieldErrors } from '../../http/errors.ts';
import { isCurrency } from '#shared/money.ts';
import { isoDate, minorUnits } from '../mapping.ts';
import { UnreadableOrder } from '../receive.ts';
import type { CsvRow } from './rows.ts';

/**
 * Checks of an export's cells before they are handed to the platform's mapping, so a refusal names
 * the column and the line of the file ("line 14: Lineitem price") rather than a field of a JSON
 * payload. The values themselves are then read by the same mapping as the platform's webhooks.
 */
export class CellChecks {
  readonly fields: FieldErrors = {};
  private readonly columns: Record<string, string>;
  constructor(columns: Record<string, string>) {
    this.columns = columns;
  }

  private fail(row: CsvRow, key: string, code: string) {
    this.fields[`line ${row.line}: ${this.columns[key] ?? key}`] = code;
  }

  /** The currency code of the order (refused when unknown to this server). */
  currency(row: CsvRow, key: string): string {
    const c = (row.values[key] ?? '').trim().toUpperCase();
    if (!isCurrency(c)) {
      this.fail(row, key, 'unknown_currency');
      return 'EUR';
    }
    return c;
  }

  /** A decimal amount (empty counts as absent): as the mapping reads it, or a refusal naming the cell. */
  amount(row: CsvRow, key: string, currency: string): string | undefined {
    const v = (row.values[key] ?? '').trim();
    if (!v) return undefined;
    try {
      minorUnits(v, currency, key);
    } catch (err) {
      if (!(err instanceof UnreadableOrder)) throw err;
      this.fail(row, key, 'not_an_amount');
    }
    return v;
  }

  /** A whole number of units. */
  quantity(row: CsvRow, key: string): number {
    const v = (row.values[key] ?? '').trim();
    if (!/^\d{1,6}$/.test(v)) {
      this.fail(row, key, 'not_a_quantity');
      return 0;
    }
    return Number(v);
  }

  /** A date (empty counts as absent) in one of the forms the exports write, e.g. "2024-01-15 10:23:45 -0500". */
  date(row: CsvRow, key: string): string | undefined {
    const v = (row.values[key] ?? '').trim();
    if (!v) return undefined;
    const iso = isoDate(v);
    if (!iso) this.fail(row, key, 'not_a_date');
    return iso;
  }

  /** Throws the refusal when any cell failed. */
  done() {
    if (Object.keys(this.fields).length) throw new UnreadableOrder(this.fields);
  }
}

/** A cell's text, trimmed; undefined when empty. */
export const cell = (row: CsvRow, key: string): string | undefined => row.values[key]?.trim() || undefined;

/** A stable stand-in id for a line the export gives no sku nor id: its name, hashed (the same name, the same id). */
export const nameId = (name: string) => `name-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;

/** "Jane Doe" as the first and last names the mapping reads ("Jane", "Doe"); one word is a first name. */
export function splitName(full: string | undefined): { first_name?: string; last_name?: string } {
  const parts = (full ?? '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return {};
  return { first_name: parts[0], last_name: parts.slice(1).join(' ') || undefined };
}
