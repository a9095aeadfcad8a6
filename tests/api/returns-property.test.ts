import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { createReturnSchema } from '#shared/schemas/returns.ts';
import { orderLines, returnLines, returns } from '../../server/db/schema.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { signInShopper } from '../helpers/sign-in.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

const validLine = fc.record({
  orderLineId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  quantity: fc.integer({ min: 1, max: 100_000 }),
  reasonId: fc.integer({ min: 1, max: 1000 }),
  actionId: fc.integer({ min: 1, max: 1000 }),
  reasonText: fc.option(fc.string({ maxLength: 500 }), { nil: undefined })
});
const validBody = fc.record({
  orderNumber: fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim().length > 0),
  lines: fc.uniqueArray(validLine, { minLength: 1, maxLength: 5, selector: (l) => l.orderLineId }),
  comment: fc.option(fc.string({ maxLength: 2000 }), { nil: undefined })
});

describe('the request schema', () => {
  it('accepts every well-formed body, keeping each quantity as sent', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const parsed = createReturnSchema.safeParse(body);
        expect(parsed.success).toBe(true);
        expect(parsed.data!.lines.map((l) => l.quantity)).toEqual(body.lines.map((l) => l.quantity));
      }),
      { numRuns: 500 }
    );
  });

  it('refuses a well-formed body as soon as one quantity is out of range, fractional or not a number', () => {
    const badQuantity = fc.oneof(
      fc.integer({ max: 0 }),
      fc.integer({ min: 100_001 }),
      fc.double({ noInteger: true }),
      fc.constant(Number.NaN),
      fc.string()
    );
    fc.assert(
      fc.property(validBody, fc.nat(), badQuantity, (body, pick, quantity) => {
        const lines = body.lines.map((l, i) => (i === pick % body.lines.length ? { ...l, quantity } : l));
        const parsed = createReturnSchema.safeParse({ ...body, lines });
        expect(parsed.success).toBe(false);
        expect(parsed.error!.issues.some((i) => i.path[0] === 'lines' && i.path[2] === 'quantity')).toBe(true);
      }),
      { numRuns: 500 }
    );
  });
});

describe('random bodies against the API', () => {
  it('never answer 5xx and never create a return with an out-of-range quantity', async ({ ids, t }) => {
    const customer = await createCustomer(t.db);
    const agent = await signInShopper(t, customer);
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2 }, { quantity: 3 }] });
    const lineIds = lines.map((l) => l.id);
    // Mostly plausible values (so bodies reach the rules), sometimes anything at all.
    const often = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
      fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: bad, weight: 1 });
    const bodyArb = fc.record(
      {
        orderNumber: often(fc.constant(order.number), fc.string({ unit: 'binary' })),
        lines: fc.array(
          fc.record(
            {
              orderLineId: often(fc.constantFrom(...lineIds), fc.integer()),
              quantity: often(fc.integer({ min: 1, max: 4 }), fc.oneof(fc.integer({ min: -2, max: 0 }), fc.double(), fc.string())),
              reasonId: often(fc.constantFrom(ids.reason('wrong_size'), ids.reason('other')), fc.integer()),
              actionId: often(fc.constant(ids.action('refund')), fc.integer()),
              reasonText: fc.option(fc.string({ unit: 'binary', maxLength: 600 }), { nil: undefined }),
              // Mostly absent (1 in 11 is a value): an unknown key stops a body at the schema. fc.option's
              // `freq` weighs the value, not nil, so it made the key mostly present and, now and then,
              // no body of a run reached the rules (a run without a 201).
              extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 10 }, { arbitrary: fc.anything(), weight: 1 })
            },
            { requiredKeys: ['orderLineId', 'quantity', 'reasonId', 'actionId'] }
          ),
          { minLength: 1, maxLength: 2 }
        ),
        comment: fc.option(fc.string({ unit: 'binary', maxLength: 2100 }), { nil: undefined })
      },
      { requiredKeys: ['orderNumber', 'lines'] }
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const res = await agent.post('/api/returns', body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        expect([201, 400, 404, 422]).toContain(res.status);
        const stored = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
        for (const l of stored) expect(l.unitsOnReturns).toBeLessThanOrEqual(l.quantity);
        // Free the units again so later runs can still create returns.
        if (res.status === 201) await agent.post(`/api/returns/${res.body.return.number}/cancel`);
      }),
      { numRuns: 150 }
    );
    // The run reached the rules, not only the schema: some bodies were accepted, some refused per line.
    expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(0);
    const created = await t.db
      .select({ q: returnLines.quantity, ol: returnLines.orderLineId })
      .from(returnLines)
      .innerJoin(returns, eq(returns.id, returnLines.returnId))
      .where(eq(returns.orderId, order.id));
    for (const row of created) {
      const ordered = lines.find((l) => l.id === row.ol)!.quantity;
      expect(row.q).toBeGreaterThanOrEqual(1);
      expect(row.q).toBeLessThanOrEqual(ordered);
    }
  });
});
