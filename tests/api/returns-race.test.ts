import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { orderLines, returns } from '../../server/db/schema.ts';
import { onPostgres } from '../helpers/db.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds, unitsOnReturns } from '../helpers/returns.ts';
import { signInShopper, signInStaff } from '../helpers/sign-in.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

// On PostgreSQL the requests really run in parallel on separate connections; PGlite serialises them.
const ROUNDS = onPostgres ? 20 : 3;

describe('concurrent return requests', () => {
  it(`20 concurrent requests for the full returnable quantity: exactly one succeeds (${ROUNDS} rounds)`, async () => {
    const ids = await catalogIds(t.db);
    const customer = await createCustomer(t.db);
    const agent = await signInShopper(t, customer);
    for (let round = 0; round < ROUNDS; round++) {
      const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 3 }] });
      const body = {
        orderNumber: order.number,
        lines: [{ orderLineId: lines[0]!.id, quantity: 3, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') }]
      };
      const results = await Promise.all(Array.from({ length: 20 }, () => agent.post('/api/returns', body)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 422)).toHaveLength(19);
      expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(3);
      expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(1);
    }
  });
});

describe('concurrent credit saves', () => {
  it(`20 concurrent credit saves: one wins, the others get 409, the sum credited never exceeds what was paid (${ROUNDS} rounds)`, async () => {
    const ids = await catalogIds(t.db);
    const customer = await createCustomer(t.db);
    const { agent: staff } = await signInStaff(t, 'staff');
    for (let round = 0; round < ROUNDS; round++) {
      const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 3, price: 1500 }] });
      const line = { orderLineId: lines[0]!.id, quantity: 3, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') };
      const created = await staff.post('/api/staff/returns', { orderNumber: order.number, lines: [line], state: 'received' });
      expect(created.status).toBe(201);
      const ret = created.body.return;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          staff.patch(`/api/staff/returns/${ret.number}`, {
            version: ret.version,
            state: 'credited',
            credit: { lines: { [ret.lines[0].id]: { units: 3, amountCents: 4500 - i } } }
          })
        )
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      const [after] = await t.db.select().from(orderLines).where(eq(orderLines.id, lines[0]!.id));
      expect(after!.unitsCredited).toBe(3);
      expect(after!.amountCreditedCents).toBeLessThanOrEqual(4500);
      expect(after!.amountCreditedCents).toBe(results.find((r) => r.status === 200)!.body.return.credit.totalCents);
    }
  });

  it('20 concurrent credits of the same order line on a second return, after the first was reopened and cancelled: none credits twice', async () => {
    const ids = await catalogIds(t.db);
    const customer = await createCustomer(t.db);
    const { agent: admin } = await signInStaff(t, 'admin');
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 3, price: 1500 }] });
    const line = { orderLineId: lines[0]!.id, quantity: 3, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') };
    const first = (await admin.post('/api/staff/returns', { orderNumber: order.number, lines: [line], state: 'received' })).body.return;
    let res = await admin.patch(`/api/staff/returns/${first.number}`, { version: first.version, state: 'credited' });
    for (const state of ['in_progress', 'cancelled']) {
      res = await admin.patch(`/api/staff/returns/${first.number}`, { version: res.body.return.version, state });
      expect(res.status, state).toBe(200);
    }
    // The units are free again: a second return takes them, and 20 saves try to credit it at once.
    const second = await admin.post('/api/staff/returns', { orderNumber: order.number, lines: [line], state: 'received' });
    expect(second.status).toBe(201);
    const ret = second.body.return;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => admin.patch(`/api/staff/returns/${ret.number}`, { version: ret.version, state: 'credited' }))
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(0);
    const refused = results.filter((r) => r.status === 422);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.body.error).toMatchObject({
      code: 'credit_over_bought',
      fields: { [`credit.lines.${ret.lines[0].id}.units`]: 'exceeds_bought' }
    });
    expect(results.every((r) => r.status === 422 || r.status === 409)).toBe(true);
    const [after] = await t.db.select().from(orderLines).where(eq(orderLines.id, lines[0]!.id));
    expect(after).toMatchObject({ unitsCredited: 3, amountCreditedCents: 4500 });
  });
});
