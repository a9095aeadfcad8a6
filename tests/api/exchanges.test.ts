import { describe, expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditEvents, outbox, returnLines, returns, stockReservations } from '../../server/db/schema.ts';
import { createCustomer } from '../helpers/fixtures.ts';
import { reservationsOf, setExchangesEnabled, shirtOrder } from '../helpers/exchanges.ts';
import { unitsOnReturns } from '../helpers/returns.ts';
import { detail, save, signInShopper, staffCreate, stockOf } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest as it, WEBHOOK_ENV, type StaffSuite } from '../helpers/staff-test.ts';

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);

it.beforeEach(({ t }) => setExchangesEnabled(t.db, true));

/** A signed-in shopper with a delivered order of `quantity` × shirt S (see shirtOrder). */
async function shopperWithShirt({ t, ids }: StaffSuite, opts: { quantity?: number; lStock?: number } = {}) {
  const customer = await createCustomer(t.db);
  const made = await shirtOrder(t.db, customer, t.clock.now, opts);
  const shopper = await signInShopper(t, customer);
  return { customer, shopper, ids, ...made };
}

type Made = Awaited<ReturnType<typeof shopperWithShirt>>;

const exchangeLine = (m: Made, size: string | number | undefined, quantity = m.line.quantity, action = 'exchange_size') => ({
  orderLineId: m.line.id,
  quantity,
  reasonId: m.ids.reason('wrong_size'),
  actionId: m.ids.action(action),
  ...(size === undefined ? {} : { replacementVariantId: typeof size === 'number' ? size : m.size(size).id })
});

async function request(m: Made, line: Record<string, unknown>) {
  return m.shopper.post('/api/returns', { orderNumber: m.order.number, lines: [line] });
}

async function returnsOf(t: TestContext, orderId: number) {
  return t.db.select().from(returns).where(eq(returns.orderId, orderId));
}

async function webhooks(t: TestContext, topic: string) {
  return (await t.db.select().from(outbox).where(eq(outbox.topic, topic))).map((o) => o.payload as { id: string; data: any });
}

describe('the exchange picker', () => {
  it('lists the other variants of the product that are in stock, with their price difference per unit; none when exchanges are off', async ({
    staff,
    suite,
    t
  }) => {
    const m = await shopperWithShirt(suite);
    const res = await m.shopper.get(`/api/orders/${m.order.number}`);
    expect(res.status).toBe(200);
    expect(res.body.exchangesEnabled).toBe(true);
    expect(res.body.order.lines[0].exchangeOptions).toEqual([
      { variantId: m.size('M').id, label: 'M', sku: m.size('M').sku, priceCents: 2000, priceDifferenceCents: 0 },
      { variantId: m.size('L').id, label: 'L', sku: m.size('L').sku, priceCents: 2500, priceDifferenceCents: 500 },
      { variantId: m.size('XS').id, label: 'XS', sku: m.size('XS').sku, priceCents: 1500, priceDifferenceCents: -500 }
    ]);
    // Never the stock itself.
    expect(JSON.stringify(res.body)).not.toContain('stockOnHand');
    // Staff creating a return for the customer get the same choice.
    const staffView = await staff.get(`/api/staff/orders/${m.order.number}`);
    expect(staffView.body.order.lines[0].exchangeOptions).toEqual(res.body.order.lines[0].exchangeOptions);

    await setExchangesEnabled(t.db, false);
    const off = await m.shopper.get(`/api/orders/${m.order.number}`);
    expect(off.body.exchangesEnabled).toBe(false);
    expect(off.body.order.lines[0].exchangeOptions).toEqual([]);
  });

  it('admins turn exchanges on and off in the settings (audited)', async ({ admin, staff, t }) => {
    let res = await admin.patch('/api/staff/settings', { exchangesEnabled: false });
    expect(res.status).toBe(200);
    expect(res.body.settings.exchangesEnabled).toBe(false);
    res = await admin.patch('/api/staff/settings', { exchangesEnabled: true });
    expect(res.body.settings.exchangesEnabled).toBe(true);
    const audits = (await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'settings'))).map((a) => a.changes);
    expect(audits).toContainEqual({ exchangesEnabled: [true, false] });
    expect((await staff.patch('/api/staff/settings', { exchangesEnabled: false })).status).toBe(403);
  });
});

