import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { orderLines, orders, returns } from '../../server/db/schema.ts';
import { onPostgres } from '../helpers/db.ts';
import { createCustomer } from '../helpers/fixtures.ts';
import { reservationsOf, setExchangesEnabled, shirtOrder } from '../helpers/exchanges.ts';
import { detail, lineInput, save, signInShopper, stockOf } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

it.beforeAll(({ t }) => setExchangesEnabled(t.db, true));

// On PostgreSQL the approvals really run in parallel on separate connections; PGlite serialises them.
const ROUNDS = onPostgres ? 10 : 2;

describe('concurrent approvals of exchanges', () => {
  it(`returns approved at once for the last unit of a replacement: exactly one wins, stock never below 0 (${ROUNDS} rounds)`, async ({
    ids,
    staff,
    t
  }) => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await createCustomer(t.db);
      const shopper = await signInShopper(t, customer);
      // Several orders of the same shirt, each asking for the one L left.
      const first = await shirtOrder(t.db, customer, t.clock.now, { lStock: 1 });
      const numbers: string[] = [];
      const lineIds: number[] = [];
      for (let i = 0; i < 4; i++) {
        const made = i === 0 ? first : await shirtOrderOfProduct(t, first, customer);
        const res = await shopper.post('/api/returns', {
          orderNumber: made.order.number,
          lines: [{ ...lineInput(ids, made.line.id, 1, 'wrong_size', 'exchange_size'), replacementVariantId: first.size('L').id }]
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        numbers.push(res.body.return.number);
      }
      const versions = await Promise.all(numbers.map(async (n) => (await detail(staff, n)).version as number));
      for (const n of numbers) lineIds.push((await detail(staff, n)).lines[0].id);
      const results = await Promise.all(numbers.map((n, i) => save(staff, n, { version: versions[i], state: 'approved' })));
      const statuses = results.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 200),
        JSON.stringify(results.map((r) => r.body))
      ).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(numbers.length - 1);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('replacement_out_of_stock');
      expect(await stockOf(t.db, first.size('L').id)).toBe(0);
      const held = (await Promise.all(lineIds.map((id) => reservationsOf(t.db, id)))).flat();
      expect(held).toHaveLength(1);
      const approved = await Promise.all(
        numbers.map(async (n) => (await t.db.select().from(returns).where(eq(returns.number, n)))[0]!.state)
      );
      expect(approved.filter((s) => s === 'approved')).toHaveLength(1);
    }
  });
});

/** Another delivered order of the same shirt (S) for the customer. */
async function shirtOrderOfProduct(t: TestContext, of: Awaited<ReturnType<typeof shirtOrder>>, customer: { id: number; email: string }) {
  const [order] = await t.db
    .insert(orders)
    .values({
      number: `${of.order.number}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase(),
      customerId: customer.id,
      email: customer.email,
      status: 'delivered',
      totalCents: 2000,
      placedAt: of.order.placedAt,
      deliveredAt: of.order.deliveredAt
    })
    .returning();
  const [line] = await t.db
    .insert(orderLines)
    .values({
      orderId: order!.id,
      variantId: of.size('S').id,
      productName: of.product.name,
      variantLabel: 'S',
      sku: of.size('S').sku,
      unitPriceCents: 2000,
      quantity: 1
    })
    .returning();
  return { ...of, order: order!, line: line! };
}
