import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { signInShopper } from '../helpers/sign-in.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

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
