import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { eq } from 'drizzle-orm';
import { openPglite, type Database } from '../../server/db/client.ts';
import { auditEvents, customers, orderLines, orders, returnLines, returns } from '../../server/db/schema.ts';
import { importOrders } from '../../server/integrations/import.ts';
import { onPostgres, openTestDb } from '../helpers/db.ts';
import { databaseUrl } from '../helpers/pg-urls.ts';
import { catalogIds } from '../helpers/returns.ts';
import { runNode } from '../helpers/run-node.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const command = new URL('../../server/commands/import-orders.ts', import.meta.url).pathname;

let dir: string;
let database: (Database & { name?: string }) | undefined;
/** The environment that points the command at this file's database. */
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reprise-import-'));
  if (onPostgres) {
    database = await openTestDb();
    env = { DATABASE_URL: databaseUrl(process.env.TEST_DATABASE_URL!, database.name!) };
  } else {
    // An embedded data directory made from the migrated template (no initdb in the command).
    const dataDir = join(dir, 'data');
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = new PGlite(dataDir, { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await pg.waitReady;
    await pg.close();
    env = { DATA_DIR: dataDir };
  }
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads this file's database (on PGlite the command must have exited: one process at a time). */
async function withDb<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
  if (database) return fn(database.db);
  const opened = await openPglite(env.DATA_DIR!);
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

const runImport = (args: string[]) => runNode(command, args, env, 90_000);

let seq = 0;
function anOrder(overrides: Record<string, unknown> = {}) {
  seq++;
  const tag = `${Date.now().toString(36)}${seq}`;
  return {
    number: `IMP-${tag}`,
    customer: { email: `import-${tag}@example.com`, firstName: 'Noa' },
    status: 'delivered',
    currency: 'EUR',
    placedAt: new Date(NOW.getTime() - 8 * DAY).toISOString(),
    deliveredAt: new Date(NOW.getTime() - 3 * DAY).toISOString(),
    lines: [{ sku: `IMP-SKU-${tag}`, name: 'Wool socks', unitPriceCents: 1200, quantity: 2 }],
    ...overrides
  };
}

/** A file `name` in this file's folder holding a good order, then a bad one (a line of 0 units). */
function goodAndBad(name: string) {
  const good = anOrder();
  const bad = anOrder();
  bad.lines = [{ ...bad.lines[0]!, quantity: 0 }];
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify([good, bad]));
  return { good, bad, file };
}

describe('npm run orders:import', () => {
  it('imports the good orders, names each refused one with the reason, prints the counts and exits 1', { timeout: 240_000 }, async () => {
    const { good, bad, file } = goodAndBad('orders.json');

    const first = await runImport([file]);
    expect(first.stdout).toContain('created 1, updated 0, unchanged 0, refused 1');
    expect(first.stderr).toContain(
      `refused #2 order ${bad.number}: invalid_request: The order is not valid. (lines.0.quantity: too_small)`
    );
    expect(first.code).toBe(1);
    await withDb(async (db) => {
      const [row] = await db.select().from(orders).where(eq(orders.number, good.number));
      expect(row).toMatchObject({ status: 'delivered', totalCents: 2400, email: good.customer.email });
      expect(await db.select().from(orders).where(eq(orders.number, bad.number))).toEqual([]);
      const [customer] = await db.select().from(customers).where(eq(customers.email, good.customer.email));
      expect(customer!.passwordHash).toBeNull();
      const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, good.number));
      expect(audit).toMatchObject([{ entity: 'order', action: 'created', actorType: 'system', changes: { via: 'import' } }]);
    });

    // The same good order again, now delivered later: updated; and once more: unchanged. Exit 0.
    const again = join(dir, 'again.json');
    const later = { ...good, deliveredAt: new Date(NOW.getTime() - 2 * DAY).toISOString() };
    writeFileSync(again, JSON.stringify([later, later]));
    const second = await runImport([again]);
    expect(second.stdout).toContain('created 0, updated 1, unchanged 1, refused 0');
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
  });

  it('--dry-run checks every order as a real import would and writes nothing', { timeout: 240_000 }, async () => {
    const { good, bad, file } = goodAndBad('dry.json');
    const res = await runImport(['--dry-run', file]);
    expect(res.stdout).toContain('dry run, nothing was written: would have created 1, updated 0, unchanged 0, refused 1');
    expect(res.stderr).toContain(`refused #2 order ${bad.number}`);
    expect(res.code).toBe(1);
    await withDb(async (db) => {
      expect(await db.select().from(orders).where(eq(orders.number, good.number))).toEqual([]);
      expect(await db.select().from(customers).where(eq(customers.email, good.customer.email))).toEqual([]);
    });
  });

  it('answers --help on stdout with exit 0 and refuses an unknown flag', async () => {
    const help = await runImport(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    const unknown = await runImport(['--force', join(dir, 'x.json')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--force'");
  });

  it('refuses a file that is not a JSON array of orders', async () => {
    const file = join(dir, 'object.json');
    writeFileSync(file, JSON.stringify(anOrder()));
    const res = await runImport([file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('must hold a JSON array of orders');
    const missing = await runImport([join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
    const none = await runImport([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: npm run orders:import -- <file.json>');
  });
});

describe('npm run orders:import -- --from shopify|woocommerce <file.csv>', () => {
  const csv = (platform: string) => new URL(`../fixtures/${platform}/orders-export.csv`, import.meta.url).pathname;

  it('--dry-run on a WooCommerce export says what it would do and writes nothing', { timeout: 240_000 }, async () => {
    const res = await runImport(['--from', 'woocommerce', '--dry-run', csv('woocommerce')]);
    expect(res.stdout).toContain('dry run, nothing was written: would have created 4, updated 0, unchanged 0, refused 1');
    expect(res.stderr).toContain('refused line 8: invalid_request: The row has 40 fields where the header has 55.');
    expect(res.code).toBe(1);
    await withDb(async (db) => expect(await db.select().from(orders).where(eq(orders.number, '2001'))).toEqual([]));
  });

  it('imports a Shopify export, naming each refused order by its line and reason, and exits 1', { timeout: 240_000 }, async () => {
    const res = await runImport(['--from', 'shopify', csv('shopify')]);
    expect(res.stdout).toContain('created 4, updated 0, unchanged 0, refused 1');
    expect(res.stderr).toContain(
      'refused line 7 order 1004: invalid_request: The rows cannot be read as an order. (line 7: Lineitem price: not_an_amount)'
    );
    expect(res.code).toBe(1);
    await withDb(async (db) => {
      const [row] = await db.select().from(orders).where(eq(orders.number, '1001'));
      expect(row).toMatchObject({ status: 'delivered', email: 'zoe@example.com' });
    });
  });

  it('refuses an unknown platform, and a file whose header lacks a column, before writing anything', { timeout: 240_000 }, async () => {
    const help = await runImport(['--help']);
    expect(help.stdout).toContain('--from shopify|woocommerce <file.csv>');
    const unknown = await runImport(['--from', 'magento', csv('shopify')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--from must be one of shopify, woocommerce.');
    const file = join(dir, 'not-an-export.csv');
    writeFileSync(file, 'Name,Email\n#5001,a@example.com\n');
    const lacking = await runImport(['--from', 'shopify', file]);
    expect(lacking.code).toBe(1);
    expect(lacking.stderr).toContain('The header lacks the columns Financial Status, Fulfillment Status');
    await withDb(async (db) => expect(await db.select().from(orders).where(eq(orders.number, '5001'))).toEqual([]));
  });
});

describe('importOrders (the function behind the command)', () => {
  it('reports schema refusals and rule refusals per order and keeps the others', { timeout: 120_000 }, async () => {
    // In-process on its own database (the same service as the HTTP push).
    const own = await openTestDb();
    try {
      const db = own.db;
      const kept = anOrder();
      const first = await importOrders(db, [kept], () => NOW);
      expect(first).toEqual({ created: 1, updated: 0, unchanged: 0, refused: [] });
      // Put units of the line on a return (directly), then try to import the order with fewer units.
      const [order] = await db.select().from(orders).where(eq(orders.number, kept.number));
      const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
      await db.update(orderLines).set({ unitsOnReturns: 2 }).where(eq(orderLines.id, line!.id));
      const { reason, action } = await catalogIds(db);
      const [ret] = await db
        .insert(returns)
        .values({ number: `R-${kept.number}-1`, orderId: order!.id, customerId: order!.customerId })
        .returning();
      await db
        .insert(returnLines)
        .values({ returnId: ret!.id, orderLineId: line!.id, quantity: 2, reasonId: reason('wrong_size'), actionId: action('refund') });

      const fresh = anOrder();
      const summary = await importOrders(
        db,
        [{ ...kept, lines: [{ ...kept.lines[0]!, quantity: 1 }] }, 'not an order', fresh, { ...anOrder(), extra: true }],
        () => NOW
      );
      expect(summary.created).toBe(1);
      expect(summary.refused).toEqual([
        {
          index: 0,
          number: kept.number,
          code: 'order_not_updatable',
          message: expect.any(String),
          fields: { 'lines.0.quantity': 'below_units_on_returns' }
        },
        { index: 1, number: null, code: 'invalid_request', message: 'This item is not an order (a JSON object).' },
        {
          index: 3,
          number: expect.any(String),
          code: 'invalid_request',
          message: 'The order is not valid.',
          fields: { extra: 'unknown_field' }
        }
      ]);
      const [after] = await db.select().from(orderLines).where(eq(orderLines.id, line!.id));
      expect(after!.quantity).toBe(2);
    } finally {
      await own.close();
    }
  });

  it('refuses dates outside 1970..9999, and reports any other error per order and goes on', async () => {
    const own = await openTestDb();
    try {
      const old = { ...anOrder(), placedAt: '0000-01-01T00:00:00Z' };
      const good = anOrder();
      const summary = await importOrders(own.db, [old, good], () => NOW);
      expect(summary).toMatchObject({
        created: 1,
        refused: [{ index: 0, number: old.number, code: 'invalid_request', fields: { placedAt: 'custom' } }]
      });

      // A database that fails: each order is reported, none stops the import.
      const failing = { transaction: async () => Promise.reject(new Error('connection lost')) } as unknown as typeof own.db;
      const broken = await importOrders(failing, [anOrder(), anOrder()], () => NOW);
      expect(broken.refused).toEqual([
        { index: 0, number: expect.any(String), code: 'internal_error', message: 'The order could not be saved: connection lost' },
        { index: 1, number: expect.any(String), code: 'internal_error', message: 'The order could not be saved: connection lost' }
      ]);
    } finally {
      await own.close();
    }
  });
});
