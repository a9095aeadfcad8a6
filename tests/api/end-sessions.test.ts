import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endAllSessions } from '../../server/auth/sessions.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { openPortalLink } from '../helpers/links.ts';
import { signInShopper } from '../helpers/sign-in.ts';

// After a leaked SHOP_SECRET: a new secret stops new openings, and `npm run sessions:end -- order`
// ends the order sessions the leaked links already opened.
let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ SHOP_SECRET: 'a-shop-secret-of-at-least-32-characters!!' });
});
afterAll(() => t.close());

describe('ending every order session at once', () => {
  it('ends every order session, and only those: a signed-in shopper stays signed in', async () => {
    const guest = await createCustomer(t.db, { password: null });
    const { order } = await createOrder(t.db, guest, { now: t.clock.now });
    const first = await openPortalLink(t, order.number);
    const second = await openPortalLink(t, order.number);
    const shopper = await signInShopper(t);
    expect((await first.get(`/api/orders/${order.number}`)).status).toBe(200);

    expect(await endAllSessions(t.db, 'order')).toBe(2);
    for (const agent of [first, second]) {
      expect((await agent.get(`/api/orders/${order.number}`)).status).toBe(401);
      expect((await agent.get('/api/auth/order-session')).body).toEqual({ order: null });
    }
    expect((await shopper.get('/api/auth/me')).status).toBe(200);
  });
});
