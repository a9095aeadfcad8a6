import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { returns, withdrawalDecisions, withdrawals } from '../../server/db/schema.ts';
import { onPostgres } from '../helpers/db.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { unitsOnReturns } from '../helpers/returns.ts';
import { matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';
import { lineInput, shopperOrder } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

it.override('appEnv', { scope: 'file' }, { TRUST_PROXY: 'true' });

// On PostgreSQL the requests really run in parallel on separate connections; PGlite serialises them.
const ROUNDS = onPostgres ? 10 : 3;

describe('a withdrawal and a return request on the same units at once', () => {
  it(`the units are reserved once: either the withdrawal's return or the shopper's, and the statement is kept either way (${ROUNDS} rounds)`, async ({
    ids,
    t
  }) => {
    for (let round = 0; round < ROUNDS; round++) {
      // A customer per round: the withdrawal function limits statements per email.
      const { customer, shopper: agent, order, lines } = await shopperOrder(t, { lines: [{ quantity: 3 }] });
      const request = { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id, 3)] };
      const statement = { name: 'Race', email: customer.email, orderNumber: order.number, locale: 'en' };
      const withdrawn = await t.agent().post('/api/withdrawals', statement, { 'x-forwarded-for': `10.9.0.${round}` });
      expect(withdrawn.status).toBe(202);
      // The statement's matching (the step after the answer) and the shopper's request, at once.
      const [asked] = await Promise.all([
        agent.post('/api/returns', request),
        matchWaitingWithdrawals(t.db, { now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: false })
      ]);
      expect([201, 422]).toContain(asked.status);
      expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(3);
      const made = await t.db.select().from(returns).where(eq(returns.orderId, order.id));
      expect(made).toHaveLength(1);

      const [s] = await t.db.select().from(withdrawals).where(eq(withdrawals.reference, withdrawn.body.withdrawal.reference));
      const [decision] = await t.db.select().from(withdrawalDecisions).where(eq(withdrawalDecisions.withdrawalId, s!.id));
      if (asked.status === 201) {
        // The shopper's request got the units: the statement waits for staff, nothing left to return.
        expect(decision).toMatchObject({ kind: 'unmatched', reason: 'nothing_returnable' });
        expect(made[0]!.withdrawalId).toBeNull();
      } else {
        expect(decision).toMatchObject({ kind: 'matched', returnId: made[0]!.id });
        expect(made[0]!.withdrawalId).toBe(s!.id);
      }
    }
  });
});

describe('two matchers at once (two app instances)', () => {
  it('decide each statement once: one decision, at most one return', async ({ t }) => {
    const references: string[] = [];
    const orderIds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const customer = await createCustomer(t.db);
      const { order } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2 }] });
      orderIds.push(order.id);
      const res = await t
        .agent()
        .post(
          '/api/withdrawals',
          { name: 'Twice', email: customer.email, orderNumber: order.number, locale: 'en' },
          { 'x-forwarded-for': `10.8.0.${i}` }
        );
      references.push(res.body.withdrawal.reference);
    }
    const ctx = { now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: false };
    await Promise.all([matchWaitingWithdrawals(t.db, ctx), matchWaitingWithdrawals(t.db, ctx), matchWaitingWithdrawals(t.db, ctx)]);
    await matchWaitingWithdrawals(t.db, ctx);
    for (const [i, reference] of references.entries()) {
      const [s] = await t.db.select().from(withdrawals).where(eq(withdrawals.reference, reference));
      expect(await t.db.select().from(withdrawalDecisions).where(eq(withdrawalDecisions.withdrawalId, s!.id))).toHaveLength(1);
      expect(await t.db.select().from(returns).where(eq(returns.orderId, orderIds[i]!))).toHaveLength(1);
    }
  });
});
