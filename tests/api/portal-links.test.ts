import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hmacHex, portalLinkHmac, verifySignature } from '../../server/outbound/signature.ts';
import { setupApp, type Agent, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { linkBody, openPortalLink, portalLink } from '../helpers/links.ts';
import { catalogIds } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

const SECRET = 'portal-links-secret-0123456789abcdefgh';
const OLD_SECRET = 'portal-links-old-secret-0123456789abcd';
const DAY = 86_400_000;

let t: TestContext;
let ids: Awaited<ReturnType<typeof catalogIds>>;
beforeAll(async () => {
  t = await setupApp({ SHOP_SECRET: SECRET, SHOP_SECRET_PREVIOUS: OLD_SECRET });
  ids = await catalogIds(t.db);
});
afterAll(() => t.close());

const trade = (body: Record<string, string>, agent: Agent = t.agent()) => agent.post('/api/auth/order-link', body);

/** The one refusal every bad link gets. */
function expectInvalid(res: { status: number; body: any }) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_link');
  expect(res.body.error.message).toBe('This link has expired or is not valid.');
  expect(res.body.error.fields).toEqual({ sig: 'invalid_link' });
}

async function guestWithOrder() {
  const guest = await createCustomer(t.db, { password: null, locale: 'fr' });
  const { order, lines } = await createOrder(t.db, guest, { now: t.clock.now });
  return { guest, order, lines };
}

