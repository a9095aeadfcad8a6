import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsvOrders } from '../../server/connectors/csv/import.ts';
import type { Database } from '../../server/db/client.ts';
import { storedOrder } from '../helpers/connectors.ts';
import { openTestDb } from '../helpers/db.ts';

/**
 * A 50,000-line Shopify export (10,000 orders of 5 lines, every documented column, 11 MB) imported
 * through a file stream: the heap kept alive while importing (measured after a full GC every 500
 * orders) must stay under HEAP_BOUND, which reading the file whole (its text, then 50,000 parsed rows)
 * would pass. Measured 2.5 MB on PGlite, 2.7 MB on PostgreSQL: docs/decisions.md ("The back catalogue").
 */
const LINES = 50_000;
const PER_ORDER = 5;
const HEAP_BOUND = 16 * 1024 * 1024;

const HEADER =
  'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References';
const COLUMNS = HEADER.split(',');

/** One row of the export: `values` by header, quoted as the export quotes (every cell with a comma, quote or newline). */
function row(values: Record<string, string>): string {
  return COLUMNS.map((c) => {
    const v = values[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(',');
}

function orderRows(n: number): string {
  const name = `#${100000 + n}`;
  const email = `bulk-${n}@example.com`;
  const created = '2026-03-01 10:00:00 +0100';
  const out: string[] = [];
  for (let i = 0; i < PER_ORDER; i++) {
    const item = {
      Name: name,
      Email: email,
      'Created at': created,
      'Lineitem quantity': '1',
      'Lineitem name': `Article ${i}, taille M`,
      'Lineitem price': '19.90',
      'Lineitem sku': `BULK-${i}`,
      'Lineitem requires shipping': 'true',
      'Lineitem taxable': 'true',
      'Lineitem fulfillment status': 'fulfilled',
      'Lineitem discount': '0.00'
    };
    const orderCells: Record<string, string> =
      i === 0
        ? {
            'Financial Status': 'paid',
            'Paid at': created,
            'Fulfillment Status': 'fulfilled',
            'Fulfilled at': '2026-03-02 09:00:00 +0100',
            Currency: 'EUR',
            Subtotal: '99.50',
            Shipping: '4.90',
            Taxes: '16.58',
            Total: '104.40',
            'Billing Name': 'Anaïs Leclerc',
            'Billing Address1': '12 rue des Lilas',
            'Billing City': 'Lyon',
            'Billing Zip': '69003',
            'Billing Country': 'FR',
            'Shipping Name': 'Anaïs Leclerc',
            'Shipping Address1': '12 rue des Lilas',
            'Shipping City': 'Lyon',
            'Shipping Zip': '69003',
            'Shipping Country': 'FR',
            Notes: 'Sonner deux fois,\nmerci',
            'Payment Method': 'Shopify Payments',
            Id: String(5_000_000_000_000 + n),
            'Tax 1 Name': 'TVA 20%',
            'Tax 1 Value': '16.58'
          }
        : {};
    out.push(row({ ...item, ...orderCells }));
  }
  return out.join('\n') + '\n';
}

async function writeExport(file: string) {
  const out = createWriteStream(file);
  out.write(HEADER + '\n');
  for (let n = 0; n < LINES / PER_ORDER; n++) {
    if (!out.write(orderRows(n))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

let database: Database;
let dir: string;
beforeAll(async () => {
  database = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'reprise-csv-large-'));
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('orders:import --from shopify on a 50,000-line export', () => {
  it(`imports every order through a stream with the retained heap under ${HEAP_BOUND / 1024 / 1024} MB`, { timeout: 900_000 }, async () => {
    const file = join(dir, 'orders_export.csv');
    await writeExport(file);
    const size = statSync(file).size;

    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const started = Date.now();
    const summary = await importCsvOrders(database.db, createReadStream(file), 'shopify', () => new Date('2026-06-15T12:00:00Z'), {
      deliveryDays: 3,
      onProgress: (done) => {
        if (done % 500 !== 0) return;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    });
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `50,000-line export (${(size / 1024 / 1024).toFixed(1)} MB): ${summary.created} orders in ${seconds.toFixed(0)} s, retained heap growth at most ${(peak / 1024 / 1024).toFixed(1)} MB`
    );
    expect(summary).toEqual({ created: LINES / PER_ORDER, updated: 0, unchanged: 0, refused: [] });
    expect(peak).toBeLessThan(HEAP_BOUND);
    const last = await storedOrder(database.db, String(100000 + LINES / PER_ORDER - 1));
    expect(last.order).toMatchObject({ status: 'delivered', totalCents: PER_ORDER * 1990, shippingCents: 490 });
    expect(last.lines).toHaveLength(PER_ORDER);
  });
});
