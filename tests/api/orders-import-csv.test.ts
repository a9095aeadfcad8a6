import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { importCsvOrders, type CsvPlatform } from '../../server/connectors/csv/import.ts';
import { CsvHeaderError } from '../../server/connectors/csv/rows.ts';
import type { Database } from '../../server/db/client.ts';
import { auditEvents, customers } from '../../server/db/schema.ts';
import { storedOrder, writeCounts } from '../helpers/connectors.ts';
import { openTestDb } from '../helpers/db.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const fixturePath = (platform: string) => new URL(`../fixtures/${platform}/orders-export.csv`, import.meta.url).pathname;

let database: Database;
beforeAll(async () => {
  database = await openTestDb();
});
afterAll(() => database.close());

const run = (platform: CsvPlatform, input: Readable, dryRun = false) =>
  importCsvOrders(database.db, input, platform, () => NOW, { deliveryDays: 3, dryRun });

/** Imports (or only reads, on a dry run) the platform's export of tests/fixtures, new to the database: its four good orders created. */
async function importFixture(platform: CsvPlatform, dryRun = false) {
  const summary = await run(platform, createReadStream(fixturePath(platform)), dryRun);
  expect(summary).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
  return summary;
}
const lineRows = (lines: { sku: string; productName: string; variantLabel: string | null; quantity: number; unitPriceCents: number }[]) =>
  lines.map((l) => [l.sku, l.productName, l.variantLabel, l.quantity, l.unitPriceCents]);

describe('orders:import --from shopify (the admin’s order export CSV)', () => {
  it('--dry-run reports what a real import would and writes nothing', { timeout: 60_000 }, async () => {
    const before = await writeCounts(database.db);
    const summary = await importFixture('shopify', true);
    expect(summary.refused).toHaveLength(1);
    expect(await writeCounts(database.db)).toEqual(before);
    expect((await storedOrder(database.db, '1001')).order).toBeUndefined();
  });

  it(
    'imports each order from its rows: lines, money paid after discounts, names with accents, dates; reports the bad row by line and goes on',
    { timeout: 60_000 },
    async () => {
      const summary = await importFixture('shopify');
      // #1004's price "12,50" (line 7 of the file: line 2's Notes hold a newline) is refused, naming the cell; #1005 after it is imported.
      expect(summary.refused).toEqual([
        {
          index: 3,
          line: 7,
          number: '1004',
          code: 'invalid_request',
          message: 'The rows cannot be read as an order.',
          fields: { 'line 7: Lineitem price': 'not_an_amount' }
        }
      ]);

      // "#1001" is stored as 1001. Two rows, a quoted comma in a name, a discount, tax included; fulfilled → delivered 3 days on.
      const { order, lines } = await storedOrder(database.db, '1001');
      expect(order).toMatchObject({
        email: 'zoe@example.com',
        status: 'delivered',
        currency: 'EUR',
        shippingCents: 490,
        shippingCountry: 'FR',
        placedAt: new Date('2026-05-02T08:15:00Z'),
        deliveredAt: new Date('2026-05-07T07:00:00Z')
      });
      expect(lineRows(lines)).toEqual([
        ['PULL-NAT-M', 'Pull en laine, col rond - M', null, 2, 5490], // (2 × 59.90 − 10.00) / 2
        ['CREME-50', 'Crème pour les mains "Lavande"', null, 1, 1250]
      ]);
      const [customer] = await database.db.select().from(customers).where(eq(customers.email, 'zoe@example.com'));
      expect(customer).toMatchObject({ firstName: 'Zoë', lastName: 'Dupré-Lefèvre' });
      const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, '1001'));
      expect(audit!.changes).toMatchObject({ via: 'import' });

      // Cancelled, and refunded before anything shipped: both cancelled.
      expect((await storedOrder(database.db, '1002')).order).toMatchObject({ status: 'cancelled', deliveredAt: null });
      expect((await storedOrder(database.db, '1003')).order).toMatchObject({ status: 'cancelled', deliveredAt: null });
      expect((await storedOrder(database.db, '1004')).order).toBeUndefined();
      // Partly fulfilled: shipped. A line without sku gets a stable id from its name; USD in cents.
      const noe = await storedOrder(database.db, '1005');
      expect(noe.order).toMatchObject({ status: 'shipped', currency: 'USD', placedAt: new Date('2026-05-07T12:30:00Z') });
      expect(lineRows(noe.lines)).toEqual([
        ['CANDLE-1', 'Bougie parfumée', null, 1, 3000],
        [expect.stringMatching(/^shopify-name-[0-9a-f]{12}$/), 'Carte cadeau imprimée', null, 2, 2000]
      ]);

      // The same export again changes nothing.
      const again = await run('shopify', createReadStream(fixturePath('shopify')));
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
      expect(again.refused).toHaveLength(1);
    }
  );

  it('reads columns by name in any order, and refuses a header lacking one before writing anything', async () => {
    const before = await writeCounts(database.db);
    const shuffled = [
      'Lineitem sku,Lineitem price,Lineitem name,Lineitem quantity,Created at,Shipping,Currency,Fulfilled at,Fulfillment Status,Financial Status,Email,Name,Cancelled at',
      'X-1,9.99,Carnet,1,2026-05-01 10:00:00 +0000,0.00,EUR,,unfulfilled,paid,ordre@example.com,#7001,'
    ].join('\r\n');
    expect(await run('shopify', Readable.from([shuffled]))).toMatchObject({ created: 1, refused: [] });
    expect(lineRows((await storedOrder(database.db, '7001')).lines)).toEqual([['X-1', 'Carnet', null, 1, 999]]);

    const lacking = 'Name,Email,Lineitem name\n#7002,a@example.com,Carnet\n';
    await expect(run('shopify', Readable.from([lacking]))).rejects.toThrow(CsvHeaderError);
    await expect(run('shopify', Readable.from([lacking]))).rejects.toThrow(
      'The header lacks the columns Financial Status, Fulfillment Status, Fulfilled at, Currency'
    );
    expect((await writeCounts(database.db)).orders).toBe(before.orders + 1);
  });
});

