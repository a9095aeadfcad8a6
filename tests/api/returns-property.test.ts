import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createReturnSchema } from '../../shared/schemas/returns.ts';
import { orderLines, returnLines, returns } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds, signIn } from '../helpers/returns.ts';

describe('the request schema', () => {
  it('never throws on any JSON value: it accepts or reports fields', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = createReturnSchema.safeParse(value);
        if (parsed.success) {
          for (const l of parsed.data.lines) expect(l.quantity).toBeGreaterThanOrEqual(1);
        } else {
          expect(parsed.error.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 }
    );
  });

  it('refuses every non-positive or fractional quantity', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.constant(Number.NaN)), (quantity) => {
        const parsed = createReturnSchema.safeParse({ orderNumber: '1', lines: [{ orderLineId: 1, quantity, reasonId: 1, actionId: 1 }] });
        expect(parsed.success).toBe(false);
      })
    );
  });
});

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

describe('random bodies against the API', () => {
  it('never answer 5xx and never create a return with an out-of-range quantity', async () => {
    const ids = await catalogIds(t.db);
    const customer = await createCustomer(t.db);
    const agent = await signIn(t.agent(), customer.email);
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2 }, { quantity: 3 }] });
    const lineIds = lines.map((l) => l.id);
    const bodyArb = fc.record(
      {
        orderNumber: fc.oneof(fc.constant(order.number), fc.string()),
        lines: fc.array(
          fc.record(
            {
              orderLineId: fc.oneof(fc.constantFrom(...lineIds), fc.integer()),
              quantity: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.string()),
              reasonId: fc.oneof(fc.constant(ids.reason('wrong_size')), fc.constant(ids.reason('other')), fc.integer()),
              actionId: fc.oneof(fc.constant(ids.action('refund')), fc.integer()),
              reasonText: fc.option(fc.string({ maxLength: 600 }), { nil: undefined }),
              extra: fc.option(fc.anything(), { nil: undefined })
            },
            { requiredKeys: ['orderLineId', 'quantity', 'reasonId', 'actionId'] }
          ),
          { maxLength: 3 }
        ),
        comment: fc.option(fc.string({ maxLength: 2100 }), { nil: undefined })
      },
      { requiredKeys: ['orderNumber', 'lines'] }
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const res = await agent.post('/api/returns', body);
        expect(res.status).toBeLessThan(500);
        expect([201, 400, 404, 422]).toContain(res.status);
        const stored = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
        for (const l of stored) expect(l.unitsOnReturns).toBeLessThanOrEqual(l.quantity);
        // Free the units again so later runs can still create returns.
        if (res.status === 201) await agent.post(`/api/returns/${res.body.return.number}/cancel`);
      }),
      { numRuns: 60 }
    );
    const created = await t.db.select({ q: returnLines.quantity, ol: returnLines.orderLineId }).from(returnLines).innerJoin(returns, eq(returns.id, returnLines.returnId)).where(eq(returns.orderId, order.id));
    for (const row of created) {
      const ordered = lines.find((l) => l.id === row.ol)!.quantity;
      expect(row.q).toBeGreaterThanOrEqual(1);
      expect(row.q).toBeLessThanOrEqual(ordered);
    }
  });
});
