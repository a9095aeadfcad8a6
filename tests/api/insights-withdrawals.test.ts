import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { outbox, returns } from '../../server/db/schema.ts';
import { matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';
import { setupApp, type Agent, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { signInStaff } from '../helpers/sign-in.ts';
import { detail, save } from '../helpers/staff.ts';

/**
 * The Insights' withdrawal counts, end to end: statements submitted through the public form, matched by
 * the server's matcher, closed by staff or cancelled by the consumer from their link, and returns moved
 * by staff; then the counts read through the staff API, before and after the 14-day refund deadline.
 */
const DAY = 86_400_000;
let t: TestContext;
let staff: Agent;
let address = 0;
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
  ({ agent: staff } = await signInStaff(t, 'admin'));
});
afterAll(() => t.close());

/** Each statement from its own client address, so the per-address limit stays out of the way. */
async function submit(email: string, orderNumber: string): Promise<string> {
  const res = await t
    .agent()
    .post('/api/withdrawals', { name: 'Camille Martin', email, orderNumber, locale: 'en' }, { 'x-forwarded-for': `10.1.0.${++address}` });
  expect(res.status).toBe(202);
  return res.body.withdrawal.reference as string;
}
async function matchNow() {
  const ctx = () => ({ now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: false });
  while ((await matchWaitingWithdrawals(t.db, ctx())) > 0);
}
/** A delivered order, a statement on it, matched: the number of the withdrawal return it made. */
async function withdrawnOrder(): Promise<string> {
  const customer = await createCustomer(t.db);
  const { order } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 1 }] });
  await t.db.execute(sql`update orders set delivered_at = ${new Date(t.clock.now.getTime() - 2 * DAY).toISOString()}::timestamptz
    where id = ${order.id}`);
  await submit(order.email, order.number);
  await matchNow();
  const [ret] = await t.db.select().from(returns).where(eq(returns.orderId, order.id));
  return ret!.number;
}
async function move(number: string, state: string) {
  const { version } = (await detail(staff, number)) as { version: number };
  const res = await save(staff, number, { version, state });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const counts = async () => {
  const res = await staff.get('/api/staff/insights/withdrawals?days=30');
  expect(res.status).toBe(200);
  return res.body;
};

describe('withdrawals in the Insights, from the form to the counts', () => {
  it('counts statements received, matched, closed and cancelled, and refund deadlines met, missed or to come', async () => {
    const creditedInTime = await withdrawnOrder();
    for (const state of ['approved', 'received', 'credited']) await move(creditedInTime, state);
    const stillOpen = await withdrawnOrder();
    await move(await withdrawnOrder(), 'rejected'); // owes no refund: no deadline counted

    await submit('nobody@example.com', 'NO-SUCH-1');
    await matchNow();
    const waiting = (await staff.get('/api/staff/withdrawals')).body.withdrawals.find(
      (w: { orderNumber: string }) => w.orderNumber === 'NO-SUCH-1'
    );
    expect((await staff.post(`/api/staff/withdrawals/${waiting.id}/close`, { note: 'No such order.' })).status).toBe(200);

    await submit('changed-mind@example.com', 'NO-SUCH-2');
    await matchNow();
    const [ack] = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, 'changed-mind@example.com'), eq(outbox.topic, 'withdrawal.acknowledgement')));
    const token = (ack!.payload as { text: string }).text.match(/\/withdraw\/statement\?token=([a-z2-7]+)/)![1];
    expect((await t.agent().post('/api/withdrawals/statement/cancel', { token })).status).toBe(200);

    expect(await counts()).toMatchObject({
      received: 5,
      matched: 3,
      closed: 1,
      cancelled: 1,
      deadlines: { met: 1, missed: 0, pending: 1 }
    });

    // Past the 14 days: the return still open has missed its deadline; a new statement's is to come.
    t.advance(15 * DAY);
    ({ agent: staff } = await signInStaff(t, 'admin')); // the first session has ended by now
    await withdrawnOrder();
    expect(await counts()).toMatchObject({ received: 6, matched: 4, deadlines: { met: 1, missed: 1, pending: 1 } });
    // Crediting it now is late: still missed.
    for (const state of ['approved', 'received', 'credited']) await move(stillOpen, state);
    expect((await counts()).deadlines).toEqual({ met: 1, missed: 1, pending: 1 });
  });
});
