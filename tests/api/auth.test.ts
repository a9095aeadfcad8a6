import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customerSessions, staffSessions, staffUsers } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createStaff, PASSWORD } from '../helpers/fixtures.ts';
import { signInShopper } from '../helpers/sign-in.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

async function signedInShopper() {
  const customer = await createCustomer(t.db);
  return { customer, agent: await signInShopper(t, customer) };
}

describe('shopper sign-in', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const customer = await createCustomer(t.db, { firstName: 'Nora' });
    const agent = t.agent();
    const res = await agent.post('/api/auth/sign-in', { email: customer.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^reprise_session=[a-z2-7]{24}\.[a-z2-7]{24};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.customer).toEqual({ email: customer.email, firstName: 'Nora', locale: 'en' });
  });

  it('stores only a hash of the secret, never the token', async () => {
    const { customer, agent } = await signedInShopper();
    const token = agent.cookies.get('reprise_session')!;
    const [row] = await t.db.select().from(customerSessions).where(eq(customerSessions.customerId, customer.id));
    expect(row!.id).toBe(token.split('.')[0]);
    expect(Buffer.from(row!.secretHash).toString()).not.toContain(token.split('.')[1]);
    expect(row!.secretHash.byteLength).toBe(32);
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const customer = await createCustomer(t.db);
    const wrong = await t.agent().post('/api/auth/sign-in', { email: customer.email, password: 'not the password' });
    const unknown = await t.agent().post('/api/auth/sign-in', { email: 'nobody-here@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('gives a new token at every sign-in and ends the previous one', async () => {
    const { customer, agent } = await signedInShopper();
    const first = agent.cookies.get('reprise_session');
    await agent.post('/api/auth/sign-in', { email: customer.email, password: PASSWORD });
    const second = agent.cookies.get('reprise_session');
    expect(second).not.toBe(first);
    const old = t.agent();
    old.cookies.set('reprise_session', first!);
    expect((await old.get('/api/auth/me')).status).toBe(401);
  });

  it('after sign-out the old cookie gets 401 and the row is gone', async () => {
    const { customer, agent } = await signedInShopper();
    const token = agent.cookies.get('reprise_session')!;
    expect((await agent.post('/api/auth/sign-out')).status).toBe(200);
    const replay = t.agent();
    replay.cookies.set('reprise_session', token);
    expect((await replay.get('/api/auth/me')).status).toBe(401);
    expect(await t.db.select().from(customerSessions).where(eq(customerSessions.customerId, customer.id))).toHaveLength(0);
  });

  it('a forged secret for a real session id is refused', async () => {
    const { agent } = await signedInShopper();
    const [id] = agent.cookies.get('reprise_session')!.split('.');
    const forger = t.agent();
    forger.cookies.set('reprise_session', `${id}.${'a'.repeat(24)}`);
    expect((await forger.get('/api/auth/me')).status).toBe(401);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
  });

  it('expires after 7 idle days, slides while used, and ends after 30 days whatever happens', async () => {
    const start = t.clock.now;
    try {
      const { agent } = await signedInShopper();
      t.advance(6 * DAY);
      expect((await agent.get('/api/auth/me')).status).toBe(200);
      t.advance(6 * DAY);
      expect((await agent.get('/api/auth/me')).status).toBe(200); // idle timer slid
      for (let i = 0; i < 3; i++) {
        t.advance(6 * DAY);
        await agent.get('/api/auth/me');
      }
      // 30 days after creation: over the absolute lifetime even though it was used every 6 days.
      expect((await agent.get('/api/auth/me')).status).toBe(401);

      const idle = await signedInShopper();
      t.advance(7 * DAY + 1000);
      expect((await idle.agent.get('/api/auth/me')).status).toBe(401);
    } finally {
      t.clock.now = start;
    }
  });
});

describe('staff sign-in', () => {
  it('signs in staff with their own cookie and shows their role', async () => {
    const staff = await createStaff(t.db, 'admin');
    const agent = t.agent();
    expect((await agent.post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD })).status).toBe(200);
    expect(agent.cookies.has('reprise_staff')).toBe(true);
    expect(agent.cookies.has('reprise_session')).toBe(false);
    const me = await agent.get('/api/staff/auth/me');
    expect(me.body.staff).toMatchObject({ email: staff.email, role: 'admin' });
    expect((await agent.get('/api/staff/returns/counts')).status).toBe(200);
  });

  it('staff sessions end after 8 idle hours', async () => {
    const start = t.clock.now;
    try {
      const staff = await createStaff(t.db);
      const agent = t.agent();
      await agent.post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD });
      t.advance(7 * HOUR);
      expect((await agent.get('/api/staff/auth/me')).status).toBe(200);
      t.advance(8 * HOUR + 1000);
      expect((await agent.get('/api/staff/auth/me')).status).toBe(401);
    } finally {
      t.clock.now = start;
    }
  });

  it('a shopper cannot sign in on the staff side, nor use a shopper cookie as staff', async () => {
    const { customer, agent } = await signedInShopper();
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(401);
    expect((await agent.get('/api/staff/returns/counts')).status).toBe(403);
    // The same token in the staff cookie is not a staff session either.
    const mixed = t.agent();
    mixed.cookies.set('reprise_staff', agent.cookies.get('reprise_session')!);
    expect((await mixed.get('/api/staff/returns/counts')).status).toBe(401);
  });

  it('a disabled staff account cannot sign in and its sessions stop working', async () => {
    const staff = await createStaff(t.db);
    const agent = t.agent();
    await agent.post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD });
    await t.db.update(staffUsers).set({ disabledAt: t.clock.now }).where(eq(staffUsers.id, staff.id));
    expect((await agent.get('/api/staff/auth/me')).status).toBe(401);
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD })).status).toBe(401);
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, staff.id))).toHaveLength(1);
  });
});

