import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql, type SQL } from 'drizzle-orm';
import { outbox, returnLines, returns, shopSettings, withdrawalDecisions, withdrawals } from '../../server/db/schema.ts';
import { relayEmailsOnce } from '../../server/outbound/relay.ts';
import { matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { unitsOnReturns } from '../helpers/returns.ts';
import { signInShopper, signInStaff } from '../helpers/sign-in.ts';
import { readMail, startSmtpSink } from '../helpers/smtp.ts';

let t: TestContext;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let address = 0;
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
  sink = await startSmtpSink();
  await t.db
    .update(shopSettings)
    .set({ legalName: 'Maison Exemple SAS', legalAddress: '12 rue de la Paix\n75002 Paris, France', timeZone: 'Europe/Paris' })
    .where(eq(shopSettings.id, 1));
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

/** Each call from its own client address, so the per-address limit only counts where a test means it to. */
const submit = (body: Record<string, unknown>, agent = t.agent()) =>
  agent.post('/api/withdrawals', body, { 'x-forwarded-for': `10.0.${Math.floor(address / 250)}.${address++ % 250}` });
const statement = (over: Record<string, unknown> = {}) => ({
  name: 'Camille Martin',
  email: 'camille@example.com',
  orderNumber: 'NOPE-1',
  locale: 'en',
  ...over
});
/** The step after the answer (the server's matcher runs it every few seconds), until nothing waits. */
async function matchNow() {
  const ctx = () => ({ now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: false });
  while ((await matchWaitingWithdrawals(t.db, ctx())) > 0);
}
const stored = (reference: string) => t.db.select().from(withdrawals).where(eq(withdrawals.reference, reference));
const decisionOf = async (reference: string) => {
  const [s] = await stored(reference);
  return (await t.db.select().from(withdrawalDecisions).where(eq(withdrawalDecisions.withdrawalId, s!.id)))[0]!;
};
const acknowledgementTo = async (email: string) =>
  (await t.db.select().from(outbox).where(eq(outbox.recipient, email))).filter((r) => r.topic === 'withdrawal.acknowledgement');

async function deliveredOrder(deliveredAt: Date, quantity = 2) {
  const customer = await createCustomer(t.db);
  const made = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity }, { quantity: 1 }] });
  await t.db.execute(sql`update orders set delivered_at = ${deliveredAt.toISOString()}::timestamptz where id = ${made.order.id}`);
  return { customer, ...made };
}

