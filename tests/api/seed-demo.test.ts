import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.ts';
import type { Database } from '../../server/db/client.ts';
import { customers, orders, products, shopSettings, staffUsers } from '../../server/db/schema.ts';
import { DEMO_ACCOUNTS, seedDemoCommand } from '../../server/db/seed-demo.ts';
import { generatePassword } from '../../server/staff/accounts.ts';
import { openTestDb } from '../helpers/db.ts';

// `npm run seed:demo` against a database that is not empty must not plant accounts with the public
// demo passwords, rename the shop, or stop halfway.
let database: Database;
beforeEach(async () => {
  database = await openTestDb();
});
afterEach(async () => {
  await database.close();
});

const run = (force = false) => seedDemoCommand(database.db, { force, hashPassword, newPassword: generatePassword });
const shopName = async () => (await database.db.select().from(shopSettings))[0]!.shopName;
const staffEmails = async () => (await database.db.select().from(staffUsers)).map((s) => s.email).sort();

describe('npm run seed:demo', () => {
  it('on an empty database seeds the demo shop, every account with a fresh password and none with the public one', async () => {
    const outcome = await run();
    expect(outcome.seeded).toBe(true);
    if (!outcome.seeded) return;
    expect(await staffEmails()).toEqual([DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.staff.email]);
    const [admin] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, DEMO_ACCOUNTS.admin.email));
    expect(await verifyPassword(admin!.passwordHash, DEMO_ACCOUNTS.admin.password)).toBe(false);
    expect(await verifyPassword(admin!.passwordHash, outcome.passwords.admin)).toBe(true);
    const [alice] = await database.db.select().from(customers).where(eq(customers.email, DEMO_ACCOUNTS.shopper.email));
    expect(await verifyPassword(alice!.passwordHash, DEMO_ACCOUNTS.shopper.password)).toBe(false);
    expect(new Set(Object.values(outcome.passwords)).size).toBe(4);
    expect(await shopName()).toBe('Maison Demo');
  });

  it('refuses a database holding a staff account, a customer or an order, and changes nothing', async () => {
    const before = await shopName();
    await database.db.insert(staffUsers).values({ email: 'owner@shop.example', name: 'Owner', role: 'admin', passwordHash: 'x' });
    const outcome = await run();
    expect(outcome).toMatchObject({ seeded: false, reason: 'has_data', existing: { staff: 1, customers: 0, orders: 0 } });
    expect(await staffEmails()).toEqual(['owner@shop.example']);
    expect(await shopName()).toBe(before);
    expect(await database.db.select().from(products)).toEqual([]);

    await database.db.delete(staffUsers);
    await database.db.insert(customers).values({ email: 'real@shop.example', firstName: 'Real' });
    expect(await run()).toMatchObject({ seeded: false, reason: 'has_data', existing: { customers: 1 } });
    expect(await staffEmails()).toEqual([]);
  });

  it('with --force, a clash rolls everything back, and a run after the clash is gone seeds it all', async () => {
    const before = await shopName();
    const [real] = await database.db.insert(customers).values({ email: 'real@shop.example', firstName: 'Real' }).returning();
    // The shop's own order 1010 is also a demo order number.
    await database.db.insert(orders).values({
      number: '1010',
      customerId: real!.id,
      email: real!.email,
      status: 'placed',
      totalCents: 100,
      placedAt: new Date(),
      updatedAt: new Date()
    });
    const outcome = await run(true);
    expect(outcome).toMatchObject({ seeded: false, reason: 'clash' });
    // Nothing of the demo is left: no accounts, no products, no other order, the shop untouched.
    expect(await staffEmails()).toEqual([]);
    expect((await database.db.select().from(customers)).map((c) => c.email)).toEqual(['real@shop.example']);
    expect(await database.db.select().from(products)).toEqual([]);
    expect((await database.db.select().from(orders)).map((o) => o.number)).toEqual(['1010']);
    expect(await shopName()).toBe(before);

    await database.db.update(orders).set({ number: 'R-1010' });
    const again = await run(true);
    expect(again.seeded).toBe(true);
    expect(await staffEmails()).toEqual([DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.staff.email]);
    expect((await database.db.select().from(orders)).length).toBeGreaterThan(20);
    // A forced run leaves the shop's name and contact details as they were.
    expect(await shopName()).toBe(before);
  });
});
