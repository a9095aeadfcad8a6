/**
 * Claims (issue 20 item 4): within the claim window after delivery a shopper reports an item missing,
 * arrived damaged or the wrong item (a photo for the last two); nothing comes back. Staff decide each
 * line: reship the same item (reserved from stock, `exchange.requested`), refund (the credit rules,
 * capped by the database at what was paid), or reject with a message the shopper reads. A claim's
 * units count against what can still be returned or claimed.
 */
import { describe, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { orderLines, outbox, returnLines, shopSettings, stockReservations } from '../../server/db/schema.ts';
import type { TestContext } from '../helpers/app.ts';
import { pngOf, upload } from '../helpers/photos.ts';
import { unitsOnReturns } from '../helpers/returns.ts';
import { customerOrder, detail, lineInput, signInShopper, stockOf } from '../helpers/staff.ts';
import { staffTest as it, WEBHOOK_ENV } from '../helpers/staff-test.ts';

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);

/** A signed-in shopper with a delivered order: line 0 two shirts at 20.00, line 1 one final-sale item at 15.00. */
async function shopperOrder(t: TestContext, opts: { deliveredDaysAgo?: number } = {}) {
  const made = await customerOrder(t, { lines: [{ quantity: 2 }, { quantity: 1, finalSale: true, price: 1500 }], ...opts });
  return { ...made, shopper: await signInShopper(t, made.customer) };
}
type Made = Awaited<ReturnType<typeof shopperOrder>>;

const claim = (m: Made, lines: Record<string, unknown>[], headers: Record<string, string> = {}) =>
  m.shopper.post('/api/claims', { orderNumber: m.order.number, lines }, headers);
const missing = (m: Made, line = 0, quantity = 1) => ({ orderLineId: m.lines[line]!.id, quantity, reason: 'item_missing' });

async function webhooks(t: TestContext, topic: string) {
  return (
    await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, topic), eq(outbox.kind, 'webhook')))
  ).map((o) => o.payload as { data: any });
}

const decide = (agent: Made['shopper'], number: string, body: Record<string, unknown>) =>
  agent.post(`/api/staff/returns/${encodeURIComponent(number)}/claim-decision`, body);

