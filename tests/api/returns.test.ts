import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, returns, returnReasons } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds, setReturnsAllowed, unitsOnReturns } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

let t: TestContext;
let ids: Awaited<ReturnType<typeof catalogIds>>;
beforeAll(async () => {
  t = await setupApp();
  ids = await catalogIds(t.db);
});
afterAll(() => t.close());

async function shopperWithOrder(opts: Parameters<typeof createOrder>[2] extends infer O ? Partial<O & object> : never = {}) {
  const customer = await createCustomer(t.db);
  const made = await createOrder(t.db, customer, { now: t.clock.now, ...opts });
  const agent = await signInShopper(t, customer);
  return { customer, agent, ...made };
}

const line = (orderLineId: number, quantity = 1, reason = 'wrong_size', extra: Record<string, unknown> = {}) => ({
  orderLineId,
  quantity,
  reasonId: ids.reason(reason),
  actionId: ids.action('refund'),
  ...extra
});

/** The shopper's view of a return: exactly these keys, nothing internal. */
const shopperReturnSchema = z.strictObject({
  return: z.strictObject({
    number: z.string().regex(/^R-.+-\d+$/),
    orderNumber: z.string(),
    state: z.string(),
    kind: z.enum(['return', 'claim']),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    customerComment: z.string(),
    messages: z.array(z.strictObject({ body: z.string(), at: z.string(), authorRole: z.enum(['staff', 'admin']) })),
    canCancel: z.boolean(),
    lines: z.array(
      z.strictObject({
        orderLineId: z.number(),
        name: z.string(),
        variant: z.string().nullable(),
        quantity: z.number(),
        reason: z.strictObject({ code: z.string(), labelEn: z.string(), labelFr: z.string() }),
        reasonText: z.string().nullable(),
        action: z.strictObject({ code: z.string(), labelEn: z.string(), labelFr: z.string() }),
        // What arrived and what was credited (never the staff's keep-the-item or restock decisions).
        unitsReceived: z.number().nullable(),
        condition: z.enum(['resellable', 'damaged', 'missing']).nullable(),
        unitsCredited: z.number().nullable(),
        amountCreditedCents: z.number().nullable(),
        creditMethod: z.enum(['refund', 'store_credit', 'replacement', 'kept']).nullable(),
        replacement: z
          .strictObject({ sku: z.string(), label: z.string().nullable(), units: z.number(), priceDifferenceCents: z.number() })
          .nullable()
      })
    ),
    currency: z.string(),
    credit: z
      .strictObject({
        method: z.string().nullable(),
        currency: z.string(),
        totalCents: z.number().nullable(),
        totals: z.strictObject({ refund: z.number(), store_credit: z.number(), replacement: z.number() }).nullable(),
        shippingDeductionCents: z.number().nullable(),
        shippingRefundedCents: z.number().nullable(),
        decidedAt: z.string()
      })
      .nullable(),
    // Only while approved: where and how to send the items (the shop's settings).
    sendTo: z.strictObject({ address: z.string(), instructions: z.strictObject({ en: z.string(), fr: z.string() }) }).nullable(),
    timeline: z.array(z.strictObject({ state: z.string(), at: z.string() })),
    // The shopper's photos (tests/api/photos.test.ts): ids and sizes only.
    photos: z.array(z.strictObject({ id: z.string(), orderLineId: z.number(), width: z.number(), height: z.number() }))
  })
});

