import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, ne } from 'drizzle-orm';
import { oneTimeTokens, outbox } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { signInStaff } from '../helpers/sign-in.ts';

const MINUTE = 60_000;

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
});
afterAll(() => t.close());

/** The link in the newest lookup email to `email`, as the mailbox has it (or null when none came; a withheld one is never sent). */
async function mailedLink(email: string): Promise<URL | null> {
  const [row] = await t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'auth.order_lookup'), eq(outbox.recipient, email), ne(outbox.status, 'withheld')))
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!row) return null;
  return new URL((row.payload as { text: string }).text.match(/https?:\/\/\S+/)![0]);
}

async function guestOrder() {
  const guest = await createCustomer(t.db, { password: null });
  const { order } = await createOrder(t.db, guest, { now: t.clock.now });
  const { order: other } = await createOrder(t.db, guest, { now: t.clock.now });
  return { guest, order, other };
}

/** A browser with its own client address, so the per-address limit of one test does not reach another. */
let addressSeq = 0;
const fromAddress = () => ({ 'x-forwarded-for': `203.0.113.${++addressSeq}` });

describe('order lookup', () => {
  it('answers the same for a match and no match, does the same writes, and emails only the match', async () => {
    const { guest, order } = await guestOrder();
    const headers = fromAddress();
    const hit = await t.agent().post('/api/auth/lookup', { orderNumber: order.number, email: guest.email.toUpperCase() }, headers);
    const wrongEmail = await t.agent().post('/api/auth/lookup', { orderNumber: order.number, email: 'someone-else@example.com' }, headers);
    const noOrder = await t.agent().post('/api/auth/lookup', { orderNumber: 'NO-SUCH-1', email: guest.email }, headers);
    for (const res of [hit, wrongEmail, noOrder]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ ok: true });
    }
    expect(await mailedLink(guest.email)).not.toBeNull();
    expect(await mailedLink('someone-else@example.com')).toBeNull();
    const rows = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.purpose, 'order_access'));
    expect(rows.filter((r) => r.email === 'someone-else@example.com')).toHaveLength(1);
    expect(rows.filter((r) => r.email === guest.email)).toHaveLength(2);
  });

  it('the emailed link opens that order only, once, for 15 minutes', async () => {
    const { guest, order, other } = await guestOrder();
    expect((await t.agent().post('/api/auth/lookup', { orderNumber: order.number, email: guest.email }, fromAddress())).status).toBe(202);
    const link = (await mailedLink(guest.email))!;
    expect(link.pathname).toBe('/lookup/link');
    const token = link.searchParams.get('token')!;
    const agent = t.agent();
    const opened = await agent.post('/api/auth/lookup/verify', { token });
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ number: order.number, access: 'order' });
    expect((await agent.get(`/api/orders/${order.number}`)).status).toBe(200);
    expect((await agent.get(`/api/orders/${other.number}`)).status).toBe(404);
    expect((await agent.get('/api/orders')).status).toBe(401);
    expect((await agent.get('/api/auth/me')).status).toBe(401);

    const again = await t.agent().post('/api/auth/lookup/verify', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_link');

    expect((await t.agent().post('/api/auth/lookup', { orderNumber: order.number, email: guest.email }, fromAddress())).status).toBe(202);
    const late = (await mailedLink(guest.email))!.searchParams.get('token')!;
    expect(late).not.toBe(token);
    t.advance(15 * MINUTE + 1000);
    const expired = await t.agent().post('/api/auth/lookup/verify', { token: late });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('invalid_link');
  });

  it('never takes a lookup token as a sign-in token, nor the other way round', async () => {
    const { guest, order } = await guestOrder();
    await t.agent().post('/api/auth/lookup', { orderNumber: order.number, email: guest.email }, fromAddress());
    const lookupToken = (await mailedLink(guest.email))!.searchParams.get('token')!;
    const asSignIn = await t.agent().post('/api/auth/sign-in-link/verify', { token: lookupToken });
    expect(asSignIn.status).toBe(400);
    expect(asSignIn.body.error.code).toBe('invalid_link');

    expect((await t.agent().post('/api/auth/sign-in-link', { email: guest.email })).status).toBe(202);
    const [signIn] = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'auth.sign_in_link'), eq(outbox.recipient, guest.email)))
      .orderBy(desc(outbox.id))
      .limit(1);
    const signInToken = new URL((signIn!.payload as { text: string }).text.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!;
    const asLookup = await t.agent().post('/api/auth/lookup/verify', { token: signInToken });
    expect(asLookup.status).toBe(400);
    // Both still work for what they are.
    expect((await t.agent().post('/api/auth/lookup/verify', { token: lookupToken })).status).toBe(200);
    expect((await t.agent().post('/api/auth/sign-in-link/verify', { token: signInToken })).status).toBe(200);
  });

  it('refuses a 300-character email, path characters in the order number and unknown fields with 400', async () => {
    const headers = fromAddress();
    const long = await t.agent().post('/api/auth/lookup', { orderNumber: '1042', email: `${'a'.repeat(288)}@example.com` }, headers);
    expect(long.status).toBe(400);
    expect(long.body.error.fields).toHaveProperty('email');
    const path = await t.agent().post('/api/auth/lookup', { orderNumber: '../1042', email: 'a@example.com' }, headers);
    expect(path.status).toBe(400);
    expect(path.body.error.fields).toHaveProperty('orderNumber');
    expect((await t.agent().post('/api/auth/lookup', { orderNumber: '1042', email: 'a@example.com', next: '/x' }, headers)).status).toBe(
      400
    );
  });

  it('five bogus lookups for an order number, or for an email, do not block its real customer', async () => {
    const { guest, order } = await guestOrder();
    const ask = (orderNumber: string, email: string, headers = fromAddress()) =>
      t.agent().post('/api/auth/lookup', { orderNumber, email }, headers);
    for (let i = 0; i < 6; i++) expect((await ask(order.number, `guess-${i}@example.com`)).status).toBe(202);
    for (let i = 0; i < 6; i++) expect((await ask(`NO-SUCH-${i}`, guest.email)).status).toBe(202);
    const real = await ask(order.number, guest.email);
    expect(real.status).toBe(202);
    expect(await mailedLink(guest.email)).not.toBeNull();
  });

  it('limits lookups per order number and email pair, and per client address (429 with Retry-After)', async () => {
    const ask = (orderNumber: string, email: string, headers = fromAddress()) =>
      t.agent().post('/api/auth/lookup', { orderNumber, email }, headers);
    for (let i = 0; i < 5; i++) expect((await ask('PAIR-1', 'limit-pair@example.com')).status).toBe(202);
    const byPair = await ask('PAIR-1', 'LIMIT-PAIR@example.com');
    expect(byPair.status).toBe(429);
    expect(byPair.body.error.code).toBe('too_many_attempts');
    expect(Number(byPair.headers.get('retry-after'))).toBeGreaterThan(0);

    const one = fromAddress();
    for (let i = 0; i < 30; i++) expect((await ask(`ADDR-${i}`, `addr-${i}@example.com`, one)).status).toBe(202);
    expect((await ask('ADDR-X', 'addr-x@example.com', one)).status).toBe(429);
  });

  it('shows staff the lookup email with its token masked', async () => {
    const { guest, order } = await guestOrder();
    await t.agent().post('/api/auth/lookup', { orderNumber: order.number, email: guest.email }, fromAddress());
    const token = (await mailedLink(guest.email))!.searchParams.get('token')!;
    const { agent } = await signInStaff(t);
    const list = await agent.get('/api/staff/emails');
    const mail = list.body.emails.find(
      (e: { topic: string; recipient: string }) => e.topic === 'auth.order_lookup' && e.recipient === guest.email
    );
    const detail = await agent.get(`/api/staff/emails/${mail.id}`);
    expect(detail.body.email.text).toContain('/lookup/link?token=•••');
    expect(JSON.stringify(detail.body) + JSON.stringify(list.body)).not.toContain(token);
  });
});