describe('a shopper reports a problem', () => {
  it('an item missing needs no photo: a claim in their returns, the claim.created webhook, the email, no slip', async ({ t, staff }) => {
    const m = await shopperOrder(t);
    const res = await claim(m, [missing(m)]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ret = res.body.return;
    expect(ret).toMatchObject({ kind: 'claim', state: 'requested', sendTo: null });
    expect(ret.lines[0]).toMatchObject({ quantity: 1, reason: { code: 'item_missing' }, action: { code: 'claim' } });
    const mine = await m.shopper.get('/api/returns');
    expect(mine.body.returns[0]).toMatchObject({ number: ret.number, kind: 'claim' });
    const hooks = (await webhooks(t, 'claim.created')).filter((h) => h.data.returnNumber === ret.number);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.data.lines[0]).toMatchObject({ reason: 'item_missing', quantity: 1, action: 'claim' });
    expect((await webhooks(t, 'return.created')).filter((h) => h.data.returnNumber === ret.number)).toHaveLength(0);
    const [email] = await t.db.select().from(outbox).where(eq(outbox.recipient, m.customer.email));
    expect((email!.payload as { subject: string }).subject).toBe(`We received your report ${ret.number}`);
    expect((email!.payload as { text: string }).text).toContain('You have nothing to send back.');
    // Staff see it in the queue, with its kind, and under the claims filter.
    const queue = await staff.get('/api/staff/returns?kind=claim');
    expect(queue.body.returns.map((r: { number: string; kind: string }) => [r.number, r.kind])).toContainEqual([ret.number, 'claim']);
    expect(queue.body.returns.every((r: { kind: string }) => r.kind === 'claim')).toBe(true);
    // No slip for a claim: nothing is sent back (even if it were approved, there is no approval).
    expect((await detail(staff, ret.number)).allowedMoves.map((mv: { state: string }) => mv.state)).not.toContain('approved');
  });

  it('arrived damaged or the wrong item without a photo: 422 photo_required naming the line; with one, made', async ({ t }) => {
    const m = await shopperOrder(t);
    const none = await claim(m, [missing(m, 1), { orderLineId: m.lines[0]!.id, quantity: 1, reason: 'arrived_damaged' }]);
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({ code: 'photo_required', fields: { 'lines.1.photos': 'photo_required' } });
    const wrong = await claim(m, [{ orderLineId: m.lines[0]!.id, quantity: 1, reason: 'wrong_item_received' }]);
    expect(wrong.body.error).toMatchObject({ code: 'photo_required', fields: { 'lines.0.photos': 'photo_required' } });
    const photo = await upload(m.shopper, await pngOf(200, 200));
    const made = await claim(m, [{ orderLineId: m.lines[0]!.id, quantity: 1, reason: 'arrived_damaged', photos: [photo.body.photo.id] }]);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.return.photos).toHaveLength(1);
  });

  it('a final sale may be claimed; past the claim window, or before delivery, it may not', async ({ t }) => {
    const m = await shopperOrder(t, { deliveredDaysAgo: 10 });
    expect((await claim(m, [missing(m, 1)])).status).toBe(201);
    const order = await m.shopper.get(`/api/orders/${m.order.number}`);
    expect(order.body.claimUntil).not.toBeNull();
    expect(order.body.order.lines.map((l: { claimableQuantity: number }) => l.claimableQuantity)).toEqual([2, 0]);
    await t.db.update(shopSettings).set({ claimWindowDays: 7 }).where(eq(shopSettings.id, 1));
    try {
      const late = await claim(m, [missing(m, 0)]);
      expect(late.status).toBe(422);
      expect(late.body.error).toMatchObject({ code: 'return_not_allowed', fields: { 'lines.0.orderLineId': 'window_passed' } });
      expect((await m.shopper.get(`/api/orders/${m.order.number}`)).body.claimUntil).toBeNull();
    } finally {
      await t.db.update(shopSettings).set({ claimWindowDays: 30 }).where(eq(shopSettings.id, 1));
    }
    const shipped = await shopperOrder(t, { deliveredDaysAgo: null as unknown as number });
    const early = await claim(shipped, [missing(shipped)]);
    expect(early.body.error.fields).toEqual({ 'lines.0.orderLineId': 'not_delivered' });
  });

  it('units claimed count against what can be returned, and units returned against what can be claimed', async ({ t, ids }) => {
    const m = await shopperOrder(t);
    expect((await claim(m, [missing(m, 0, 1)])).status).toBe(201);
    expect(await unitsOnReturns(t.db, m.lines[0]!.id)).toBe(1);
    const returned = await m.shopper.post('/api/returns', { orderNumber: m.order.number, lines: [lineInput(ids, m.lines[0]!.id, 1)] });
    expect(returned.status, JSON.stringify(returned.body)).toBe(201);
    const more = await claim(m, [missing(m, 0, 1)]);
    expect(more.status).toBe(422);
    expect(more.body.error.fields).toEqual({ 'lines.0.quantity': 'exceeds_returnable' });
    const again = await m.shopper.post('/api/returns', { orderNumber: m.order.number, lines: [lineInput(ids, m.lines[0]!.id, 1)] });
    expect(again.body.error.fields).toMatchObject({ 'lines.0.quantity': 'exceeds_returnable' });
  });

  it('another shopper cannot see it, nor claim on an order not theirs', async ({ t }) => {
    const m = await shopperOrder(t);
    const made = await claim(m, [missing(m)]);
    const other = await shopperOrder(t);
    expect((await other.shopper.get(`/api/returns/${made.body.return.number}`)).status).toBe(404);
    const theirs = await other.shopper.post('/api/claims', { orderNumber: m.order.number, lines: [missing(m)] });
    expect(theirs.status).toBe(404);
  });
});