describe('requesting a return', () => {
  it('creates a return with two lines, numbered after the order, audited, units reserved', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 2 }, { quantity: 1 }] });
    const res = await agent.post('/api/returns', {
      orderNumber: order.number,
      lines: [line(lines[0]!.id, 2, 'wrong_size'), line(lines[1]!.id, 1, 'other', { reasonText: 'Colour is off' })],
      comment: 'Thanks!'
    });
    expect(res.status).toBe(201);
    const body = shopperReturnSchema.parse(res.body);
    expect(body.return.number).toBe(`R-${order.number}-1`);
    expect(body.return.state).toBe('requested');
    expect(body.return.lines.map((l) => [l.quantity, l.reason.code, l.reasonText])).toEqual([
      [2, 'wrong_size', null],
      [1, 'other', 'Colour is off']
    ]);
    expect(body.return.timeline).toEqual([{ state: 'requested', at: t.clock.now.toISOString() }]);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(2);
    const [ret] = await t.db.select().from(returns).where(eq(returns.number, body.return.number));
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.returnId, ret!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'created', actorType: 'customer' });

    const order2 = await agent.get(`/api/orders/${order.number}`);
    expect(order2.body.order.lines[0]).toMatchObject({ returnableQuantity: 0, blockedReason: 'all_on_returns' });
    expect(order2.body.order.returns).toEqual([
      { number: body.return.number, state: 'requested', kind: 'return', createdAt: t.clock.now.toISOString() }
    ]);
  });

  it('numbers a second return of the same order -2', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 3 }] });
    await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    const second = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    expect(second.body.return.number).toBe(`R-${order.number}-2`);
  });

  it('refuses more units than are returnable (422, per line), writing nothing', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 2 }] });
    const res = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 3)] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'return_not_allowed', fields: { 'lines.0.quantity': 'exceeds_returnable' } });
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(0);
  });

  it('refuses a line outside the return window', async () => {
    const { agent, order, lines } = await shopperWithOrder({ placedDaysAgo: 50, deliveredDaysAgo: 31 });
    const res = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({ 'lines.0.orderLineId': 'window_passed' });
  });

  it('refuses a line of an order not delivered yet', async () => {
    const { agent, order, lines } = await shopperWithOrder({ deliveredDaysAgo: null });
    const res = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({ 'lines.0.orderLineId': 'not_delivered' });
  });

  it('refuses a final-sale line but accepts the other line of the same order when asked alone', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 1, finalSale: true }, { quantity: 1 }] });
    const both = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1), line(lines[1]!.id, 1)] });
    expect(both.status).toBe(422);
    expect(both.body.error.fields).toEqual({ 'lines.0.orderLineId': 'final_sale' });
    expect(await unitsOnReturns(t.db, lines[1]!.id)).toBe(0);
    const alone = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[1]!.id, 1)] });
    expect(alone.status).toBe(201);
  });

  it('refuses an inactive reason, an unknown action and "Other" without text', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 1 }, { quantity: 1 }, { quantity: 1 }] });
    await t.db.update(returnReasons).set({ active: false }).where(eq(returnReasons.code, 'changed_mind'));
    try {
      const res = await agent.post('/api/returns', {
        orderNumber: order.number,
        lines: [line(lines[0]!.id, 1, 'changed_mind'), { ...line(lines[1]!.id, 1), actionId: 999_999 }, line(lines[2]!.id, 1, 'other')]
      });
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual({
        'lines.0.reasonId': 'invalid_reason',
        'lines.1.actionId': 'invalid_action',
        'lines.2.reasonText': 'reason_text_required'
      });
    } finally {
      await t.db.update(returnReasons).set({ active: true }).where(eq(returnReasons.code, 'changed_mind'));
    }
  });

  it('refuses a line that belongs to another order', async () => {
    const { agent, order } = await shopperWithOrder();
    const other = await shopperWithOrder();
    const res = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(other.lines[0]!.id, 1)] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({ 'lines.0.orderLineId': 'unknown_line' });
  });

  it('refuses unknown keys such as state or customerId (400) and writes nothing', async () => {
    const { agent, order, lines } = await shopperWithOrder();
    const res = await agent.post('/api/returns', {
      orderNumber: order.number,
      lines: [line(lines[0]!.id, 1)],
      state: 'credited',
      customerId: 1
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ state: 'unknown_field', customerId: 'unknown_field' });
    const nested = await agent.post('/api/returns', { orderNumber: order.number, lines: [{ ...line(lines[0]!.id, 1), restock: true }] });
    expect(nested.status).toBe(400);
    expect(nested.body.error.fields).toEqual({ 'lines.0.restock': 'unknown_field' });
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(0);
  });

  it('refuses texts over their limits and the same line twice', async () => {
    const { agent, order, lines } = await shopperWithOrder();
    const long = await agent.post('/api/returns', {
      orderNumber: order.number,
      lines: [line(lines[0]!.id, 1, 'other', { reasonText: 'x'.repeat(501) })],
      comment: 'y'.repeat(2001)
    });
    expect(long.status).toBe(400);
    expect(long.body.error.fields).toMatchObject({ 'lines.0.reasonText': 'too_big', comment: 'too_big' });
    const twice = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1), line(lines[0]!.id, 1)] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toEqual({ 'lines.1.orderLineId': 'custom' });
  });

  it('refuses with 403 returns_disabled when the shop turned returns off a moment ago', async () => {
    const { agent, order, lines } = await shopperWithOrder();
    await setReturnsAllowed(t.db, false);
    try {
      const res = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('returns_disabled');
      expect((await agent.get(`/api/orders/${order.number}`)).body.returnsAllowed).toBe(false);
    } finally {
      await setReturnsAllowed(t.db, true);
    }
  });
});

