import type { Obj } from '../mapping.ts';
import type { Mapped } from '../receive.ts';
import { mapWooCommerceOrder } from '../woocommerce.ts';
import { CellChecks, cell, nameId } from './checks.ts';
import type { CsvFormat } from './format.ts';
import type { CsvRow } from './rows.ts';

/**
 * WooCommerce's order export as written by the official Customer / Order / Coupon Export extension in
 * its "Default - One Row per Item" format: one row per line item, the order's columns repeated on
 * each row, headers the column keys (`order_number`, `date`, `item_sku`, ...). Read by header name:
 * a custom format that keeps these columns, in any order, reads the same.
 */
const COLUMNS = {
  order_id: 'order_id',
  order_number: 'order_number',
  date: 'date',
  status: 'status',
  shipping_total: 'shipping_total',
  shipping_tax_total: 'shipping_tax_total',
  order_currency: 'order_currency',
  billing_first_name: 'billing_first_name',
  billing_last_name: 'billing_last_name',
  billing_email: 'billing_email',
  item_name: 'item_name',
  item_sku: 'item_sku',
  item_quantity: 'item_quantity',
  item_total: 'item_total',
  item_total_tax: 'item_total_tax',
  // Optional: ids for lines without a sku, the line's attributes, names and country to ship to, and a completion
  // date (not in the default format: a custom format may add it).
  item_id: 'item_id',
  item_product_id: 'item_product_id',
  item_meta: 'item_meta',
  shipping_first_name: 'shipping_first_name',
  shipping_last_name: 'shipping_last_name',
  shipping_country: 'shipping_country',
  date_completed: 'date_completed',
  completed_date: 'completed_date'
} as const;

const OPTIONAL = new Set([
  'item_id',
  'item_product_id',
  'item_meta',
  'shipping_first_name',
  'shipping_last_name',
  'shipping_country',
  'date_completed',
  'completed_date'
]);

function lineItem(row: CsvRow, checks: CellChecks, currency: string): Obj {
  const name = cell(row, 'item_name') ?? '';
  const meta = cell(row, 'item_meta');
  return {
    id: cell(row, 'item_id') ?? nameId(name),
    product_id: cell(row, 'item_product_id'),
    name,
    sku: cell(row, 'item_sku'),
    quantity: checks.quantity(row, 'item_quantity'),
    total: checks.amount(row, 'item_total', currency) ?? '',
    total_tax: checks.amount(row, 'item_total_tax', currency) ?? '0',
    meta_data: meta ? [{ key: 'item_meta', value: meta }] : []
  };
}

/**
 * The rows of one order as the REST order resource the webhook mapping reads. The default format has
 * no completion date: a `completed` order then counts as completed on its order date,
 * so it is delivered `CONNECTOR_DELIVERY_DAYS` after it (docs/decisions.md).
 */
function asRestOrder(rows: CsvRow[]): Obj {
  const first = rows[0]!;
  const checks = new CellChecks(COLUMNS);
  const currency = checks.currency(first, 'order_currency');
  const placed = checks.date(first, 'date');
  const status = cell(first, 'status')?.replace(/^wc-/, '');
  const completed = checks.date(first, 'date_completed') ?? checks.date(first, 'completed_date');
  const order: Obj = {
    id: cell(first, 'order_id'),
    number: cell(first, 'order_number') ?? cell(first, 'order_id'),
    currency,
    status,
    date_created_gmt: placed,
    date_completed_gmt: completed ?? (status === 'completed' ? placed : undefined),
    billing: {
      email: cell(first, 'billing_email'),
      first_name: cell(first, 'billing_first_name'),
      last_name: cell(first, 'billing_last_name')
    },
    shipping: {
      first_name: cell(first, 'shipping_first_name'),
      last_name: cell(first, 'shipping_last_name'),
      country: cell(first, 'shipping_country')
    },
    shipping_total: checks.amount(first, 'shipping_total', currency) ?? '0',
    shipping_tax: checks.amount(first, 'shipping_tax_total', currency) ?? '0',
    line_items: rows.map((r) => lineItem(r, checks, currency))
  };
  checks.done();
  return order;
}

export const wooCommerceCsv: CsvFormat = {
  platform: 'woocommerce',
  columns: COLUMNS,
  required: Object.keys(COLUMNS).filter((k) => !OPTIONAL.has(k)),
  orderKey: (row) => cell(row, 'order_id') ?? cell(row, 'order_number'),
  toOrder: (rows: CsvRow[], deliveryDays: number): Mapped => mapWooCommerceOrder(asRestOrder(rows), deliveryDays)
};
