/**
 * Claims and returns share the units of an order line (issue 20 item 4): whatever mix of claims,
 * returns and cancellations a shopper sends, the units asked for on live ones never exceed what was
 * bought, the order line counts exactly those, and a request is taken exactly when its units are free.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { and, eq, notInArray, sum } from 'drizzle-orm';
import { RELEASED_STATES } from '#shared/states.ts';
import { orderLines, returnLines, returns } from '../../server/db/schema.ts';
import { customerOrder, lineInput, signInShopper } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

const step = fc.oneof(
  fc.record({ kind: fc.constantFrom('claim' as const, 'return' as const), line: fc.nat(1), quantity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('cancel' as const), which: fc.nat() })
);

describe('claims and returns on the same units', () => {
  it('never take more units than were bought, and take them exactly when they are free', async ({ t, ids }) => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const made = await customerOrder(t, { lines: [{ quantity: 3 }, { quantity: 2 }] });
        const shopper = await signInShopper(t, made.customer);
        const free = made.lines.map((l) => l.quantity);
        const live: { number: string; line: number; quantity: number }[] = [];
        for (const s of steps) {
          if (s.kind === 'cancel') {
            const gone = live.splice(s.which % Math.max(live.length, 1), 1)[0];
            if (!gone) continue;
            expect((await shopper.post(`/api/returns/${gone.number}/cancel`, {})).status).toBe(200);
            free[gone.line]! += gone.quantity;
            continue;
          }
          const orderLineId = made.lines[s.line]!.id;
          const res =
            s.kind === 'claim'
              ? await shopper.post('/api/claims', {
                  orderNumber: made.order.number,
                  lines: [{ orderLineId, quantity: s.quantity, reason: 'item_missing' }]
                })
              : await shopper.post('/api/returns', { orderNumber: made.order.number, lines: [lineInput(ids, orderLineId, s.quantity)] });
          expect(res.status, JSON.stringify(res.body)).toBe(s.quantity <= free[s.line]! ? 201 : 422);
          if (res.status === 201) {
            free[s.line]! -= s.quantity;
            live.push({ number: res.body.return.number, line: s.line, quantity: s.quantity });
          }
        }
        for (const [i, line] of made.lines.entries()) {
          const [onLive] = await t.db
            .select({ units: sum(returnLines.quantity) })
            .from(returnLines)
            .innerJoin(returns, eq(returns.id, returnLines.returnId))
            .where(and(eq(returnLines.orderLineId, line.id), notInArray(returns.state, [...RELEASED_STATES])));
          const [row] = await t.db.select().from(orderLines).where(eq(orderLines.id, line.id));
          const taken = Number(onLive!.units ?? 0);
          expect(taken).toBeLessThanOrEqual(line.quantity);
          expect(row!.unitsOnReturns).toBe(taken);
          expect(line.quantity - taken).toBe(free[i]);
        }
      }),
      { numRuns: 12 }
    );
  });
});
