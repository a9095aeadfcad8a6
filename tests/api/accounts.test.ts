import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, ne } from 'drizzle-orm';
import { customers, outbox } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder, PASSWORD } from '../helpers/fixtures.ts';
import { signInShopper, signInStaff } from '../helpers/sign-in.ts';

const NEW_PASSWORD = 'a brand new passphrase';
const MINUTE = 60_000;

let t: TestContext;
let addressSeq = 0;
const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${++addressSeq}` });
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
});
afterAll(() => t.close());

/** The newest email of `topic` to `email`, as the mailbox has it (a withheld one, for no account, is never sent). */
async function mail(email: string, topic: string) {
  const [row] = await t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, topic), eq(outbox.recipient, email), ne(outbox.status, 'withheld')))
    .orderBy(desc(outbox.id))
    .limit(1);
  return row && { ...(row.payload as { subject: string; text: string }), id: row.id };
}
const tokenIn = (text: string) => new URL(text.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!;

describe('create an account, claim a guest’s orders', () => {
  it('answers the same for a new address, a guest and an account, and emails each the right link', async () => {
    const guest = await createCustomer(t.db, { password: null });
    const member = await createCustomer(t.db);
    const headers = fromAddress();
    const answers = [];
    for (const email of ['new-person@example.com', guest.email, member.email]) {
      answers.push(await t.agent().post('/api/auth/sign-up', { email }, headers));
    }
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ ok: true });
    }
    expect(await mail('new-person@example.com', 'auth.verify_email')).toBeDefined();
    expect(await mail(guest.email, 'auth.verify_email')).toBeDefined();
    // An account with a password gets a reset link, not a second account.
    expect(await mail(member.email, 'auth.verify_email')).toBeUndefined();
    expect(await mail(member.email, 'auth.reset_password')).toBeDefined();
  });

  it('a guest pushed by the shop chooses a password from the emailed link and sees its earlier orders', async () => {
    const guest = await createCustomer(t.db, { password: null });
    const { order } = await createOrder(t.db, guest, { now: t.clock.now });
    await t.agent().post('/api/auth/sign-up', { email: guest.email }, fromAddress());
    const token = tokenIn((await mail(guest.email, 'auth.verify_email'))!.text);
    const agent = t.agent();
    expect((await agent.post('/api/auth/set-password', { token, password: NEW_PASSWORD })).status).toBe(200);
    const orders = await agent.get('/api/orders');
    expect(orders.body.orders.map((o: { number: string }) => o.number)).toContain(order.number);
    const fresh = t.agent();
    expect((await fresh.post('/api/auth/sign-in', { email: guest.email, password: NEW_PASSWORD })).status).toBe(200);
    // Used once only.
    expect((await t.agent().post('/api/auth/set-password', { token, password: NEW_PASSWORD })).status).toBe(400);
  });

  it('a new address becomes an account with a verified email', async () => {
    const email = `brand-new-${Date.now()}@example.com`;
    await t.agent().post('/api/auth/sign-up', { email, locale: 'fr' }, fromAddress());
    const sent = (await mail(email, 'auth.verify_email'))!;
    expect(sent.subject).toBe('Créez votre compte retours');
    expect((await t.agent().post('/api/auth/set-password', { token: tokenIn(sent.text), password: NEW_PASSWORD })).status).toBe(200);
    const [row] = await t.db.select().from(customers).where(eq(customers.email, email));
    expect(row!.emailVerifiedAt).not.toBeNull();
  });
});

describe('forgot password', () => {
  it('resets the password from the emailed link and ends every other session; unknown addresses get the same answer', async () => {
    const customer = await createCustomer(t.db);
    const old = await signInShopper(t, customer);
    const headers = fromAddress();
    const known = await t.agent().post('/api/auth/forgot-password', { email: customer.email }, headers);
    const unknown = await t.agent().post('/api/auth/forgot-password', { email: 'nobody-reset@example.com' }, headers);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(await mail('nobody-reset@example.com', 'auth.reset_password')).toBeUndefined();
    const token = tokenIn((await mail(customer.email, 'auth.reset_password'))!.text);

    const agent = t.agent();
    expect((await agent.post('/api/auth/set-password', { token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await old.get('/api/auth/me')).status).toBe(401);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await t.agent().post('/api/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(401);
  });

  it('refuses an expired link, a sign-in token, a common or short password', async () => {
    const customer = await createCustomer(t.db);
    await t.agent().post('/api/auth/forgot-password', { email: customer.email }, fromAddress());
    const token = tokenIn((await mail(customer.email, 'auth.reset_password'))!.text);
    const common = await t.agent().post('/api/auth/set-password', { token, password: 'Password123' });
    expect(common.status).toBe(422);
    expect(common.body.error.fields).toEqual({ password: 'common_password' });
    const short = await t.agent().post('/api/auth/set-password', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields).toHaveProperty('password');

    await t.agent().post('/api/auth/sign-in-link', { email: customer.email }, fromAddress());
    const signIn = tokenIn((await mail(customer.email, 'auth.sign_in_link'))!.text);
    expect((await t.agent().post('/api/auth/set-password', { token: signIn, password: NEW_PASSWORD })).status).toBe(400);
    // The reset token is no sign-in token either.
    expect((await t.agent().post('/api/auth/sign-in-link/verify', { token })).status).toBe(400);

    t.advance(15 * MINUTE + 1000);
    const late = await t.agent().post('/api/auth/set-password', { token, password: NEW_PASSWORD });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('invalid_link');
  });

  it('shows staff the account emails with their tokens masked', async () => {
    const customer = await createCustomer(t.db);
    await t.agent().post('/api/auth/forgot-password', { email: customer.email }, fromAddress());
    const sent = (await mail(customer.email, 'auth.reset_password'))!;
    const { agent } = await signInStaff(t);
    const detail = await agent.get(`/api/staff/emails/${sent.id}`);
    expect(detail.body.email.text).toContain('/account/password?token=•••');
    expect(JSON.stringify(detail.body)).not.toContain(tokenIn(sent.text));
  });
});

describe('change password', () => {
  it('needs the current password, refuses common ones, ends other sessions and keeps this one', async () => {
    const customer = await createCustomer(t.db);
    const other = await signInShopper(t, customer);
    const agent = await signInShopper(t, customer);
    const wrong = await agent.post('/api/auth/me/password', { currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual({ currentPassword: 'wrong_password' });
    const common = await agent.post('/api/auth/me/password', { currentPassword: PASSWORD, newPassword: 'iloveyou' });
    expect(common.status).toBe(422);
    expect(common.body.error.code).toBe('common_password');
    expect((await agent.post('/api/auth/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
  });

  it('is throttled like sign-in: 5 wrong current passwords, then 429 with Retry-After', async () => {
    const customer = await createCustomer(t.db);
    const agent = await signInShopper(t, customer);
    for (let i = 0; i < 5; i++) {
      expect((await agent.post('/api/auth/me/password', { currentPassword: `wrong-${i}`, newPassword: NEW_PASSWORD })).status).toBe(422);
    }
    const blocked = await agent.post('/api/auth/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