describe('following and cancelling', () => {
  it('lists My returns newest first and shows a return; cancel frees the units and is audited', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 2 }] });
    const first = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    t.advance(60_000);
    const second = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    const list = await agent.get('/api/returns');
    expect(list.body.returns.map((r: { number: string }) => r.number)).toEqual([second.body.return.number, first.body.return.number]);
    expect(list.body.returns[0]).toMatchObject({ orderNumber: order.number, state: 'requested', itemCount: 1 });

    t.advance(60_000);
    const cancelled = await agent.post(`/api/returns/${first.body.return.number}/cancel`);
    expect(cancelled.status).toBe(200);
    const view = shopperReturnSchema.parse(cancelled.body);
    expect(view.return.state).toBe('cancelled');
    expect(view.return.canCancel).toBe(false);
    expect(view.return.timeline.map((e) => e.state)).toEqual(['requested', 'cancelled']);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(1);
    const orderView = await agent.get(`/api/orders/${order.number}`);
    expect(orderView.body.order.lines[0].returnableQuantity).toBe(1);

    const again = await agent.post(`/api/returns/${first.body.return.number}/cancel`);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('illegal_transition');
  });

  it('the shopper’s view never carries the staff note or restock fields', async () => {
    const { agent, order, lines } = await shopperWithOrder();
    const created = await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] });
    await t.db.update(returns).set({ staffNote: 'SECRET internal note' }).where(eq(returns.number, created.body.return.number));
    const res = await agent.get(`/api/returns/${created.body.return.number}`);
    shopperReturnSchema.parse(res.body);
    expect(JSON.stringify(res.body)).not.toContain('SECRET');
  });
});

describe('ownership', () => {
  it('shopper A gets 404 and no data for every order and return of shopper B, on every endpoint', async () => {
    const a = await shopperWithOrder();
    const b = await shopperWithOrder({ lines: [{ quantity: 2 }] });
    const bReturn = await b.agent.post('/api/returns', { orderNumber: b.order.number, lines: [line(b.lines[0]!.id, 1)] });
    const number = bReturn.body.return.number;
    const attempts = [
      await a.agent.get(`/api/orders/${b.order.number}`),
      await a.agent.get(`/api/returns/${number}`),
      await a.agent.post(`/api/returns/${number}/cancel`),
      await a.agent.post('/api/returns', { orderNumber: b.order.number, lines: [line(b.lines[0]!.id, 1)] }),
      await a.agent.get('/api/orders/NO-SUCH-ORDER'),
      await a.agent.get('/api/returns/R-NOPE-1')
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(JSON.stringify(res.body)).not.toContain(b.customer.email);
    }
    expect((await a.agent.get('/api/returns')).body.returns).toEqual([]);
    expect((await b.agent.get(`/api/returns/${number}`)).body.return.state).toBe('requested');
    expect(await unitsOnReturns(t.db, b.lines[0]!.id)).toBe(1);
  });
});