describe('staff decide each line', () => {
  it('reship: the same item reserved from stock, exchange.requested to ship it, the credit as a replacement', async ({ t, staff }) => {
    const m = await shopperOrder(t);
    const made = await claim(m, [missing(m, 0, 2)]);
    const number = made.body.return.number as string;
    const lineId = (await detail(staff, number)).lines[0].id as number;
    const variantId = m.lines[0]!.variantId!;
    const before = await stockOf(t.db, variantId);
    const res = await decide(staff, number, { version: 1, lines: { [lineId]: { decision: 'reship' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return).toMatchObject({ kind: 'claim', state: 'credited' });
    expect(await stockOf(t.db, variantId)).toBe(before - 2);
    const held = await t.db.select().from(stockReservations).where(eq(stockReservations.returnLineId, lineId));
    expect(held).toMatchObject([{ variantId, units: 2, releasedAt: null }]);
    const [ship] = (await webhooks(t, 'exchange.requested')).filter((h) => h.data.returnNumber === number);
    expect(ship!.data).toMatchObject({
      priceDifferenceCents: 0,
      lines: [{ sku: m.lines[0]!.sku, units: 2, returnedSku: m.lines[0]!.sku }]
    });
    const [credited] = (await webhooks(t, 'return.credited')).filter((h) => h.data.returnNumber === number);
    expect(credited!.data).toMatchObject({
      method: 'replacement',
      totals: { refund: 0 },
      lines: [{ method: 'replacement', unitsCredited: 2 }]
    });
    // Decided once.
    const twice = await decide(staff, number, { version: res.body.return.version, lines: { [lineId]: { decision: 'refund' } } });
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ code: 'illegal_transition', fields: { state: 'credited->decided' } });
  });

  it('refund: through the credit rules, never more than was paid (the database holds it too)', async ({ t, staff }) => {
    const m = await shopperOrder(t);
    const made = await claim(m, [missing(m, 0, 1)]);
    const number = made.body.return.number as string;
    const lineId = (await detail(staff, number)).lines[0].id as number;
    const over = await decide(staff, number, { version: 1, lines: { [lineId]: { decision: 'refund', amountCents: 2001 } } });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'credit_over_paid', fields: { [`credit.lines.${lineId}.amountCents`]: 'exceeds_paid' } });
    const ok = await decide(staff, number, { version: 1, lines: { [lineId]: { decision: 'refund' } } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.return.credit).toMatchObject({ totalCents: 2000, totals: { refund: 2000 }, shippingDeductionCents: 0 });
    // The database caps what the order line is credited at what was paid, whatever a writer tries.
    await expect(t.db.update(returnLines).set({ amountCreditedCents: 999_999 }).where(eq(returnLines.id, lineId))).rejects.toThrow();
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.id, m.lines[0]!.id));
    expect(line!.amountCreditedCents).toBe(2000);
  });

  it('reject: needs a message, which the shopper reads; the units go back; every line must be decided', async ({ t, staff }) => {
    const m = await shopperOrder(t);
    const made = await claim(m, [missing(m, 0, 1), missing(m, 1, 1)]);
    const number = made.body.return.number as string;
    const [a, b] = (await detail(staff, number)).lines.map((l: { id: number }) => l.id) as [number, number];
    const half = await decide(staff, number, { version: 1, lines: { [a]: { decision: 'reject' } } });
    expect(half.status).toBe(400);
    expect(half.body.error.fields).toEqual({ [`lines.${b}.decision`]: 'required' });
    const silent = await decide(staff, number, { version: 1, lines: { [a]: { decision: 'reject' }, [b]: { decision: 'reject' } } });
    expect(silent.status).toBe(400);
    expect(silent.body.error).toMatchObject({ code: 'invalid_request', fields: { message: 'required' } });
    const why = 'Our carrier’s photo shows the parcel complete at your door.';
    const res = await decide(staff, number, {
      version: 1,
      lines: { [a]: { decision: 'reject' }, [b]: { decision: 'reject' } },
      message: why
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return.state).toBe('rejected');
    const seen = await m.shopper.get(`/api/returns/${number}`);
    expect(seen.body.return.messages.map((x: { body: string }) => x.body)).toEqual([why]);
    expect(await unitsOnReturns(t.db, m.lines[0]!.id)).toBe(0);
    const emails = (await t.db.select().from(outbox).where(eq(outbox.topic, 'return.rejected'))).map((o) => o.payload as { text: string });
    expect(emails.some((e) => e.text.includes(why))).toBe(true);
  });

  it('a return is not decided as a claim; a shopper cannot decide one', async ({ t, staff, ids }) => {
    const m = await shopperOrder(t);
    const ret = await m.shopper.post('/api/returns', { orderNumber: m.order.number, lines: [lineInput(ids, m.lines[0]!.id, 1)] });
    const lineId = (await detail(staff, ret.body.return.number)).lines[0].id;
    const res = await decide(staff, ret.body.return.number, { version: 1, lines: { [lineId]: { decision: 'refund' } } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'illegal_transition', fields: { state: 'not_a_claim' } });
    const made = await claim(m, [missing(m, 0, 1)]);
    expect((await decide(m.shopper, made.body.return.number, { version: 1, lines: {} })).status).toBe(403);
  });
});