/** The columns of a WooCommerce export that an import reads, for the hand-written rows below. */
const WOOCOMMERCE_HEADER =
  'order_id,order_number,date,status,shipping_total,shipping_tax_total,order_currency,billing_first_name,billing_last_name,billing_email,item_name,item_sku,item_quantity,item_total,item_total_tax';

describe('orders:import --from woocommerce (Customer / Order / Coupon Export, one row per item)', () => {
  it(
    'imports each order: paid per unit with tax, item meta as variant, completed → delivered; a truncated row refused by line',
    { timeout: 60_000 },
    async () => {
      const summary = await importFixture('woocommerce');
      expect(summary.refused).toEqual([
        { index: 3, line: 8, number: null, code: 'invalid_request', message: 'The row has 40 fields where the header has 55.' }
      ]);
      const { order, lines } = await storedOrder(database.db, '2001');
      expect(order).toMatchObject({
        email: 'helene@example.com',
        status: 'delivered',
        currency: 'EUR',
        shippingCents: 600,
        shippingCountry: 'FR',
        placedAt: new Date('2026-04-10T14:30:00Z'),
        deliveredAt: new Date('2026-04-13T14:30:00Z')
      });
      expect(lineRows(lines)).toEqual([
        ['ECH-MER', 'Écharpe, laine mérinos', 'Couleur: Gris', 1, 4800],
        ['BON-1', 'Bonnet', null, 3, 1800]
      ]);
      const [customer] = await database.db.select().from(customers).where(eq(customers.email, 'helene@example.com'));
      expect(customer).toMatchObject({ firstName: 'Hélène', lastName: 'Côté' });
      expect((await storedOrder(database.db, '2002')).order).toMatchObject({ status: 'cancelled' }); // refunded, never completed
      expect((await storedOrder(database.db, '2003')).order).toMatchObject({ status: 'cancelled' });
      expect((await storedOrder(database.db, '2004')).order).toBeUndefined();
      const owen = await storedOrder(database.db, '2005');
      expect(owen.order).toMatchObject({ status: 'placed', currency: 'GBP', shippingCents: 400 });
      expect(lineRows(owen.lines)).toEqual([['woocommerce-82', 'Tea towel', null, 2, 1500]]);
    }
  );

  it('keeps a stray quote as written, and refuses a quote never closed with its line', async () => {
    const text = [
      WOOCOMMERCE_HEADER,
      '9201,9201,2026-04-01 10:00:00,processing,0,0,EUR,Ana,Lima,q1@example.com,Tasse 8" bleue,T-8,1,10.00,0',
      '9202,9202,2026-04-01 10:00:00,processing,0,0,EUR,Ana,Lima,q2@example.com,"Bol,1,10.00,0'
    ].join('\n');
    const summary = await run('woocommerce', Readable.from([text]));
    expect(summary).toMatchObject({ created: 1 });
    expect(summary.refused).toEqual([
      expect.objectContaining({
        line: 3,
        number: null,
        message: expect.stringMatching(/^The row cannot be read as CSV \(Quote Not Closed/)
      })
    ]);
    expect(lineRows((await storedOrder(database.db, '9201')).lines)).toEqual([['T-8', 'Tasse 8" bleue', null, 1, 1000]]);
  });

  it('refuses an order whose rows come back after other orders, rather than import it twice', async () => {
    const row = (id: string, sku: string) =>
      `${id},${id},2026-04-01 10:00:00,processing,0,0,EUR,Ana,Lima,${id}@example.com,Item,${sku},1,10.00,0`;
    const text = [WOOCOMMERCE_HEADER, row('9101', 'A'), row('9102', 'B'), row('9101', 'C')].join('\n');
    const summary = await run('woocommerce', Readable.from([text]));
    expect(summary).toMatchObject({ created: 2 });
    expect(summary.refused).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('belongs to order 9101') })]);
    expect(lineRows((await storedOrder(database.db, '9101')).lines)).toEqual([['A', 'Item', null, 1, 1000]]);
  });
});
