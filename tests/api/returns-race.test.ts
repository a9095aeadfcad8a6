import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { returns } from '../../server/db/schema.ts';
import { onPostgres } from '../helpers/db.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds, unitsOnReturns } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

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
