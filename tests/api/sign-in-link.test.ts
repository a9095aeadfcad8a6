import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { customers, oneTimeTokens, outbox } from '../../server/db/schema.ts';
import { tokenHash } from '../../server/auth/tokens.ts';
import { ORIGIN, setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';

const MINUTE = 60_000;

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

type Payload = { to: string; subject: string; text: string; html: string };

/** The sign-in emails to be sent to an address, newest first (a withheld one, for no account, is never sent). */
async function linkEmails(email: string) {
  return t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'auth.sign_in_link'), eq(outbox.recipient, email), ne(outbox.status, 'withheld')))
    .orderBy(desc(outbox.id));
}

/** Asks for a link and reads it from the newest email, as the shopper's mailbox would. */
async function requestLink(email: string, next?: string): Promise<URL> {
  const res = await t.agent().post('/api/auth/sign-in-link', next === undefined ? { email } : { email, next });
  expect(res.status).toBe(202);
  const [row] = await linkEmails(email);
  const payload = row!.payload as Payload;
  const found = payload.text.match(/https?:\/\/\S+/);
  expect(found).not.toBeNull();
  return new URL(found![0]);
}

describe('POST /api/auth/sign-in-link', () => {
  it('answers the same for a customer and an unknown address; only the customer gets an email', async () => {
    const customer = await createCustomer(t.db);
    const known = await t.agent().post('/api/auth/sign-in-link', { email: customer.email.toUpperCase() });
    const unknown = await t.agent().post('/api/auth/sign-in-link', { email: 'nobody-link@example.com' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual({ ok: true });
    expect(unknown.body).toEqual(known.body);
    expect(await linkEmails(customer.email)).toHaveLength(1);
    expect(await linkEmails('nobody-link@example.com')).toHaveLength(0);
    // The same work: a token row for the unknown address too, naming no customer, so it opens nothing.
    const tokens = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.email, 'nobody-link@example.com'));
    expect(tokens.map((r) => r.customerId)).toEqual([null]);
  });

  it('refuses unknown fields and a malformed email with 400', async () => {
    expect((await t.agent().post('/api/auth/sign-in-link', { email: 'x@example.com', extra: 1 })).status).toBe(400);
    expect((await t.agent().post('/api/auth/sign-in-link', { email: 'not an email' })).status).toBe(400);
  });

  it('emails a link from PUBLIC_URL, in the customer’s language, never from the Host header', async () => {
    const customer = await createCustomer(t.db, { locale: 'fr', firstName: 'Zoé <b>' });
    const res = await t
      .agent()
      .post('/api/auth/sign-in-link', { email: customer.email }, { host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    expect(res.status).toBe(202);
    const [row] = await linkEmails(customer.email);
    const payload = row!.payload as Payload;
    expect(row!.kind).toBe('email');
    expect(payload.to).toBe(customer.email);
    expect(payload.subject).toBe('Votre lien de connexion');
    expect(payload.text).toContain('Bonjour Zoé <b>,');
    expect(payload.html).toContain('Zoé &lt;b&gt;');
    expect(payload.html).not.toContain('<b>');
    const link = new URL(payload.text.match(/https?:\/\/\S+/)![0]);
    expect(link.origin).toBe(ORIGIN);
    expect(link.pathname).toBe('/sign-in/link');
    expect(link.searchParams.get('token')).toMatch(/^[a-z2-7]{48}$/);
    expect(payload.html).toContain(`<a href="${link.toString()}">`);
    expect(payload.text + payload.html).not.toContain('evil.example');
  });

  it('stores only the SHA-256 of the token, for 15 minutes', async () => {
    const customer = await createCustomer(t.db);
    const token = (await requestLink(customer.email)).searchParams.get('token')!;
    const rows = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.customerId, customer.id));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.tokenHash).toBe(tokenHash(token));
    expect(row.purpose).toBe('sign_in');
    expect(row.usedAt).toBeNull();
    expect(row.expiresAt.getTime() - t.clock.now.getTime()).toBe(15 * MINUTE);
    // The token itself is in no column of the table.
    const [{ n }] = (await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(oneTimeTokens)
      .where(sql`${oneTimeTokens}::text like ${'%' + token + '%'}`)) as [{ n: number }];
    expect(n).toBe(0);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('keeps a local `next` in the link and drops another site’s', async () => {
    const customer = await createCustomer(t.db);
    const local = await requestLink(customer.email, '/orders/1042?tab=returns');
    expect(local.searchParams.get('next')).toBe('/orders/1042?tab=returns');
    for (const evil of ['https://evil.example/orders', '//evil.example', '/\\evil.example', '/.//evil.example']) {
      const link = await requestLink(customer.email, evil);
      expect(link.searchParams.has('next')).toBe(false);
      expect(link.toString()).not.toContain('evil');
    }
  });

  it('answers 429 with Retry-After after 5 links for one address in 15 minutes, the same for an unknown one', async () => {
    const start = t.clock.now;
    try {
      const customer = await createCustomer(t.db);
      for (const email of [customer.email, 'nobody-throttle@example.com']) {
        for (let i = 0; i < 5; i++) expect((await t.agent().post('/api/auth/sign-in-link', { email })).status).toBe(202);
        const over = await t.agent().post('/api/auth/sign-in-link', { email });
        expect(over.status).toBe(429);
        expect(over.body.error.code).toBe('too_many_attempts');
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(await linkEmails(customer.email)).toHaveLength(5);
      t.advance(15 * MINUTE + 1000);
      expect((await t.agent().post('/api/auth/sign-in-link', { email: customer.email })).status).toBe(202);
    } finally {
      t.clock.now = start;
    }
  });
});

describe('POST /api/auth/sign-in-link/verify', () => {
  it('the emailed link signs in once; the second use answers 400 invalid_link', async () => {
    const customer = await createCustomer(t.db, { firstName: 'Lina' });
    const token = (await requestLink(customer.email)).searchParams.get('token')!;
    const agent = t.agent();
    const res = await agent.post('/api/auth/sign-in-link/verify', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^reprise_session=[a-z2-7]{24}\.[a-z2-7]{24};/);
    expect(cookie).toContain('HttpOnly');
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.customer.email).toBe(customer.email);

    const again = await t.agent().post('/api/auth/sign-in-link/verify', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_link');
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('two parallel uses of one link: exactly one signs in', async () => {
    const customer = await createCustomer(t.db);
    const token = (await requestLink(customer.email)).searchParams.get('token')!;
    const results = await Promise.all([0, 1, 2].map(() => t.agent().post('/api/auth/sign-in-link/verify', { token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });

  it('a link is refused after 15 minutes, with the same answer as an unknown one', async () => {
    const start = t.clock.now;
    try {
      const customer = await createCustomer(t.db);
      const token = (await requestLink(customer.email)).searchParams.get('token')!;
      t.advance(15 * MINUTE);
      const expired = await t.agent().post('/api/auth/sign-in-link/verify', { token });
      const unknown = await t.agent().post('/api/auth/sign-in-link/verify', { token: 'a'.repeat(48) });
      const garbage = await t.agent().post('/api/auth/sign-in-link/verify', { token: 'not-a-token' });
      expect(expired.status).toBe(400);
      expect(expired.body).toEqual(unknown.body);
      expect(garbage.body).toEqual(unknown.body);
      expect(unknown.body.error.code).toBe('invalid_link');
      // Still unused: expiry, not use, refused it.
      const [row] = await t.db
        .select()
        .from(oneTimeTokens)
        .where(eq(oneTimeTokens.tokenHash, tokenHash(token)));
      expect(row!.usedAt).toBeNull();
    } finally {
      t.clock.now = start;
    }
  });

  it('a token of another purpose does not sign in', async () => {
    const customer = await createCustomer(t.db);
    const token = 'b'.repeat(48);
    await t.db.insert(oneTimeTokens).values({
      tokenHash: tokenHash(token),
      purpose: 'reset_password',
      email: customer.email,
      customerId: customer.id,
      expiresAt: new Date(t.clock.now.getTime() + 10 * MINUTE)
    });
    const res = await t.agent().post('/api/auth/sign-in-link/verify', { token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_link');
  });

  it('a guest customer without a password signs in by link, sees their orders and is then verified', async () => {
    const guest = await createCustomer(t.db, { password: null });
    const { order } = await createOrder(t.db, guest, { now: t.clock.now });
    // No password: password sign-in cannot work.
    expect((await t.agent().post('/api/auth/sign-in', { email: guest.email, password: 'anything at all' })).status).toBe(401);
    expect(guest.emailVerifiedAt).toBeNull();

    const token = (await requestLink(guest.email)).searchParams.get('token')!;
    const agent = t.agent();
    expect((await agent.post('/api/auth/sign-in-link/verify', { token })).status).toBe(200);
    const list = await agent.get('/api/orders');
    expect(list.status).toBe(200);
    expect(list.body.orders.map((o: { number: string }) => o.number)).toEqual([order.number]);
    const [row] = await t.db.select().from(customers).where(eq(customers.id, guest.id));
    expect(row!.emailVerifiedAt?.getTime()).toBe(t.clock.now.getTime());
  });

  it('ends the session the browser had before, like password sign-in', async () => {
    const customer = await createCustomer(t.db);
    const agent = t.agent();
    await agent.post('/api/auth/sign-in-link/verify', { token: (await requestLink(customer.email)).searchParams.get('token')! });
    const first = agent.cookies.get('reprise_session')!;
    await agent.post('/api/auth/sign-in-link/verify', { token: (await requestLink(customer.email)).searchParams.get('token')! });
    const second = agent.cookies.get('reprise_session')!;
    expect(second).not.toBe(first);
    const old = t.agent();
    old.cookies.set('reprise_session', first);
    expect((await old.get('/api/auth/me')).status).toBe(401);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a cross-origin verify', async () => {
    const res = await t
      .agent()
      .post('/api/auth/sign-in-link/verify', { token: 'a'.repeat(48) }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
  });
});
