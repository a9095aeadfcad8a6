import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { orders, outbox, returns, shopSettings } from '../../server/db/schema.ts';
import { ORIGIN, type Agent, type TestContext } from '../helpers/app.ts';
import { customerOrder, detail, lineInput, save, signInShopper, staffCreate, staffSuite, type Ids } from '../helpers/staff.ts';

/** Money on the staff pages (issue 12 item 6): per-line money, the order's shipping pushed, refunded and capped by the database. */

const SECRET = 'webhook-secret-for-tests-0123456789abcd';
let t: TestContext;
let ids: Ids;
let staff: Agent;
let admin: Agent;
beforeAll(async () => {
  ({ t, ids, admin, staff } = await staffSuite({ SHOP_SECRET: SECRET, WEBHOOK_URL: 'http://127.0.0.1:9/hooks' }));
});
afterAll(() => t.close());

type Line = { id: number; orderLineId: number };

/** An order of 3 × €15.00 and 2 × €20.00, shipping `shippingCents` (null: unknown). */
async function anOrder(shippingCents: number | null = null) {
  const made = await customerOrder(t, {
    lines: [
      { quantity: 3, price: 1500 },
      { quantity: 2, price: 2000 }
    ]
  });
  await t.db.update(orders).set({ shippingCents }).where(eq(orders.number, made.order.number));
  return made;
}
type Made = Awaited<ReturnType<typeof anOrder>>;

