import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, gt, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../server/db/schema.ts';
import { auditEvents, outbox, returns, shopSettings, withdrawalDecisions, withdrawals } from '../../server/db/schema.ts';
import { mailboxKey } from '../../server/withdrawals/rules.ts';
import { SHOP_HOURLY_LIMIT, matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { unitsOnReturns } from '../helpers/returns.ts';
import { signInStaff } from '../helpers/sign-in.ts';

let t: TestContext;
let address = 0;
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
  await t.db
    .update(shopSettings)
    .set({ legalName: 'Maison Exemple SAS', legalAddress: '12 rue de la Paix\n75002 Paris, France', contactEmail: 'shop@maison.example' })
    .where(eq(shopSettings.id, 1));
});
afterAll(() => t.close());

const submit = (body: Record<string, unknown>) =>
  t.agent().post('/api/withdrawals', body, { 'x-forwarded-for': `10.7.${Math.floor(address / 250)}.${address++ % 250}` });
const statement = (over: Record<string, unknown> = {}) => ({
  name: 'Camille Martin',
  email: `camille-${address}@example.com`,
  orderNumber: `NOPE-${address}`,
  locale: 'en',
  ...over
});
const ctx = () => ({ now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: false });
/** The step after the answer, run until nothing waits (as the server's matcher does every few seconds). */
async function matchNow() {
  let total = 0;
  for (let n = await matchWaitingWithdrawals(t.db, ctx()); n > 0; n = await matchWaitingWithdrawals(t.db, ctx())) total += n;
  return total;
}
const mailsTo = async (email: string, topic: string) =>
  (await t.db.select().from(outbox).where(eq(outbox.recipient, email)))
    .filter((r) => r.topic === topic)
    .map((r) => r.payload as { subject: string; text: string; html: string });
const statementOf = async (reference: string) => (await t.db.select().from(withdrawals).where(eq(withdrawals.reference, reference)))[0]!;
const decisionsOf = async (reference: string) =>
  t.db
    .select()
    .from(withdrawalDecisions)
    .where(eq(withdrawalDecisions.withdrawalId, (await statementOf(reference)).id));
const linkIn = (text: string) => text.match(/https?:\/\/\S*\/withdraw\/statement\?token=([a-z2-7]+)/)![1]!;

async function deliveredOrder(lines = [{ quantity: 2 }, { quantity: 1 }]) {
  const customer = await createCustomer(t.db, { firstName: 'Chloé' });
  await t.db.execute(sql`update customers set last_name = 'Dupont' where id = ${customer.id}`);
  const made = await createOrder(t.db, customer, { now: t.clock.now, lines });
  return { customer, ...made };
}