describe('the two steps', () => {
  it('review answers the statement back and stores nothing; only confirmation stores it', async () => {
    const before = (await t.db.select().from(withdrawals)).length;
    const review = await t.agent().post('/api/withdrawals/review', statement({ email: 'Step@Example.com ' }));
    expect(review.status).toBe(200);
    expect(review.body.statement).toMatchObject({ name: 'Camille Martin', email: 'step@example.com', orderNumber: 'NOPE-1' });
    expect(await t.db.select().from(withdrawals)).toHaveLength(before);
    expect(await acknowledgementTo('step@example.com')).toHaveLength(0);

    const confirmed = await submit(statement({ email: 'step@example.com' }));
    expect(confirmed.status).toBe(202);
    expect(await t.db.select().from(withdrawals)).toHaveLength(before + 1);
  });

  it('refuses bad input with a field, never a 500', async () => {
    const res = await submit({ ...statement(), name: '', email: 'not-an-email', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({ name: expect.any(String), email: expect.any(String), extra: 'unknown_field' });
    const nul = await submit(statement({ items: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    expect(nul.body.error.fields).toEqual({ items: 'invalid_characters' });
    const big = await submit(statement({ items: 'x'.repeat(20_000) }));
    expect(big.status).toBe(413);
  });
});

describe('matching', () => {
  it('answers a matching and a non-matching order the same way', async () => {
    const { order } = await deliveredOrder(new Date('2026-06-10T10:00:00Z'));
    const match = await submit(statement({ email: order.email, orderNumber: order.number }));
    const wrongEmail = await submit(statement({ email: 'someone@example.com', orderNumber: order.number }));
    const noOrder = await submit(statement({ orderNumber: 'NO-SUCH-ORDER' }));
    const shape = (r: typeof match) => ({
      status: r.status,
      keys: Object.keys(r.body.withdrawal).sort(),
      reference: /^W-[A-Z2-9]{10}$/.test(r.body.withdrawal.reference),
      submittedAt: r.body.withdrawal.submittedAt
    });
    expect(shape(match)).toEqual(shape(wrongEmail));
    expect(shape(match)).toEqual(shape(noOrder));
    await matchNow();
    expect((await decisionOf(match.body.withdrawal.reference)).kind).toBe('matched');
    expect(await decisionOf(wrongEmail.body.withdrawal.reference)).toMatchObject({ kind: 'unmatched', reason: 'no_order' });
  });

  it('a matched statement naming no items makes a requested "Withdrawal — refund" return on everything delivered, units reserved, deadline shown to staff', async () => {
    const { order, lines } = await deliveredOrder(new Date('2026-06-10T10:00:00Z'));
    const res = await submit(statement({ email: order.email, orderNumber: order.number }));
    await matchNow();
    const [ret] = await t.db.select().from(returns).where(eq(returns.orderId, order.id));
    expect(ret).toMatchObject({ state: 'requested' });
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(2);
    expect(await unitsOnReturns(t.db, lines[1]!.id)).toBe(1);
    expect(await t.db.select().from(returnLines).where(eq(returnLines.returnId, ret!.id))).toHaveLength(2);

    const { agent: staff } = await signInStaff(t);
    const detail = await staff.get(`/api/staff/returns/${ret!.number}`);
    expect(detail.body.return.lines[0].action.labelEn).toBe('Withdrawal — refund');
    expect(detail.body.return.withdrawal).toMatchObject({
      reference: res.body.withdrawal.reference,
      name: 'Camille Martin',
      items: '',
      submittedAt: '2026-06-15T12:00:00.000Z',
      // 15 June (Paris) + 14 days: the end of 29 June, Paris time.
      refundDeadline: '2026-06-29T22:00:00.000Z'
    });
    const queue = await staff.get('/api/staff/returns');
    expect(queue.body.returns.find((r: { number: string }) => r.number === ret!.number).withdrawal).toEqual({
      refundDeadline: '2026-06-29T22:00:00.000Z'
    });
    const filtered = await staff.get('/api/staff/returns?kind=withdrawal');
    expect(filtered.status).toBe(200);
    expect(filtered.body.returns.map((r: { number: string }) => r.number)).toContain(ret!.number);
    expect(filtered.body.returns.every((r: { withdrawal: unknown }) => r.withdrawal !== null)).toBe(true);
  });

  it('the signed-in owner may choose the items and how many', async () => {
    const { customer, order, lines } = await deliveredOrder(new Date('2026-06-10T10:00:00Z'), 3);
    const agent = await signInShopper(t, customer);
    await submit(statement({ email: order.email, orderNumber: order.number, lines: [{ orderLineId: lines[0]!.id, quantity: 1 }] }), agent);
    await matchNow();
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(1);
    expect(await unitsOnReturns(t.db, lines[1]!.id)).toBe(0);
    const [ack] = await acknowledgementTo(order.email);
    expect((ack!.payload as { text: string }).text).toContain(`1 × ${lines[0]!.productName}`);
  });

  it('lines sent without the owner’s session are kept as sent but not used: nothing is reserved until staff pick, and no product is named in the email', async () => {
    const { order, lines } = await deliveredOrder(new Date('2026-06-10T10:00:00Z'), 3);
    const res = await submit(
      statement({ email: order.email, orderNumber: order.number, lines: [{ orderLineId: lines[0]!.id, quantity: 1 }] })
    );
    const [s] = await stored(res.body.withdrawal.reference);
    expect(s!.lines).toEqual([{ orderLineId: lines[0]!.id, quantity: 1 }]);
    await matchNow();
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
    expect(await decisionOf(res.body.withdrawal.reference)).toMatchObject({ kind: 'unmatched', reason: 'items_to_pick' });
    const [ack] = await acknowledgementTo(order.email);
    const text = (ack!.payload as { text: string }).text;
    expect(text).toContain(`1 × #${lines[0]!.id}`);
    expect(text).not.toContain(lines[0]!.productName);
  });

  it('accepts a withdrawal on the last day of the period and stores the day after as out of period', async () => {
    // Delivered 1 June (Paris): 14 days run to the end of 15 June, Paris time, that is 21:59:59 UTC.
    const first = await deliveredOrder(new Date('2026-06-01T08:00:00Z'));
    const second = await deliveredOrder(new Date('2026-06-01T08:00:00Z'));
    t.clock.now = new Date('2026-06-15T21:59:59Z');
    const lastDay = await submit(statement({ email: first.order.email, orderNumber: first.order.number }));
    t.clock.now = new Date('2026-06-15T22:00:00Z');
    const dayAfter = await submit(statement({ email: second.order.email, orderNumber: second.order.number }));
    await matchNow();
    t.clock.now = new Date('2026-06-15T12:00:00Z');
    expect(lastDay.status).toBe(202);
    expect(dayAfter.status).toBe(202);
    expect((await decisionOf(lastDay.body.withdrawal.reference)).kind).toBe('matched');
    expect(await decisionOf(dayAfter.body.withdrawal.reference)).toMatchObject({ kind: 'unmatched', reason: 'out_of_period' });
    expect(await acknowledgementTo(second.order.email)).toHaveLength(1);
  });
});

describe('Withdrawals to match', () => {
  it('an unmatched statement is acknowledged and waits for staff, who close it with a note sent to the consumer', async () => {
    const res = await submit(statement({ email: 'lost@example.com', orderNumber: 'LOST-9', locale: 'fr' }));
    expect(await acknowledgementTo('lost@example.com')).toHaveLength(1);
    await matchNow();
    const { agent: staff, staff: member } = await signInStaff(t);
    const list = await staff.get('/api/staff/withdrawals');
    const waiting = list.body.withdrawals.find((w: { reference: string }) => w.reference === res.body.withdrawal.reference);
    expect(waiting).toMatchObject({ orderNumber: 'LOST-9', unmatchedReason: 'no_order', locale: 'fr' });

    const closed = await staff.post(`/api/staff/withdrawals/${waiting.id}/close`, { note: 'Nous ne trouvons pas cette commande.' });
    expect(closed.status).toBe(200);
    const notes = (await t.db.select().from(outbox).where(eq(outbox.recipient, 'lost@example.com'))).filter(
      (r) => r.topic === 'withdrawal.closed'
    );
    expect((notes[0]!.payload as { text: string }).text).toContain('Nous ne trouvons pas cette commande.');
    const after = await staff.get('/api/staff/withdrawals');
    expect(after.body.withdrawals.map((w: { id: number }) => w.id)).not.toContain(waiting.id);
    const again = await staff.post(`/api/staff/withdrawals/${waiting.id}/close`, { note: 'twice' });
    expect(again.status).toBe(409);
    const detail = await staff.get(`/api/staff/withdrawals/${waiting.id}`);
    expect(detail.body.withdrawal.decisions.at(-1)).toMatchObject({ kind: 'closed', staff: member.name });
  });

  it('staff attach a waiting statement to an order on the units they pick, confirming what differs: its withdrawal return is made', async () => {
    const { order, lines } = await deliveredOrder(new Date('2026-06-10T10:00:00Z'));
    const res = await submit(statement({ email: 'typo@example.com', orderNumber: order.number }));
    await matchNow();
    const { agent: staff } = await signInStaff(t);
    const waiting = (await staff.get('/api/staff/withdrawals')).body.withdrawals.find(
      (w: { reference: string }) => w.reference === res.body.withdrawal.reference
    );
    const attached = await staff.post(`/api/staff/withdrawals/${waiting.id}/attach`, {
      orderNumber: order.number,
      lines: [{ orderLineId: lines[0]!.id, quantity: 2 }],
      confirmDifferences: true
    });
    expect(attached.status).toBe(200);
    expect(attached.body.returnNumber).toMatch(/^R-/);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(2);
    expect(await unitsOnReturns(t.db, lines[1]!.id)).toBe(0);
  });
});

/** The database's own refusal (the trigger's message), whatever wraps it. */
async function refusedByDatabase(query: SQL) {
  const err = (await t.db.execute(query).then(
    () => null,
    (e: unknown) => e
  )) as { message?: string; cause?: { message?: string } } | null;
  expect(err, 'the statement was changed').not.toBeNull();
  expect(`${err!.message} ${err!.cause?.message ?? ''}`).toMatch(/append-only|cannot change/);
}

describe('the statement never changes', () => {
  it('has no endpoint to change or remove it, and the database refuses a direct UPDATE or DELETE', async () => {
    const res = await submit(statement({ email: 'keep@example.com' }));
    await matchNow();
    const [s] = await stored(res.body.withdrawal.reference);
    const { agent: staff } = await signInStaff(t, 'admin');
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const r = await staff.request(method, `/api/staff/withdrawals/${s!.id}`, method === 'DELETE' ? undefined : { name: 'Changed' });
      expect(r.status).toBe(404);
      const p = await t.agent().request(method, `/api/withdrawals/${s!.id}`, method === 'DELETE' ? undefined : { name: 'Changed' });
      expect(p.status).toBe(404);
    }
    await refusedByDatabase(sql`update withdrawals set name = 'Changed' where id = ${s!.id}`);
    await refusedByDatabase(sql`delete from withdrawals where id = ${s!.id}`);
    await refusedByDatabase(sql`update withdrawal_decisions set kind = 'closed' where withdrawal_id = ${s!.id}`);
    await refusedByDatabase(sql`update returns set withdrawal_id = null where withdrawal_id is not null`);
    const [after] = await stored(res.body.withdrawal.reference);
    expect(after).toEqual(s);
  });
});

describe('the acknowledgement, read from the SMTP sink', () => {
  it('carries the full statement, the date and time in the shop time zone and in UTC, the trader, what next, and only its own one-time link', async () => {
    await t.db.delete(outbox);
    t.clock.now = new Date('2026-06-15T12:34:56Z');
    const res = await submit(
      statement({ email: 'ack@example.com', name: 'Léa Dupont', orderNumber: 'ACK-1', items: '1 robe bleue', locale: 'fr' })
    );
    const relayed = await relayEmailsOnce(t.db, sink.mailer(), {
      from: 'shop@shop.example',
      now: () => t.clock.now,
      messageIdHost: 'reprise.test'
    });
    t.clock.now = new Date('2026-06-15T12:00:00Z');
    expect(relayed.sent).toBe(1);
    const mail = sink.received.find((m) => m.to.includes('ack@example.com'))!;
    const { subject, text } = readMail(mail.raw);
    expect(subject).toBe(`Nous avons reçu votre rétractation (${res.body.withdrawal.reference})`);
    expect(text).toMatch(/^Bonjour,\n/);
    expect(text).toContain('Nom: « Léa Dupont »');
    expect(text).toContain('E-mail: ack@example.com');
    expect(text).toContain('Numéro de commande: « ACK-1 »');
    expect(text).toContain('Articles: « 1 robe bleue »');
    expect(text).toContain('Envoyée le: 2026-06-15 14:34:56 (Europe/Paris) — 2026-06-15 12:34:56 UTC');
    expect(text).toContain('Maison Exemple SAS\n12 rue de la Paix\n75002 Paris, France');
    expect(text).toContain('La suite:');
    expect(text.match(/https?:\/\/\S+/g)).toEqual([
      expect.stringMatching(/^http:\/\/reprise\.test\/withdraw\/statement\?token=[a-z2-7]{48}$/)
    ]);
  });
});

describe('abuse and settings', () => {
  it('limits submissions per email with 429 and Retry-After', async () => {
    const body = statement({ email: 'flood@example.com', orderNumber: 'FLOOD-1' });
    for (let i = 0; i < 3; i++) expect((await submit(body)).status).toBe(202);
    const refused = await submit(body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await acknowledgementTo('flood@example.com')).toHaveLength(3);
  });

  it('admins set the function, its period, the legal identity and a valid IANA time zone', async () => {
    const { agent: admin } = await signInStaff(t, 'admin');
    const bad = await admin.patch('/api/staff/settings', { timeZone: 'Mars/Olympus', withdrawalDays: 13 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['timeZone', 'withdrawalDays']);
    const ok = await admin.patch('/api/staff/settings', { timeZone: 'America/New_York', legalName: 'Shop Inc.' });
    expect(ok.body.settings).toMatchObject({
      timeZone: 'America/New_York',
      legalName: 'Shop Inc.',
      withdrawalEnabled: true,
      withdrawalDays: 14
    });
    const off = await admin.patch('/api/staff/settings', { withdrawalEnabled: false, timeZone: 'Europe/Paris' });
    expect(off.status).toBe(200);
    expect((await t.agent().get('/api/shop')).body.shop.withdrawalEnabled).toBe(false);
    expect((await submit(statement())).status).toBe(404);
    await admin.patch('/api/staff/settings', { withdrawalEnabled: true });
  });
});
