import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../server/db/schema.ts';
import type { WebhookEvent } from '../../server/outbound/webhooks.ts';
import { WITHDRAWAL_LIMITS } from '../../server/withdrawals/routes.ts';
import { matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({
    TRUST_PROXY: 'true',
    WEBHOOK_URL: 'https://shop.example/hooks',
    SHOP_SECRET: 'a-long-enough-shop-secret-0123456789'
  });
});
afterAll(() => t.close());

let n = 0;
const statement = (over: Record<string, unknown> = {}) => ({
  name: 'Sam',
  email: `sam-${n++}@example.com`,
  orderNumber: `ORD-${n++}`,
  locale: 'en',
  ...over
});
const from = (address: string) => ({ 'x-forwarded-for': address });

describe('rate limits of the withdrawal function', () => {
  it('per order number: the same order from many emails and addresses is refused with 429 past the limit', async () => {
    const results = [];
    for (let i = 0; i <= WITHDRAWAL_LIMITS.perOrder; i++) {
      results.push((await t.agent().post('/api/withdrawals', statement({ orderNumber: 'SAME-ORDER' }), from(`10.1.0.${i}`))).status);
    }
    expect(results.slice(0, WITHDRAWAL_LIMITS.perOrder).every((s) => s === 202)).toBe(true);
    expect(results.at(-1)).toBe(429);
  });

  it('per client address: many emails and orders from one address are refused with 429 and Retry-After past the limit', async () => {
    let last;
    for (let i = 0; i <= WITHDRAWAL_LIMITS.perAddress; i++) last = await t.agent().post('/api/withdrawals', statement(), from('10.2.0.1'));
    expect(last!.status).toBe(429);
    expect(last!.body.error.code).toBe('too_many_attempts');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held back.
    expect((await t.agent().post('/api/withdrawals', statement(), from('10.2.0.2'))).status).toBe(202);
  });
});

describe('the withdrawal.received webhook', () => {
  const events = async () =>
    (
      await t.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, 'webhook'), eq(outbox.topic, 'withdrawal.received')))
    ).map((r) => r.payload as WebhookEvent);

  it('carries the statement and the matched order, or null when none matched', async () => {
    const customer = await createCustomer(t.db);
    const { order } = await createOrder(t.db, customer, { now: t.clock.now });
    const matched = await t
      .agent()
      .post('/api/withdrawals', statement({ email: customer.email, orderNumber: order.number }), from('10.3.0.1'));
    const unmatched = await t.agent().post('/api/withdrawals', statement({ orderNumber: 'NOWHERE' }), from('10.3.0.2'));
    // The event is written by the step after the answer, with what the matching found.
    expect(await events()).toHaveLength(0);
    await matchWaitingWithdrawals(t.db, { now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: true });
    const all = await events();
    const ofMatched = all.find((e) => e.data.reference === matched.body.withdrawal.reference)!;
    const ofUnmatched = all.find((e) => e.data.reference === unmatched.body.withdrawal.reference)!;
    expect(ofMatched.data).toMatchObject({
      matchedOrderNumber: order.number,
      returnNumber: `R-${order.number}-1`,
      statement: { name: 'Sam', email: customer.email, orderNumber: order.number, locale: 'en' }
    });
    expect(ofUnmatched.data).toMatchObject({ matchedOrderNumber: null, returnNumber: null, statement: { orderNumber: 'NOWHERE' } });
  });
});