/** A return of `units` of each order line, moved to received (everything arrived). */
async function receivedReturn(made: Made, units: [number, number]) {
  const lines = units.flatMap((n, i) => (n ? [lineInput(ids, made.lines[i]!.id, n)] : []));
  const ret = await staffCreate(staff, { orderNumber: made.order.number, lines, state: 'approved' });
  const res = await save(staff, ret.number, { version: ret.version, state: 'received' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.return as { number: string; version: number; lines: Line[] };
}

const credit = (number: string, version: number, body: Record<string, unknown> = {}) =>
  save(staff, number, { version, state: 'credited', credit: body });

const shippingRefunded = async (number: string) =>
  (await t.db.select({ n: orders.shippingRefundedCents }).from(orders).where(eq(orders.number, number)))[0]!.n;

describe('money per line on the staff return page', () => {
  it('shows paid, on other returns, credited over all returns and still creditable; the total and method per return', async () => {
    const made = await anOrder();
    const first = await receivedReturn(made, [1, 1]);
    const firstDetail = await detail(staff, first.number);
    expect(firstDetail.credit).toBeNull();
    const res = await credit(first.number, first.version, { lines: { [first.lines[1]!.id]: { amountCents: 1200 } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const second = await receivedReturn(made, [2, 0]);
    const d = await detail(staff, second.number);
    expect(d.credit).toBeNull();
    expect(d.lines).toHaveLength(1);
    expect(d.lines[0]).toMatchObject({
      quantity: 2,
      unitPriceCents: 1500,
      unitsReceived: 2,
      condition: 'resellable',
      unitsCredited: null,
      orderLine: {
        bought: 3,
        paidCents: 4500,
        unitsOnOtherReturns: 1,
        unitsCredited: 1,
        amountCreditedCents: 1500,
        stillCreditableCents: 3000
      }
    });
    // The first return: its own credit and, per line, what the order line has left.
    const f = await detail(staff, first.number);
    expect(f.credit).toMatchObject({ method: 'refund', totalCents: 2700, shippingRefundedCents: 0 });
    expect(f.lines.map((l: { orderLine: { unitsOnOtherReturns: number; stillCreditableCents: number } }) => l.orderLine)).toEqual([
      expect.objectContaining({ unitsOnOtherReturns: 2, stillCreditableCents: 3000 }),
      expect.objectContaining({ bought: 2, paidCents: 4000, unitsOnOtherReturns: 0, amountCreditedCents: 1200, stillCreditableCents: 2800 })
    ]);
    expect(f.order).toMatchObject({ shippingCents: null, shippingRefundedCents: 0, shippingRefundableCents: 0 });
  });

  it('an old credited return with unknown amounts answers null, never zero', async () => {
    const made = await anOrder();
    const r = await receivedReturn(made, [1, 0]);
    // As migration 0006 left returns credited before amounts were recorded.
    await t.db.execute(sql`update returns set state = 'credited', credit_decided_at = now() where number = ${r.number}`);
    const d = await detail(staff, r.number);
    expect(d.credit).toMatchObject({ method: null, totalCents: null, shippingRefundedCents: null });
    expect(d.lines[0].amountCreditedCents).toBeNull();
    expect(d.lines[0].orderLine.stillCreditableCents).toBe(4500);
  });

  it('the staff order page shows per line paid, on returns, credited, still creditable, and the shipping', async () => {
    const made = await anOrder(590);
    const r = await receivedReturn(made, [2, 0]);
    expect((await credit(r.number, r.version, { refundShippingCents: 290 })).status).toBe(200);
    const res = await staff.get(`/api/staff/orders/${made.order.number}`);
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ shippingCents: 590, shippingRefundedCents: 290 });
    expect(
      res.body.order.lines.map((l: Record<string, number>) => [
        l.paidCents,
        l.unitsOnReturns,
        l.unitsCredited,
        l.amountCreditedCents,
        l.stillCreditableCents
      ])
    ).toEqual([
      [4500, 2, 2, 3000, 1500],
      [4000, 0, 0, 0, 4000]
    ]);
  });
});

describe('refunding the order’s shipping', () => {
  it('adds it to the credit total, tells the shopper, the email and the webhook, and counts it on the order', async () => {
    const made = await anOrder(590);
    const r = await receivedReturn(made, [1, 0]);
    await t.db.delete(outbox);
    const res = await save(staff, r.number, { version: r.version, state: 'credited', notify: true, credit: { refundShippingCents: 590 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return.credit).toMatchObject({ totalCents: 2090, shippingRefundedCents: 590 });
    expect(res.body.return.order).toMatchObject({ shippingRefundedCents: 590, shippingRefundableCents: 0 });
    expect(await shippingRefunded(made.order.number)).toBe(590);

    const shopper = await signInShopper(t, made.customer);
    expect((await shopper.get(`/api/returns/${r.number}`)).body.return.credit).toMatchObject({
      totalCents: 2090,
      shippingRefundedCents: 590
    });
    const rows = await t.db.select().from(outbox);
    const email = rows.find((o) => o.kind === 'email')!.payload as { text: string };
    expect(email.text).toContain('€20.90 will be refunded');
    expect(email.text).toMatch(/- Shipping: €5\.90|- Frais de livraison : 5,90|- Frais de livraison: 5,90/);
    const hook = rows.find((o) => o.topic === 'return.credited')!.payload as { data: Record<string, unknown> };
    expect(hook.data).toMatchObject({ totalCents: 2090, shippingRefundedCents: 590, shippingDeductionCents: 0 });
  });

  it('refuses more than the order’s shipping over all its returns, an unknown shipping, and bad amounts: nothing written', async () => {
    const made = await anOrder(500);
    const first = await receivedReturn(made, [1, 0]);
    expect((await credit(first.number, first.version, { refundShippingCents: 300 })).status).toBe(200);
    const second = await receivedReturn(made, [1, 0]);
    const over = await credit(second.number, second.version, { refundShippingCents: 201 });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'shipping_over_paid', fields: { 'credit.refundShippingCents': 'exceeds_shipping' } });
    for (const bad of [-1, 2.5, '200']) {
      const res = await credit(second.number, second.version, { refundShippingCents: bad });
      expect(res.status, String(bad)).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['credit.refundShippingCents']);
    }
    const after = await detail(staff, second.number);
    expect(after.state).toBe('received');
    expect(after.credit).toBeNull();
    expect(await shippingRefunded(made.order.number)).toBe(300);
    const rest = await credit(second.number, second.version, { refundShippingCents: 200 });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(await shippingRefunded(made.order.number)).toBe(500);

    const unknown = await anOrder(null);
    const r = await receivedReturn(unknown, [1, 0]);
    const res = await credit(r.number, r.version, { refundShippingCents: 1 });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'shipping_unknown', fields: { 'credit.refundShippingCents': 'shipping_unknown' } });
    expect((await detail(staff, r.number)).credit).toBeNull();
  });

  it('is held by the database: a direct update that would refund more than the shipping, or change a decided one, is refused', async () => {
    const made = await anOrder(400);
    const r = await receivedReturn(made, [1, 0]);
    expect((await credit(r.number, r.version, { refundShippingCents: 400 })).status).toBe(200);
    const other = await receivedReturn(made, [1, 0]);
    // A second return refunding shipping behind the service's back.
    await expect(
      t.db.execute(
        sql`update returns set credit_decided_at = now(), credit_method = 'refund', credit_total_cents = 1, shipping_refunded_cents = 1 where number = ${other.number}`
      )
    ).rejects.toThrow();
    await expect(t.db.execute(sql`update orders set shipping_refunded_cents = 401 where number = ${made.order.number}`)).rejects.toThrow();
    await expect(t.db.execute(sql`update orders set shipping_cents = 399 where number = ${made.order.number}`)).rejects.toThrow();
    await expect(t.db.execute(sql`update returns set shipping_refunded_cents = 100 where number = ${r.number}`)).rejects.toThrow();
    const [row] = await t.db.select().from(returns).where(eq(returns.number, other.number));
    expect(row!.creditDecidedAt).toBeNull();
    expect(await shippingRefunded(made.order.number)).toBe(400);
  });

  it('two staff refunding the whole shipping on two returns of one order at once: one wins, the other is refused', async () => {
    const made = await anOrder(590);
    const a = await receivedReturn(made, [1, 0]);
    const b = await receivedReturn(made, [1, 0]);
    const results = await Promise.all([
      credit(a.number, a.version, { refundShippingCents: 590 }),
      credit(b.number, b.version, { refundShippingCents: 590 })
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)!.body.error.code).toBe('shipping_over_paid');
    expect(await shippingRefunded(made.order.number)).toBe(590);
  });

  it('takes the return-shipping deduction on the lines and adds the shipping refund after it', async () => {
    await t.db.update(shopSettings).set({ returnShippingCents: 495 }).where(eq(shopSettings.id, 1));
    try {
      const made = await anOrder(590);
      const r = await receivedReturn(made, [1, 0]);
      const res = await credit(r.number, r.version, { refundShippingCents: 590 });
      expect(res.status).toBe(200);
      expect(res.body.return.credit).toMatchObject({
        totalCents: 1500 - 495 + 590,
        shippingDeductionCents: 495,
        shippingRefundedCents: 590
      });
    } finally {
      await t.db.update(shopSettings).set({ returnShippingCents: 0 }).where(eq(shopSettings.id, 1));
    }
  });
});