describe('asking for an exchange', () => {
  it('same price: the line records the replacement and no difference; the shopper and staff see it', async ({ staff, suite, t }) => {
    const m = await shopperWithShirt(suite, { quantity: 2 });
    const res = await request(m, exchangeLine(m, 'M'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.return.lines[0].replacement).toEqual({ sku: m.size('M').sku, label: 'M', units: 2, priceDifferenceCents: 0 });
    const [line] = await t.db.select().from(returnLines).where(eq(returnLines.orderLineId, m.line.id));
    expect(line).toMatchObject({ replacementVariantId: m.size('M').id, replacementUnits: 2, priceDifferenceCents: 0 });
    // Asking reserves nothing yet.
    expect(await stockOf(t.db, m.size('M').id)).toBe(5);
    // The "request received" email and the shop's notice say what is wanted instead.
    const emails = (await t.db.select().from(outbox).where(eq(outbox.kind, 'email')))
      .map((o) => o.payload as { to: string; text: string })
      .filter((e) => e.text.includes(res.body.return.number));
    expect(emails.find((e) => e.to === m.customer.email)!.text).toContain('you asked for: Exchange for another size (M)');
    expect(emails.find((e) => e.to !== m.customer.email)!.text).toContain('action: Exchange for another size (M)');
    const created = (await webhooks(t, 'return.created')).find((h) => h.data.returnNumber === res.body.return.number)!;
    expect(created.data.lines).toEqual([
      expect.objectContaining({ sku: m.size('S').sku, action: 'exchange_size', replacementSku: m.size('M').sku })
    ]);
    const seen = await detail(staff, res.body.return.number);
    expect(seen.lines[0].replacement).toMatchObject({
      sku: m.size('M').sku,
      label: 'M',
      units: 2,
      priceDifferenceCents: 0,
      stockOnHand: 5,
      reserved: false
    });
  });

  it('a dearer replacement: the shopper owes the difference × units; a cheaper one: the shop owes it', async ({ staff, suite }) => {
    const dear = await shopperWithShirt(suite, { quantity: 1 });
    const up = await request(dear, exchangeLine(dear, 'L'));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.return.lines[0].replacement.priceDifferenceCents).toBe(500);

    const cheap = await shopperWithShirt(suite, { quantity: 2 });
    const down = await request(cheap, exchangeLine(cheap, 'XS'));
    expect(down.status, JSON.stringify(down.body)).toBe(201);
    expect(down.body.return.lines[0].replacement.priceDifferenceCents).toBe(-1000);
    expect((await detail(staff, down.body.return.number)).lines[0].replacement.priceDifferenceCents).toBe(-1000);
  });

  describe('bad input: a 4xx naming the line, nothing written', () => {
    const cases: [string, (m: Made, other: number) => Record<string, unknown>, number, string, string][] = [
      ['a variant of another product', (m, other) => exchangeLine(m, other), 422, 'replacement_not_allowed', 'other_product'],
      ['a variant that does not exist', (m) => exchangeLine(m, 987_654), 422, 'replacement_not_allowed', 'unknown_variant'],
      ['the variant bought', (m) => exchangeLine(m, 'S'), 422, 'replacement_not_allowed', 'same_variant'],
      ['a variant out of stock', (m) => exchangeLine(m, 'XL'), 409, 'replacement_out_of_stock', 'out_of_stock'],
      ['more units than are in stock', (m) => exchangeLine(m, 'L', 2), 409, 'replacement_out_of_stock', 'out_of_stock'],
      [
        'a replacement on a line asking for a refund',
        (m) => exchangeLine(m, 'M', 2, 'refund'),
        422,
        'replacement_not_allowed',
        'not_an_exchange'
      ],
      ['an exchange without a replacement', (m) => exchangeLine(m, undefined), 422, 'replacement_not_allowed', 'replacement_required']
    ];
    for (const [what, line, status, code, why] of cases) {
      it(what, async ({ suite, t }) => {
        const m = await shopperWithShirt(suite, { quantity: 2 });
        const other = await shirtOrder(t.db, m.customer, t.clock.now);
        const res = await request(m, line(m, other.size('M').id));
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(res.body.error.code).toBe(code);
        expect(res.body.error.fields).toEqual({ 'lines.0.replacementVariantId': why });
        expect(await returnsOf(t, m.order.id)).toHaveLength(0);
        expect(await unitsOnReturns(t.db, m.line.id)).toBe(0);
      });
    }

    it('a replacement while the shop has exchanges off', async ({ suite, t }) => {
      const m = await shopperWithShirt(suite);
      await setExchangesEnabled(t.db, false);
      const res = await request(m, exchangeLine(m, 'M'));
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: 'replacement_not_allowed',
        fields: { 'lines.0.replacementVariantId': 'exchanges_disabled' }
      });
      expect(await returnsOf(t, m.order.id)).toHaveLength(0);
      // With exchanges off, asking to exchange without picking is what it always was.
      expect((await request(m, exchangeLine(m, undefined))).status).toBe(201);
    });

    it('the database refuses a replacement of another product or a wrong difference, even written directly', async ({ suite, t }) => {
      const m = await shopperWithShirt(suite);
      const other = await shirtOrder(t.db, m.customer, t.clock.now);
      const res = await request(m, exchangeLine(m, undefined, 1, 'refund'));
      const [line] = await t.db.select().from(returnLines).where(eq(returnLines.orderLineId, m.line.id));
      expect(res.status).toBe(201);
      const set = (variantId: number, diff: number) =>
        t.db
          .update(returnLines)
          .set({ replacementVariantId: variantId, replacementUnits: 1, priceDifferenceCents: diff })
          .where(eq(returnLines.id, line!.id));
      await expect(set(other.size('M').id, 0)).rejects.toThrow();
      await expect(set(m.size('L').id, 0)).rejects.toThrow();
      await expect(
        t.db.insert(stockReservations).values({ returnLineId: line!.id, variantId: m.size('M').id, units: 1, createdAt: t.clock.now })
      ).rejects.toThrow();
    });
  });
});