describe('a signed portal link opens one order without a password', () => {
  it('gives a guest that order, its return form and its returns, and nothing else', async () => {
    const { guest, order, lines } = await guestWithOrder();
    const { order: second } = await createOrder(t.db, guest, { now: t.clock.now });
    const res = await trade(linkBody(portalLink(t, order.number, { to: 'return' })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ number: order.number, to: 'return', access: 'order' });
    const agent = t.agent();
    for (const [k, v] of res.headers.getSetCookie().map((l) => l.split(';')[0]!.split('='))) agent.cookies.set(k!, v!);

    expect((await agent.get(`/api/orders/${order.number}`)).status).toBe(200);
    expect((await agent.get('/api/auth/order-session')).body).toEqual({ order: { number: order.number, firstName: guest.firstName } });
    const created = await agent.post('/api/returns', {
      orderNumber: order.number,
      lines: [{ orderLineId: lines[0]!.id, quantity: 1, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') }]
    });
    expect(created.status).toBe(201);
    const number = created.body.return.number;
    expect((await agent.get(`/api/returns/${number}`)).status).toBe(200);
    expect((await agent.post(`/api/returns/${number}/cancel`)).status).toBe(200);

    // The guest's other order, My orders, My returns and the account are out of reach.
    expect((await agent.get(`/api/orders/${second.number}`)).status).toBe(404);
    const elsewhere = await agent.post('/api/returns', {
      orderNumber: second.number,
      lines: [{ orderLineId: lines[0]!.id, quantity: 1, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') }]
    });
    expect(elsewhere.status).toBe(404);
    expect((await agent.get('/api/orders')).status).toBe(401);
    expect((await agent.get('/api/returns')).status).toBe(401);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    expect((await agent.patch('/api/auth/me', { locale: 'en' })).status).toBe(401);

    // Signing out ends the order session.
    expect((await agent.post('/api/auth/sign-out')).status).toBe(200);
    expect((await agent.get(`/api/orders/${order.number}`)).status).toBe(401);
  });

  it('lets the owner, already signed in, simply go on with their own session', async () => {
    const owner = await createCustomer(t.db);
    const { order } = await createOrder(t.db, owner, { now: t.clock.now });
    const agent = await signInShopper(t, owner);
    const res = await trade(linkBody(portalLink(t, order.number)), agent);
    expect(res.body).toEqual({ number: order.number, to: 'order', access: 'account' });
    expect((await agent.get('/api/orders')).status).toBe(200);
  });

  it('ends the session of another shopper in the same browser, and opens the order only', async () => {
    const { order } = await guestWithOrder();
    const agent = await signInShopper(t);
    const res = await trade(linkBody(portalLink(t, order.number)), agent);
    expect(res.body.access).toBe('order');
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    expect((await agent.get(`/api/orders/${order.number}`)).status).toBe(200);
  });

  it('opens the same link again until it expires (it sits in an email), then not, and the session expires too', async () => {
    const { order } = await guestWithOrder();
    const link = portalLink(t, order.number, { days: 2 });
    const agent = await openPortalLink(t, order.number);
    expect((await trade(linkBody(link))).status).toBe(200);
    expect((await trade(linkBody(link))).status).toBe(200);
    t.advance(2 * DAY + 1000);
    try {
      expectInvalid(await trade(linkBody(link)));
      expect((await agent.get(`/api/orders/${order.number}`)).status).toBe(401);
    } finally {
      t.advance(-(2 * DAY + 1000));
    }
  });

  it('still opens links signed with SHOP_SECRET_PREVIOUS while the secret is changed', async () => {
    const { order } = await guestWithOrder();
    expect((await trade(linkBody(portalLink(t, order.number, { secret: OLD_SECRET })))).status).toBe(200);
    expectInvalid(await trade(linkBody(portalLink(t, order.number, { secret: 'some-other-secret-0123456789abcdefghij' }))));
  });
});

describe('bad links: one answer, nothing opened', () => {
  it('refuses tampered, truncated, expired, edited and unknown-order links the same way', async () => {
    const { order } = await guestWithOrder();
    const { order: other } = await guestWithOrder();
    const good = linkBody(portalLink(t, order.number));
    const flipped = good.sig!.slice(0, -1) + (good.sig!.endsWith('0') ? '1' : '0');
    const nowS = Math.floor(t.clock.now.getTime() / 1000);
    const cases: Record<string, string>[] = [
      { ...good, sig: flipped },
      { ...good, sig: good.sig!.slice(0, 40) },
      { ...good, sig: '' },
      { ...good, sig: good.sig!.toUpperCase() + '00' },
      { ...good, number: other.number },
      { ...good, exp: String(Number(good.exp) + 1) },
      { number: order.number, exp: String(nowS - 1), sig: portalLinkHmac(SECRET, order.number, nowS - 1) },
      { number: order.number, exp: String(nowS + 400 * 86_400), sig: portalLinkHmac(SECRET, order.number, nowS + 400 * 86_400) },
      { number: 'NO-SUCH-ORDER', exp: good.exp!, sig: portalLinkHmac(SECRET, 'NO-SUCH-ORDER', Number(good.exp)) }
    ];
    for (const body of cases) {
      const agent = t.agent();
      expectInvalid(await trade(body, agent));
      expect(agent.cookies.size).toBe(0);
    }
  });

  it('never takes a push or webhook signature as a link, nor a link as a push', async () => {
    const { order } = await guestWithOrder();
    const exp = Math.floor(t.clock.now.getTime() / 1000) + DAY / 1000;
    // The bytes a push or a webhook would sign for the same values.
    for (const sig of [hmacHex(SECRET, exp, order.number), hmacHex(SECRET, exp, order.number, 'webhook')]) {
      expectInvalid(await trade({ number: order.number, exp: String(exp), sig }));
    }
    const linkSig = portalLinkHmac(SECRET, order.number, exp);
    const asPush = verifySignature(SECRET, `t=${exp},v1=${linkSig}`, order.number, new Date(exp * 1000));
    expect(asPush.ok).toBe(false);
  });

  it('refuses order numbers with path characters, unknown targets and languages with a 400 naming the field', async () => {
    const { order } = await guestWithOrder();
    const good = linkBody(portalLink(t, order.number));
    for (const number of ['../staff', 'a/b', '..', '%2e%2e', ' ', 'x'.repeat(65)]) {
      const res = await trade({ ...good, number });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('number');
    }
    for (const to of ['https://evil.example', '//evil.example', '/staff', 'javascript:alert(1)']) {
      const res = await trade({ ...good, to });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('to');
    }
    const lang = await trade({ ...good, lang: 'de' });
    expect(lang.status).toBe(400);
    expect(lang.body.error.fields).toHaveProperty('lang');
    expect((await trade({ ...good, extra: '1' })).status).toBe(400);
  });

  it('is off without SHOP_SECRET: every link is refused the same way', async () => {
    const off = await setupApp();
    try {
      const customer = await createCustomer(off.db);
      const { order } = await createOrder(off.db, customer, { now: off.clock.now });
      const exp = Math.floor(off.clock.now.getTime() / 1000) + 3600;
      expectInvalid(
        await off
          .agent()
          .post('/api/auth/order-link', { number: order.number, exp: String(exp), sig: portalLinkHmac(SECRET, order.number, exp) })
      );
    } finally {
      await off.close();
    }
  });
});