describe('the money settings', () => {
  it('the return-shipping deduction is a whole number of minor units, 0 or more, checked by the server with its field', async () => {
    for (const bad of [-1, 4.95, '495', null]) {
      const res = await admin.patch('/api/staff/settings', { returnShippingCents: bad });
      expect(res.status, String(bad)).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['returnShippingCents']);
    }
    expect((await staff.patch('/api/staff/settings', { returnShippingCents: 495 })).status).toBe(403);
    const ok = await admin.patch('/api/staff/settings', { returnShippingCents: 495 });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.returnShippingCents).toBe(495);
    expect((await admin.patch('/api/staff/settings', { returnShippingCents: 0 })).status).toBe(200);
  });

  it('the restocking fee per reason is listed for the Settings screen and refused outside 0–100 or fractional', async () => {
    const list = (await admin.get('/api/staff/settings/reasons')).body.reasons as {
      id: number;
      code: string;
      restockingFeePercent: number;
    }[];
    const reason = list.find((r) => r.code === 'changed_mind')!;
    expect(reason.restockingFeePercent).toBe(0);
    for (const bad of [-1, 101, 12.5, '10']) {
      const res = await admin.patch(`/api/staff/settings/reasons/${reason.id}`, { restockingFeePercent: bad });
      expect(res.status, String(bad)).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['restockingFeePercent']);
    }
    expect((await admin.patch(`/api/staff/settings/reasons/${reason.id}`, { restockingFeePercent: 100 })).status).toBe(200);
    const after = (await admin.get('/api/staff/settings/reasons')).body.reasons as { id: number; restockingFeePercent: number }[];
    expect(after.find((r) => r.id === reason.id)!.restockingFeePercent).toBe(100);
    await admin.patch(`/api/staff/settings/reasons/${reason.id}`, { restockingFeePercent: 0 });
  });
});

