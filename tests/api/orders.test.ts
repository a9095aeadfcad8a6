import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { orderLines, orders, shopSettings, variants as variantsTable } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds, unitsOnReturns } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

/** The variant id of the order's line at `position`. */
async function lineVariant(orderId: number, position: number) {
  const lines = await t.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  return lines.find((l) => l.position === position)?.variantId;
}

describe('My orders', () => {
  it('lists only the shopper’s own orders, newest first, in pages of 10 with a cursor', async () => {
    const me = await createCustomer(t.db);
    const other = await createCustomer(t.db);
    const mine: string[] = [];
    for (let day = 1; day <= 13; day++) {
      const { order } = await createOrder(t.db, me, { now: t.clock.now, placedDaysAgo: day });
      mine.push(order.number);
    }
    await createOrder(t.db, other, { now: t.clock.now, placedDaysAgo: 0 });
    const agent = await signInShopper(t, me);

    const first = await agent.get('/api/orders');
    expect(first.status).toBe(200);
    expect(first.body.orders.map((o: { number: string }) => o.number)).toEqual(mine.slice(0, 10));
    expect(first.body.orders[0]).toMatchObject({ itemCount: 2, status: 'delivered', currency: 'EUR' });
    expect(first.body.nextCursor).toBeTruthy();

    const second = await agent.get(`/api/orders?cursor=${first.body.nextCursor}`);
    expect(second.body.orders.map((o: { number: string }) => o.number)).toEqual(mine.slice(10));
    expect(second.body.nextCursor).toBeNull();
  });

  it('gives the shopper the total they paid: the items and the shipping staff see', async () => {
    const me = await createCustomer(t.db);
    const { order } = await createOrder(t.db, me, { now: t.clock.now, lines: [{ quantity: 1, price: 2500 }] });
    await t.db.update(orders).set({ shippingCents: 495 }).where(eq(orders.id, order.id));
    const { order: unknown } = await createOrder(t.db, me, { now: t.clock.now, placedDaysAgo: 20, lines: [{ quantity: 1, price: 1000 }] });
    const agent = await signInShopper(t, me);

    const list = (await agent.get('/api/orders')).body.orders as { number: string; totalCents: number }[];
    expect(list.find((o) => o.number === order.number)!.totalCents).toBe(2995);
    expect(list.find((o) => o.number === unknown.number)!.totalCents).toBe(1000);
    expect((await agent.get(`/api/orders/${order.number}`)).body.order).toMatchObject({ totalCents: 2995, shippingCents: 495 });
    expect((await agent.get(`/api/orders/${unknown.number}`)).body.order).toMatchObject({ totalCents: 1000, shippingCents: null });
  });

  it('marks a line of a one-size product (one variant, no size label), so the form offers no size reason nor size exchange', async () => {
    const me = await createCustomer(t.db);
    const {
      order,
      variants: [single]
    } = await createOrder(t.db, me, { now: t.clock.now, lines: [{ quantity: 1 }, { quantity: 1 }, { quantity: 1 }] });
    // The first line's product has no size label; the third's single variant is a size ("M": sized, one size in stock).
    await t.db.update(variantsTable).set({ label: null }).where(eq(variantsTable.id, single!.id));
    // The second line's product gets a second size.
    const [second] = await t.db
      .select()
      .from(variantsTable)
      .where(eq(variantsTable.id, (await lineVariant(order.id, 1))!));
    await t.db
      .insert(variantsTable)
      .values({ productId: second!.productId, sku: `${second!.sku}-L`, label: 'L', priceCents: 2000, stockOnHand: 3 });
    const agent = await signInShopper(t, me);
    const lines = (await agent.get(`/api/orders/${order.number}`)).body.order.lines as { oneSize: boolean }[];
    expect(single).toBeDefined();
    expect(lines.map((l) => l.oneSize)).toEqual([true, false, false]);
  });

  it('refuses "Wrong size" and an exchange for another size on a one-size product: 422 naming the line’s field, nothing written', async () => {
    const me = await createCustomer(t.db);
    const {
      order,
      variants: [single]
    } = await createOrder(t.db, me, { now: t.clock.now, lines: [{ quantity: 1 }, { quantity: 1 }] });
    // The first line's product is made in one size; the second's single variant is "M" (a sized product).
    await t.db.update(variantsTable).set({ label: 'One size' }).where(eq(variantsTable.id, single!.id));
    const ids = await catalogIds(t.db);
    const [oneSize, sized] = (await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id))).sort(
      (a, b) => a.position - b.position
    );
    const agent = await signInShopper(t, me);
    const ask = (orderLineId: number, reason: string, action: string) =>
      agent.post('/api/returns', {
        orderNumber: order.number,
        lines: [{ orderLineId, quantity: 1, reasonId: ids.reason(reason), actionId: ids.action(action) }]
      });
    const wrongSize = await ask(oneSize!.id, 'wrong_size', 'refund');
    expect(wrongSize.status).toBe(422);
    expect(wrongSize.body.error).toMatchObject({ code: 'one_size_product', fields: { 'lines.0.reasonId': 'one_size' } });
    const exchange = await ask(oneSize!.id, 'changed_mind', 'exchange_size');
    expect(exchange.status).toBe(422);
    expect(exchange.body.error).toMatchObject({ code: 'one_size_product', fields: { 'lines.0.actionId': 'one_size' } });
    expect(await unitsOnReturns(t.db, oneSize!.id)).toBe(0);
    expect((await ask(oneSize!.id, 'changed_mind', 'refund')).status).toBe(201);
    expect((await ask(sized!.id, 'wrong_size', 'refund')).status).toBe(201);
  });

  it('needs a shopper session', async () => {
    expect((await t.agent().get('/api/orders')).status).toBe(401);
  });

  it('refuses a garbage cursor with 400', async () => {
    const me = await createCustomer(t.db);
    const agent = await signInShopper(t, me);
    const res = await agent.get('/api/orders?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ cursor: 'invalid' });
  });
});

describe('the return window in the shop’s time zone', () => {
  it('ends at the end of its last day where the shop is, and the shopper can return until then', async () => {
    // The clock is 15 June 2026, 12:00 UTC; delivered a day before, at 12:00 UTC on 14 June.
    const me = await createCustomer(t.db);
    const { order } = await createOrder(t.db, me, { now: t.clock.now, deliveredDaysAgo: 1 });
    const agent = await signInShopper(t, me);
    const closes = async () => (await agent.get(`/api/orders/${order.number}`)).body.order.lines[0].windowClosesAt;

    // In UTC, 30 days after 14 June run to the end of 14 July.
    expect(await closes()).toBe('2026-07-15T00:00:00.000Z');
    // In Auckland (UTC+12 in June) it was already 15 June at delivery: to the end of 15 July there.
    await t.db.update(shopSettings).set({ timeZone: 'Pacific/Auckland' }).where(eq(shopSettings.id, 1));
    try {
      expect(await closes()).toBe('2026-07-15T12:00:00.000Z');
    } finally {
      await t.db.update(shopSettings).set({ timeZone: 'UTC' }).where(eq(shopSettings.id, 1));
    }
  });
});