describe('reservation', () => {
  it('approving reserves the replacement; cancelling releases it, once, however often the calls are retried', async ({
    staff,
    suite,
    t
  }) => {
    const m = await shopperWithShirt(suite, { quantity: 2 });
    const ret = (await request(m, exchangeLine(m, 'M'))).body.return;
    const number = ret.number as string;
    let d = await detail(staff, number);
    const lineId = d.lines[0].id;
    const approve = { version: d.version, state: 'approved' };
    let res = await save(staff, number, approve);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return.lines[0].replacement).toMatchObject({ reserved: true, stockOnHand: 3 });
    expect(await stockOf(t.db, m.size('M').id)).toBe(3);
    // The same approval again: stale, nothing reserved twice.
    expect((await save(staff, number, approve)).status).toBe(409);
    expect(await stockOf(t.db, m.size('M').id)).toBe(3);
    expect(await reservationsOf(t.db, lineId)).toHaveLength(1);

    d = res.body.return;
    const cancel = { version: d.version, state: 'cancelled' };
    res = await save(staff, number, cancel);
    expect(res.status).toBe(200);
    expect(await stockOf(t.db, m.size('M').id)).toBe(5);
    expect((await save(staff, number, cancel)).status).toBe(409);
    expect((await save(staff, number, { version: res.body.return.version, state: 'cancelled' })).status).toBe(200);
    expect(await stockOf(t.db, m.size('M').id)).toBe(5);
    const rows = await reservationsOf(t.db, lineId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.releasedAt).not.toBeNull();
    expect(res.body.return.lines[0].replacement.reserved).toBe(false);
    const trail = (await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, number))).map((a) => a.changes as any);
    expect(trail.filter((c) => c.reserved)).toEqual([
      expect.objectContaining({ reserved: [null, [{ returnLineId: lineId, sku: m.size('M').sku, units: 2 }]] })
    ]);
    expect(trail.filter((c) => c.released)).toEqual([expect.objectContaining({ released: [null, [{ returnLineId: lineId, units: 2 }]] })]);

    // The database itself releases a reservation at most once.
    await expect(
      t.db.update(stockReservations).set({ releasedAt: new Date() }).where(eq(stockReservations.id, rows[0]!.id))
    ).rejects.toThrow();
    await expect(t.db.delete(stockReservations).where(eq(stockReservations.id, rows[0]!.id))).rejects.toThrow();
    expect(await stockOf(t.db, m.size('M').id)).toBe(5);
  });

  it('an approved exchange cancelled gives its units back once; reopened and approved again it reserves again', async ({
    admin,
    suite,
    t
  }) => {
    const m = await shopperWithShirt(suite, { quantity: 1 });
    const number = (await request(m, exchangeLine(m, 'L'))).body.return.number as string;
    let res = await save(admin, number, { version: (await detail(admin, number)).version, state: 'approved' });
    expect(await stockOf(t.db, m.size('L').id)).toBe(0);
    res = await save(admin, number, { version: res.body.return.version, state: 'cancelled' });
    expect(res.status).toBe(200);
    expect(await stockOf(t.db, m.size('L').id)).toBe(1);
    res = await save(admin, number, { version: res.body.return.version, state: 'in_progress' });
    expect(res.status).toBe(200);
    expect(await stockOf(t.db, m.size('L').id)).toBe(1);
    res = await save(admin, number, { version: res.body.return.version, state: 'approved' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await stockOf(t.db, m.size('L').id)).toBe(0);
    const lineId = res.body.return.lines[0].id;
    expect((await reservationsOf(t.db, lineId)).map((r) => r.releasedAt === null)).toEqual([false, true]);
  });

  it('a credited exchange reopened keeps its reservation; rejected, it is released once; reopened and approved, reserved anew', async ({
    admin,
    suite,
    t
  }) => {
    const m = await shopperWithShirt(suite, { quantity: 1 });
    const number = (await request(m, exchangeLine(m, 'M'))).body.return.number as string;
    let v = (await detail(admin, number)).version;
    const steps: [string, number][] = [
      ['approved', 4],
      ['received', 4],
      ['credited', 4],
      ['in_progress', 4],
      ['rejected', 5],
      ['in_progress', 5],
      ['approved', 4],
      ['cancelled', 5]
    ];
    for (const [state, stock] of steps) {
      const res = await save(admin, number, { version: v, state });
      expect(res.status, `${state}: ${JSON.stringify(res.body)}`).toBe(200);
      v = res.body.return.version;
      expect(await stockOf(t.db, m.size('M').id), state).toBe(stock);
    }
    const lineId = (await detail(admin, number)).lines[0].id;
    const rows = await reservationsOf(t.db, lineId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.releasedAt !== null)).toBe(true);
  });

  it('out of stock at approval: 409 naming the line, nothing written; staff switch the line to a refund and approve', async ({
    ids,
    staff,
    suite,
    t
  }) => {
    const first = await shopperWithShirt(suite, { quantity: 1, lStock: 1 });
    const one = (await request(first, exchangeLine(first, 'L'))).body.return.number as string;
    // Someone else takes the last L before staff approve.
    await t.db.execute(sql`update variants set stock_on_hand = 0 where id = ${first.size('L').id}`);
    const d = await detail(staff, one);
    const lineId = d.lines[0].id as number;
    let res = await save(staff, one, { version: d.version, state: 'approved' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'replacement_out_of_stock', fields: { [`lines.${lineId}.replacement`]: 'out_of_stock' } });
    const after = await detail(staff, one);
    expect(after).toMatchObject({ state: 'requested', version: d.version });
    expect(await reservationsOf(t.db, lineId)).toHaveLength(0);

    // A line that is not an exchange cannot be switched; neither can one whose replacement is reserved.
    const plain = await shopperWithShirt(suite);
    const p = (await request(plain, exchangeLine(plain, undefined, 1, 'refund'))).body.return;
    const pd = await detail(staff, p.number);
    res = await save(staff, p.number, { version: pd.version, refundInstead: [String(pd.lines[0].id)] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({ [`refundInstead.${pd.lines[0].id}`]: 'not_an_exchange' });
    res = await save(staff, one, { version: d.version, refundInstead: ['999999'] });
    expect(res.status).toBe(400);

    res = await save(staff, one, { version: d.version, state: 'approved', refundInstead: [String(lineId)] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return.state).toBe('approved');
    expect(res.body.return.lines[0].action.code).toBe('refund');
    expect(res.body.return.lines[0].replacement).toBeNull();
    expect(await stockOf(t.db, first.size('L').id)).toBe(0);
    const [audit] = (await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, one))).filter((a) => a.action === 'updated');
    expect(audit!.changes).toMatchObject({
      state: ['requested', 'approved'],
      refundInstead: [
        null,
        [{ returnLineId: lineId, replacementSku: first.size('L').sku, actionId: [ids.action('exchange_size'), ids.action('refund')] }]
      ]
    });
    // Once approved (or ended), an exchange no longer becomes a refund.
    const approvedExchange = await shopperWithShirt(suite);
    const a = (await request(approvedExchange, exchangeLine(approvedExchange, 'M'))).body.return.number as string;
    const ad = (await save(staff, a, { version: (await detail(staff, a)).version, state: 'approved' })).body.return;
    res = await save(staff, a, { version: ad.version, refundInstead: [String(ad.lines[0].id)] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'refund_instead_not_allowed', fields: { refundInstead: 'not_now' } });
    expect((await detail(staff, a)).lines[0].replacement).toMatchObject({ reserved: true });

    // The shopper sees a refund now.
    const seen = (await first.shopper.get(`/api/returns/${one}`)).body.return;
    expect(seen.lines[0]).toMatchObject({ action: { code: 'refund' }, replacement: null });
  });
});

