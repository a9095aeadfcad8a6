import type { Mapped } from '../receive.ts';
import type { CsvRow } from './rows.ts';

/** One platform's order export: its columns (header key → header as the export writes it), which it always has, and how its rows become an order. */
export type CsvFormat = {
  platform: 'shopify' | 'woocommerce';
  columns: Record<string, string>;
  required: readonly string[];
  /** The order a row belongs to (consecutive rows with the same key are one order). */
  orderKey: (row: CsvRow) => string | undefined;
  /** An order's rows (in file order) as the push's order, through the platform's webhook mapping. */
  toOrder: (rows: CsvRow[], deliveryDays: number) => Mapped;
};