/** Rows in every table of the schema: what a request wrote. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of Object.values(schema)) {
    if (typeof table !== 'object' || table === null || !(Symbol.for('drizzle:IsDrizzleTable') in table)) continue;
    const { name } = getTableConfig(table as PgTable);
    const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(table as PgTable);
    counts[name] = row!.n;
  }
  return counts;
}
const delta = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));

describe('22.2: the form cannot be used to mail strangers the attacker’s words', () => {
  it('refuses CR, LF and other control characters in the name, naming the field', async () => {
    for (const name of ['Camille\r\nBcc: x@evil.example', 'Camille\nClick http://evil.example', 'Cam\u0007ille', 'Cam\u202eille']) {
      const res = await submit(statement({ name }));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', fields: { name: 'control_characters' } });
      const review = await t.agent().post('/api/withdrawals/review', statement({ name }));
      expect(review.body.error.fields).toEqual({ name: 'control_characters' });
    }
  });

  it('greets no one by name, quotes the free text as the consumer’s, and makes none of it a link in the HTML part', async () => {
    const res = await submit(
      statement({
        email: 'victim@example.com',
        name: 'Your bank http://evil.example/login',
        items: 'Urgent: verify your account at https://evil.example/pay\nor www.evil.example'
      })
    );
    expect(res.status).toBe(202);
    const [ack] = await mailsTo('victim@example.com', 'withdrawal.acknowledgement');
    expect(ack!.text.split('\n')[0]).toBe('Hello,');
    expect(ack!.text).toContain('  Name: “Your bank http://evil.example/login”');
    expect(ack!.text).toContain('  Items: “Urgent: verify your account at https://evil.example/pay”\n    “or www.evil.example”');
    // The HTML part: one link only, the shop's own; the consumer's words are shown but no mail client can make them links.
    expect(ack!.html.match(/<a /g)).toHaveLength(1);
    expect(ack!.html).toMatch(/<a href="http:\/\/reprise\.test\/withdraw\/statement\?token=/);
    expect(ack!.html).not.toMatch(/evil\.example|https?:\/\/evil|www\.evil/);
    expect(ack!.html.replace(/\u200b/g, '')).toContain('Urgent: verify your account at https://evil.example/pay');
  });

  it('counts the per-email limit on the mailbox: victim+1@ and VICTIM@ are victim@', async () => {
    expect(mailboxKey('Victim+Promo@Example.com')).toBe('victim@example.com');
    const sent = [];
    for (const email of ['mbox@example.com', 'mbox+1@example.com', 'MBox+2@example.com', 'mbox+3@example.com']) {
      sent.push((await submit(statement({ email }))).status);
    }
    expect(sent).toEqual([202, 202, 202, 429]);
  });

  it('stops at the shop’s hourly limit, and staff see it on Withdrawals to match', async () => {
    const { agent: staff } = await signInStaff(t);
    expect((await staff.get('/api/staff/withdrawals')).body.hourlyLimit).toMatchObject({ reached: false, limit: SHOP_HOURLY_LIMIT });
    const [{ n: already }] = (await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(withdrawals)
      .where(gt(withdrawals.submittedAt, new Date(t.clock.now.getTime() - 3_600_000)))) as [{ n: number }];
    for (let i = already; i < SHOP_HOURLY_LIMIT; i++)
      expect((await submit(statement({ email: `hour-${i}@example.com` }))).status).toBe(202);
    const refused = await submit(statement({ email: 'one-more@example.com' }));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mailsTo('one-more@example.com', 'withdrawal.acknowledgement')).toHaveLength(0);
    const seen = await staff.get('/api/staff/withdrawals');
    expect(seen.body.hourlyLimit).toMatchObject({ reached: true, lastHour: SHOP_HOURLY_LIMIT, freesAt: expect.any(String) });
    // An hour later the form takes statements again.
    t.advance(3_600_000);
    expect((await submit(statement({ email: 'next-hour@example.com' }))).status).toBe(202);
    expect((await staff.get('/api/staff/withdrawals')).body.hourlyLimit.reached).toBe(false);
  });
});

describe('22.3: the same work whether or not the statement matches an order', () => {
  it('a matching and a non-matching statement write the same rows; the match comes after the answer', async () => {
    const { order } = await deliveredOrder();
    await matchNow();
    const before = await rowCounts();
    const matching = await submit(statement({ email: order.email, orderNumber: order.number }));
    const middle = await rowCounts();
    const stranger = await submit(statement({ email: 'nobody-here@example.com', orderNumber: 'NO-SUCH-9' }));
    const after = await rowCounts();
    expect(matching.status).toBe(202);
    expect(stranger.status).toBe(202);
    expect(delta(before, middle)).toEqual(delta(middle, after));
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(0);

    // The step after the answer: the matching statement gets its return, the other waits for staff.
    expect(await matchNow()).toBe(2);
    expect((await decisionsOf(matching.body.withdrawal.reference))[0]).toMatchObject({ kind: 'matched' });
    expect((await decisionsOf(stranger.body.withdrawal.reference))[0]).toMatchObject({ kind: 'unmatched', reason: 'no_order' });
    // Idempotent: another pass decides nothing twice.
    expect(await matchNow()).toBe(0);
    expect(await decisionsOf(matching.body.withdrawal.reference)).toHaveLength(1);
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(1);
  });

  it('free-text items never put every unit of a matched order on a return: staff pick them', async () => {
    const { order, lines } = await deliveredOrder();
    const res = await submit(statement({ email: order.email, orderNumber: order.number, items: 'the two grey hoodies' }));
    await matchNow();
    expect((await decisionsOf(res.body.withdrawal.reference))[0]).toMatchObject({
      kind: 'unmatched',
      reason: 'items_to_pick',
      orderId: order.id
    });
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
    expect(await unitsOnReturns(t.db, lines[1]!.id)).toBe(0);
  });

  it('the acknowledgement’s one-time link shows the statement and cancels it with its return; staff see the link masked', async () => {
    const { order, lines } = await deliveredOrder();
    const res = await submit(statement({ email: order.email, orderNumber: order.number }));
    await matchNow();
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(2);
    const [ack] = await mailsTo(order.email, 'withdrawal.acknowledgement');
    const token = linkIn(ack!.text);

    const seen = await t.agent().post('/api/withdrawals/statement', { token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      statement: { reference: res.body.withdrawal.reference, name: 'Camille Martin', orderNumber: order.number },
      status: 'matched',
      returnNumber: `R-${order.number}-1`,
      canCancel: true
    });

    const { agent: staff } = await signInStaff(t);
    const listed = (await staff.get('/api/staff/emails')).body.emails.find(
      (e: { topic: string; recipient: string }) => e.topic === 'withdrawal.acknowledgement' && e.recipient === order.email
    );
    const shown = JSON.stringify((await staff.get(`/api/staff/emails/${listed.id}`)).body);
    expect(shown).toContain('/withdraw/statement?token=•••');
    expect(shown).not.toContain(token);

    const cancelled = await t.agent().post('/api/withdrawals/statement/cancel', { token });
    expect(cancelled.status).toBe(200);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
    const [ret] = await t.db.select().from(returns).where(eq(returns.orderId, order.id));
    expect(ret!.state).toBe('cancelled');
    expect((await decisionsOf(res.body.withdrawal.reference)).map((d) => d.kind)).toEqual(['matched', 'cancelled']);
    // Spent: the link works once.
    expect((await t.agent().post('/api/withdrawals/statement/cancel', { token })).body.error.code).toBe('invalid_link');
    expect((await t.agent().post('/api/withdrawals/statement', { token })).status).toBe(400);
    const trail = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, res.body.withdrawal.reference));
    expect(trail.map((a) => a.action)).toContain('cancelled');
  });

  it('a waiting statement cancelled from its link leaves Withdrawals to match; staff cannot attach it any more', async () => {
    const res = await submit(statement({ email: 'changed-mind@example.com', orderNumber: 'WHO-1' }));
    await matchNow();
    const [ack] = await mailsTo('changed-mind@example.com', 'withdrawal.acknowledgement');
    expect((await t.agent().post('/api/withdrawals/statement/cancel', { token: linkIn(ack!.text) })).status).toBe(200);
    const { agent: staff } = await signInStaff(t);
    const list = await staff.get('/api/staff/withdrawals');
    expect(list.body.withdrawals.map((w: { reference: string }) => w.reference)).not.toContain(res.body.withdrawal.reference);
    const s = await statementOf(res.body.withdrawal.reference);
    expect((await staff.post(`/api/staff/withdrawals/${s.id}/close`, { note: 'x' })).status).toBe(409);
  });
});

describe('23.4: attaching a statement to an order', () => {
  it('shows what differs, refuses without a confirmation, attaches the picked units only and records the confirmation', async () => {
    const { order, lines } = await deliveredOrder([{ quantity: 3 }, { quantity: 1 }]);
    const res = await submit(
      statement({ email: 'stranger@example.com', name: 'Someone Else', orderNumber: order.number, items: 'one hoodie' })
    );
    await matchNow();
    const s = await statementOf(res.body.withdrawal.reference);
    const { agent: staff, staff: member } = await signInStaff(t);

    const missing = await staff.get(`/api/staff/withdrawals/${s.id}/preview?orderNumber=NOT-THERE`);
    expect(missing.body).toMatchObject({ order: null });
    const preview = await staff.get(`/api/staff/withdrawals/${s.id}/preview?orderNumber=${order.number}`);
    expect(preview.body).toMatchObject({
      statement: { email: 'stranger@example.com', name: 'Someone Else' },
      order: { number: order.number, email: order.email, customerName: 'Chloé Dupont' },
      differences: ['email', 'name']
    });
    expect(preview.body.order.lines.map((l: { id: number; returnable: number }) => [l.id, l.returnable])).toEqual([
      [lines[0]!.id, 3],
      [lines[1]!.id, 1]
    ]);

    const pick = { orderNumber: order.number, lines: [{ orderLineId: lines[0]!.id, quantity: 1 }] };
    const refused = await staff.post(`/api/staff/withdrawals/${s.id}/attach`, pick);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'withdrawal_differs',
      fields: { confirmDifferences: 'required', email: 'differs', name: 'differs' }
    });
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(0);
    expect((await staff.post(`/api/staff/withdrawals/${s.id}/attach`, { orderNumber: order.number })).status).toBe(400);

    const attached = await staff.post(`/api/staff/withdrawals/${s.id}/attach`, { ...pick, confirmDifferences: true });
    expect(attached.status).toBe(200);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(1);
    expect(await unitsOnReturns(t.db, lines[1]!.id)).toBe(0);
    const detail = await staff.get(`/api/staff/withdrawals/${s.id}`);
    expect(detail.body.withdrawal.decisions.at(-1)).toMatchObject({
      kind: 'attached',
      staff: member.name,
      confirmedDifferences: ['email', 'name']
    });

    // The order's customer, who never got the acknowledgement, is told with a link of their own; the stranger's link names no return.
    const [theirs] = await mailsTo('stranger@example.com', 'withdrawal.acknowledgement');
    expect((await t.agent().post('/api/withdrawals/statement', { token: linkIn(theirs!.text) })).body).toMatchObject({
      status: 'matched',
      returnNumber: null
    });
    const [told] = await mailsTo(order.email, 'withdrawal.attached');
    expect(told!.text).toContain(`your order ${order.number}: return ${attached.body.returnNumber}`);
    const token = linkIn(told!.text);
    expect((await t.agent().post('/api/withdrawals/statement', { token })).body).toMatchObject({
      statement: { name: 'Someone Else' },
      returnNumber: attached.body.returnNumber,
      canCancel: true
    });
    expect((await t.agent().post('/api/withdrawals/statement/cancel', { token })).status).toBe(200);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
  });

  it('needs no confirmation when the email and name are the order’s (name in any case, accents or order)', async () => {
    const { order, lines } = await deliveredOrder();
    const res = await submit(statement({ email: order.email, name: 'DUPONT chloe', orderNumber: order.number, items: 'the blue one' }));
    await matchNow();
    const s = await statementOf(res.body.withdrawal.reference);
    const { agent: staff } = await signInStaff(t);
    expect((await staff.get(`/api/staff/withdrawals/${s.id}/preview?orderNumber=${order.number}`)).body.differences).toEqual([]);
    const attached = await staff.post(`/api/staff/withdrawals/${s.id}/attach`, {
      orderNumber: order.number,
      lines: [{ orderLineId: lines[1]!.id, quantity: 1 }]
    });
    expect(attached.status).toBe(200);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
  });
});

describe('23.6: the shop is told, and the acknowledgement prints one time line in UTC', () => {
  it('staff are warned while the function is on without the trader’s legal name and address', async () => {
    const { agent: staff } = await signInStaff(t);
    expect((await staff.get('/api/staff/withdrawals/warnings')).body.identityMissing).toBe(false);
    await t.db.update(shopSettings).set({ legalAddress: '' }).where(eq(shopSettings.id, 1));
    expect((await staff.get('/api/staff/withdrawals/warnings')).body.identityMissing).toBe(true);
    expect((await staff.get('/api/staff/withdrawals')).body.identityMissing).toBe(true);
    await t.db.update(shopSettings).set({ withdrawalEnabled: false }).where(eq(shopSettings.id, 1));
    expect((await staff.get('/api/staff/withdrawals/warnings')).body.identityMissing).toBe(false);
    await t.db
      .update(shopSettings)
      .set({ withdrawalEnabled: true, legalAddress: '12 rue de la Paix\n75002 Paris, France' })
      .where(eq(shopSettings.id, 1));
  });

  it('the shop’s contact address gets a notice for each statement, matched or not, with its refund deadline', async () => {
    const { order } = await deliveredOrder();
    const matched = await submit(statement({ email: order.email, orderNumber: order.number }));
    const waiting = await submit(statement({ email: 'lost-again@example.com', orderNumber: 'LOST-2' }));
    await matchNow();
    const notices = await mailsTo('shop@maison.example', 'withdrawal.shop_notice');
    const ofMatched = notices.find((n) => n.subject.includes(matched.body.withdrawal.reference))!;
    const ofWaiting = notices.find((n) => n.subject.includes(waiting.body.withdrawal.reference))!;
    expect(ofMatched.text).toContain(`return R-${order.number}-1`);
    expect(ofMatched.text).toMatch(/refund by \d{4}-\d\d-\d\d/);
    expect(ofWaiting.text).toContain('Withdrawals to match');
  });

  it('with the shop’s zone in UTC the time is printed once', async () => {
    await t.db.update(shopSettings).set({ timeZone: 'UTC' }).where(eq(shopSettings.id, 1));
    t.clock.now = new Date('2026-06-20T09:08:07Z');
    await submit(statement({ email: 'utc@example.com' }));
    const [ack] = await mailsTo('utc@example.com', 'withdrawal.acknowledgement');
    expect(ack!.text).toContain('Submitted on: 2026-06-20 09:08:07 UTC\n');
    expect(ack!.text.match(/09:08:07/g)).toHaveLength(1);
  });
});