describe('idempotency', () => {
  it('the same key and body replays the first answer; a different body is 409', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 2 }] });
    const body = { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] };
    const key = { 'idempotency-key': 'key-0001-abcdef' };
    const first = await agent.post('/api/returns', body, key);
    const replay = await agent.post('/api/returns', body, key);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(1);
    const mismatch = await agent.post('/api/returns', { ...body, comment: 'different' }, key);
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.code).toBe('idempotency_key_reused');
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(1);
  });

  it('concurrent requests with one key create one return', async () => {
    const { agent, order, lines } = await shopperWithOrder({ lines: [{ quantity: 5 }] });
    const body = { orderNumber: order.number, lines: [line(lines[0]!.id, 1)] };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => agent.post('/api/returns', body, { 'idempotency-key': 'same-key-concurrent' }))
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.return.number)).size).toBe(1);
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(1);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(1);
  });

  it('a key is per shopper: another shopper’s same key is a fresh request', async () => {
    const a = await shopperWithOrder();
    const b = await shopperWithOrder();
    const key = { 'idempotency-key': 'shared-key-123' };
    expect((await a.agent.post('/api/returns', { orderNumber: a.order.number, lines: [line(a.lines[0]!.id, 1)] }, key)).status).toBe(201);
    const res = await b.agent.post('/api/returns', { orderNumber: b.order.number, lines: [line(b.lines[0]!.id, 1)] }, key);
    expect(res.status).toBe(201);
    expect(res.body.return.orderNumber).toBe(b.order.number);
  });
});

describe('emails on a new request', () => {
  it('queues "request received" for the shopper in their language and a notice to the shop, in the same transaction', async () => {
    const { outbox: outboxTable, shopSettings } = await import('../../server/db/schema.ts');
    const customer = await createCustomer(t.db, { locale: 'fr', firstName: 'Inès' });
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now });
    const agent = await signInShopper(t, customer);
    const res = await agent.post('/api/returns', {
      orderNumber: order.number,
      lines: [line(lines[0]!.id, 1, 'other', { reasonText: 'Trop petit' })],
      comment: 'Merci'
    });
    expect(res.status).toBe(201);
    const number = res.body.return.number;
    const [shop] = await t.db.select().from(shopSettings);
    const toShopper = await t.db.select().from(outboxTable).where(eq(outboxTable.recipient, customer.email));
    expect(toShopper).toHaveLength(1);
    expect((toShopper[0]!.payload as { subject: string }).subject).toBe(`Nous avons bien reçu votre demande de retour ${number}`);
    expect((toShopper[0]!.payload as { text: string }).text).toContain(`http://reprise.test/returns/${number}`);
    const toShop = (await t.db.select().from(outboxTable).where(eq(outboxTable.recipient, shop!.contactEmail))).filter((r) =>
      (r.payload as { subject: string }).subject.includes(number)
    );
    expect(toShop).toHaveLength(1);
    expect((toShop[0]!.payload as { text: string }).text).toContain('1 × ');
    expect((toShop[0]!.payload as { text: string }).text).toContain('Other: Trop petit');
    expect((toShop[0]!.payload as { text: string }).text).toContain(`http://reprise.test/staff/returns/${number}`);

    // A refused request writes no email.
    const before = (await t.db.select().from(outboxTable)).length;
    expect((await agent.post('/api/returns', { orderNumber: order.number, lines: [line(lines[0]!.id, 99)] })).status).toBe(422);
    expect(await t.db.select().from(outboxTable)).toHaveLength(before);
  });
});

describe('the return form’s options', () => {
  it('list the active reasons and actions in the shop’s order, without any restock field', async () => {
    const { agent } = await shopperWithOrder();
    const res = await agent.get('/api/returns/options');
    expect(res.status).toBe(200);
    const reason = z.strictObject({
      id: z.number(),
      code: z.string(),
      labelEn: z.string(),
      labelFr: z.string(),
      needsText: z.boolean(),
      // A reason that needs a photo, and what to photograph (tests/api/photos.test.ts).
      requiresPhoto: z.boolean(),
      photoHint: z.strictObject({ en: z.string(), fr: z.string() })
    });
    const action = z.strictObject({ id: z.number(), code: z.string(), labelEn: z.string(), labelFr: z.string() });
    const body = z.strictObject({ reasons: z.array(reason), actions: z.array(action) }).parse(res.body);
    expect(body.reasons.map((r) => r.code)).toEqual(['defective', 'wrong_size', 'wrong_item', 'not_as_described', 'changed_mind', 'other']);
    expect(body.reasons.find((r) => r.code === 'other')!.needsText).toBe(true);
    expect(body.actions.map((a) => a.labelFr)).toContain('Avoir en boutique');
  });
});