describe('sign-in rate limit', () => {
  it('blocks an account after 5 failures with 429 and Retry-After, even with the right password', async () => {
    const customer = await createCustomer(t.db);
    for (let i = 0; i < 5; i++) {
      const r = await t.agent().post('/api/auth/sign-in', { email: customer.email, password: `wrong-${i}-password` });
      expect(r.status).toBe(401);
    }
    const blocked = await t.agent().post('/api/auth/sign-in', { email: customer.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // Another account is not affected.
    const other = await createCustomer(t.db);
    expect((await t.agent().post('/api/auth/sign-in', { email: other.email, password: PASSWORD })).status).toBe(200);
  });

  it('lets the account in again once the window has passed', async () => {
    const start = t.clock.now;
    try {
      const customer = await createCustomer(t.db);
      for (let i = 0; i < 5; i++) await t.agent().post('/api/auth/sign-in', { email: customer.email, password: 'wrong-password' });
      expect((await t.agent().post('/api/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(429);
      t.advance(15 * 60_000 + 1000);
      expect((await t.agent().post('/api/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(200);
    } finally {
      t.clock.now = start;
    }
  });
});

describe('per-address rate limit', () => {
  it('blocks one client address after 30 failures across many accounts', async () => {
    const ctx = await setupApp({ TRUST_PROXY: 'true' });
    try {
      const from = { 'x-forwarded-for': '203.0.113.7' };
      for (let i = 0; i < 30; i++) {
        expect((await ctx.agent().post('/api/auth/sign-in', { email: `guess${i}@example.com`, password: 'password1' }, from)).status).toBe(
          401
        );
      }
      const customer = await createCustomer(ctx.db);
      const blocked = await ctx.agent().post('/api/auth/sign-in', { email: customer.email, password: PASSWORD }, from);
      expect(blocked.status).toBe(429);
      const elsewhere = await ctx
        .agent()
        .post('/api/auth/sign-in', { email: customer.email, password: PASSWORD }, { 'x-forwarded-for': '198.51.100.1' });
      expect(elsewhere.status).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});

describe('the shopper’s language', () => {
  it('is stored when the shopper switches, and refused when unknown', async () => {
    const { agent } = await signedInShopper();
    const res = await agent.patch('/api/auth/me', { locale: 'fr' });
    expect(res.status).toBe(200);
    expect(res.body.customer.locale).toBe('fr');
    expect((await agent.get('/api/auth/me')).body.customer.locale).toBe('fr');
    const bad = await agent.patch('/api/auth/me', { locale: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ locale: 'invalid_value' });
    expect((await t.agent().patch('/api/auth/me', { locale: 'fr' })).status).toBe(401);
  });
});

describe('parallel guesses', () => {
  it('25 wrong passwords at once for one account: at most 5 are checked, the rest get 429', async () => {
    // A database of its own: failures left on the shared client address by earlier tests would
    // make the address limit (30) refuse some of the five, depending on how the burst interleaves.
    const ctx = await setupApp();
    try {
      const customer = await createCustomer(ctx.db);
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          ctx.agent().post('/api/auth/sign-in', { email: customer.email, password: `guess-number-${i}` })
        )
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    } finally {
      await ctx.close();
    }
  });

  it('behind a trusted proxy, a client cannot dodge the address limit by writing its own X-Forwarded-For', async () => {
    const ctx = await setupApp({ TRUST_PROXY: 'true' });
    try {
      for (let i = 0; i < 30; i++) {
        const spoofed = { 'x-forwarded-for': `10.0.${i}.1, 203.0.113.9` };
        expect(
          (await ctx.agent().post('/api/auth/sign-in', { email: `guess${i}@example.com`, password: 'password1' }, spoofed)).status
        ).toBe(401);
      }
      const blocked = await ctx
        .agent()
        .post('/api/auth/sign-in', { email: 'another@example.com', password: 'password1' }, { 'x-forwarded-for': '10.9.9.9, 203.0.113.9' });
      expect(blocked.status).toBe(429);
    } finally {
      await ctx.close();
    }
  });
});