describe('the order push carries the shipping amount', () => {
  function sign(body: string) {
    const ts = Math.floor(t.clock.now.getTime() / 1000);
    return `t=${ts},v1=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
  }
  async function push(payload: unknown) {
    const body = JSON.stringify(payload);
    const res = await t.app.request(`${ORIGIN}/api/integrations/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'reprise-signature': sign(body) },
      body
    });
    return { status: res.status, body: await res.json() };
  }
  let seq = 0;
  const pushed = (shipping: Record<string, unknown>, number = `SHIP-${Date.now().toString(36)}-${++seq}`) => ({
    number,
    customer: { email: `ship.${number.toLowerCase()}@example.com`, firstName: 'Inès' },
    status: 'delivered',
    currency: 'EUR',
    placedAt: new Date(t.clock.now.getTime() - 5 * 86_400_000).toISOString(),
    deliveredAt: new Date(t.clock.now.getTime() - 2 * 86_400_000).toISOString(),
    lines: [{ sku: `S-${number}`, name: 'Linen shirt', unitPriceCents: 4500, quantity: 1 }],
    ...shipping
  });
  const stored = async (number: string) =>
    (await t.db.select({ s: orders.shippingCents }).from(orders).where(eq(orders.number, number)))[0]?.s;

  it('stores shippingCents, null when absent, and refuses negative, fractional or text amounts', async () => {
    const a = pushed({ shippingCents: 590 });
    expect((await push(a)).status).toBe(201);
    expect(await stored(a.number)).toBe(590);
    const b = pushed({});
    expect((await push(b)).status).toBe(201);
    expect(await stored(b.number)).toBeNull();
    for (const bad of [-1, 4.5, '590']) {
      const c = pushed({ shippingCents: bad });
      const res = await push(c);
      expect(res.status, String(bad)).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['shippingCents']);
      expect(await stored(c.number)).toBeUndefined();
    }
  });

  it('a later push may change the shipping, never below what the order’s returns refunded', async () => {
    const a = pushed({ shippingCents: 590 });
    expect((await push(a)).status).toBe(201);
    t.advance(1000);
    expect((await push({ ...a, shippingCents: 600 })).status).toBe(200);
    // A pushed line without a variant title is a one-size product: no "Wrong size" on it (checkLines).
    const ret = await staffCreate(admin, {
      orderNumber: a.number,
      lines: [lineInput(ids, (await detailLine(a.number)).id, 1, 'changed_mind')],
      state: 'received'
    });
    expect((await credit(ret.number, ret.version, { refundShippingCents: 500 })).status).toBe(200);
    t.advance(1000);
    const lower = await push({ ...a, shippingCents: 499 });
    expect(lower.status).toBe(422);
    expect(lower.body.error).toMatchObject({ code: 'order_not_updatable', fields: { shippingCents: 'below_shipping_refunded' } });
    t.advance(1000);
    const unknown = await push({ ...a, shippingCents: undefined });
    expect(unknown.body.error.fields).toEqual({ shippingCents: 'below_shipping_refunded' });
    expect(await stored(a.number)).toBe(600);
  });

  async function detailLine(number: string) {
    const res = await staff.get(`/api/staff/orders/${number}`);
    return res.body.order.lines[0] as { id: number };
  }
});