describe('the replacement is sent', () => {
  it('a shirt exchanged for another size without a refund in between: items_needed queues exchange.requested with the sku and units', async ({
    staff,
    suite,
    t
  }) => {
    const m = await shopperWithShirt(suite, { quantity: 2 });
    const number = (await request(m, exchangeLine(m, 'M'))).body.return.number as string;
    let v = (await detail(staff, number)).version;
    for (const state of ['approved', 'received']) {
      const res = await save(staff, number, { version: v, state });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      v = res.body.return.version;
    }
    expect(await webhooks(t, 'exchange.requested')).toHaveLength(0);
    const res = await save(staff, number, { version: v, state: 'items_needed' });
    expect(res.status).toBe(200);
    const hooks = (await webhooks(t, 'exchange.requested')).filter((h) => h.data.returnNumber === number);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.id).toMatch(/^evt_/);
    expect(hooks[0]!.data).toEqual({
      exchangeId: `exchange_${number}`,
      returnNumber: number,
      orderNumber: m.order.number,
      customerEmail: m.customer.email,
      currency: 'EUR',
      priceDifferenceCents: 0,
      lines: [
        {
          sku: m.size('M').sku,
          variant: 'M',
          units: 2,
          returnedSku: m.size('S').sku,
          returnedUnits: 2,
          name: m.product.name,
          priceDifferenceCents: 0
        }
      ]
    });
    // The replacement stays reserved (it is the one sent); the credit is a replacement, no money.
    const done = await save(staff, number, { version: res.body.return.version, state: 'credited' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.return.credit.method).toBe('replacement');
    expect(await stockOf(t.db, m.size('M').id)).toBe(3);
  });

  it('staff create an exchange that starts approved: reserved at once; a return with no replacement sends no exchange.requested', async ({
    staff,
    suite,
    t
  }) => {
    const m = await shopperWithShirt(suite, { quantity: 1 });
    const ret = await staffCreate(staff, { orderNumber: m.order.number, lines: [exchangeLine(m, 'XS')], state: 'items_needed' });
    expect(await stockOf(t.db, m.size('XS').id)).toBe(2);
    const [createdAudit] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, ret.number));
    expect(createdAudit!.changes).toMatchObject({
      reserved: [null, [{ returnLineId: ret.lines[0]!.id, sku: m.size('XS').sku, units: 1 }]]
    });
    expect((await webhooks(t, 'exchange.requested')).filter((h) => h.data.returnNumber === ret.number)).toHaveLength(1);

    const plain = await shopperWithShirt(suite, { quantity: 1 });
    const p = await staffCreate(staff, {
      orderNumber: plain.order.number,
      lines: [exchangeLine(plain, undefined)],
      state: 'items_needed'
    });
    expect((await webhooks(t, 'exchange.requested')).filter((h) => h.data.returnNumber === p.number)).toHaveLength(0);
  });
});
