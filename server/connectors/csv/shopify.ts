import type { Obj } from '../mapping.ts';
import { mapShopifyOrder } from '../shopify.ts';
import type { Mapped } from '../receive.ts';
import { CellChecks, cell, nameId, splitName } from './checks.ts';
import type { CsvFormat } from './format.ts';
import type { CsvRow } from './rows.ts';

/**
 * Shopify's order export (admin → Orders → Export → "CSV for Excel, Numbers, or other spreadsheet
 * programs"): one row per line item; the order's own columns (status, dates, currency, shipping,
 * names) are filled on its first row only, `Name` ("#1001") on every row. Columns by header name.
 */
const COLUMNS = {
  name: 'Name',
  email: 'Email',
  financial_status: 'Financial Status',
  fulfillment_status: 'Fulfillment Status',
  fulfilled_at: 'Fulfilled at',
  currency: 'Currency',
  shipping: 'Shipping',
  created_at: 'Created at',
  cancelled_at: 'Cancelled at',
  lineitem_quantity: 'Lineitem quantity',
  lineitem_name: 'Lineitem name',
  lineitem_price: 'Lineitem price',
  lineitem_sku: 'Lineitem sku',
  // Optional: older exports have no line discount column; names are only in the addresses.
  lineitem_discount: 'Lineitem discount',
  billing_name: 'Billing Name',
  shipping_name: 'Shipping Name',
  // Optional: the country shipped to, as its two-letter code ("FR").
  shipping_country: 'Shipping Country'
} as const;

const OPTIONAL = new Set(['lineitem_discount', 'billing_name', 'shipping_name', 'shipping_country']);

function lineItem(row: CsvRow, checks: CellChecks, currency: string): Obj {
  const title = cell(row, 'lineitem_name') ?? '';
  const discount = checks.amount(row, 'lineitem_discount', currency);
  return {
    id: nameId(title),
    title,
    sku: cell(row, 'lineitem_sku'),
    quantity: checks.quantity(row, 'lineitem_quantity'),
    price: checks.amount(row, 'lineitem_price', currency) ?? '',
    discount_allocations: discount ? [{ amount: discount }] : []
  };
}

/**
 * The rows of one order as the REST order resource the webhook mapping reads: a `Fulfilled at` is
 * its fulfilment, `Shipping` its shipping line; the export's prices are taken as tax included (it
 * carries no per-line tax: see docs/decisions.md).
 */
function asRestOrder(rows: CsvRow[]): Obj {
  const first = rows[0]!;
  const checks = new CellChecks(COLUMNS);
  const currency = checks.currency(first, 'currency');
  const fulfilledAt = checks.date(first, 'fulfilled_at');
  const shipping = checks.amount(first, 'shipping', currency);
  const order: Obj = {
    name: cell(first, 'name'),
    email: rows.map((r) => cell(r, 'email')).find(Boolean),
    currency,
    created_at: checks.date(first, 'created_at'),
    cancelled_at: checks.date(first, 'cancelled_at') ?? null,
    financial_status: cell(first, 'financial_status'),
    fulfillment_status: cell(first, 'fulfillment_status'),
    fulfillments: fulfilledAt ? [{ status: 'success', created_at: fulfilledAt }] : [],
    taxes_included: true,
    billing_address: splitName(cell(first, 'billing_name')),
    shipping_address: { ...splitName(cell(first, 'shipping_name')), country_code: cell(first, 'shipping_country') },
    shipping_lines: shipping ? [{ price: shipping }] : [],
    line_items: rows.map((r) => lineItem(r, checks, currency))
  };
  checks.done();
  return order;
}

export const shopifyCsv: CsvFormat = {
  platform: 'shopify',
  columns: COLUMNS,
  required: Object.keys(COLUMNS).filter((k) => !OPTIONAL.has(k)),
  orderKey: (row) => cell(row, 'name'),
  toOrder: (rows: CsvRow[], deliveryDays: number): Mapped => mapShopifyOrder(asRestOrder(rows), deliveryDays)
};
