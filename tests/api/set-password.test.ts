import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, PASSWORD } from '../helpers/fixtures.ts';
import { mailedLink } from '../helpers/outbox.ts';
import { countingPasswords } from '../helpers/passwords.ts';
import { signInStaff } from '../helpers/sign-in.ts';

// Counts the argon2 hashes the server computes (the real hash still runs), through deps.passwords.
const counted = countingPasswords();

const NEW_PASSWORD = 'a brand new passphrase';
let t: TestContext;
let addressSeq = 0;
const fromAddress = () => ({ 'x-forwarded-for': `192.0.2.${++addressSeq}` });
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' }, { passwords: counted.passwords });
});
afterAll(() => t.close());
beforeEach(() => {
  counted.reset();
});

async function tokenOf(email: string, topic: string): Promise<string> {
  return (await mailedLink(t.db, email, topic)).searchParams.get('token')!;
}

describe('setting a password from an emailed account link', () => {
  it('checks the link before hashing: an unknown, used or other-purpose token computes no argon2 hash', async () => {
    const unknown = await t.agent().post('/api/auth/set-password', { token: 'a'.repeat(48), password: NEW_PASSWORD }, fromAddress());
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_link');
    expect(counted.count.hash).toBe(0);

    const customer = await createCustomer(t.db);
    await t.agent().post('/api/auth/sign-in-link', { email: customer.email }, fromAddress());
    const signIn = await tokenOf(customer.email, 'auth.sign_in_link');
    counted.reset();
    expect((await t.agent().post('/api/auth/set-password', { token: signIn, password: NEW_PASSWORD }, fromAddress())).status).toBe(400);
    expect(counted.count.hash).toBe(0);

    // A good link still hashes once.
    await t.agent().post('/api/auth/forgot-password', { email: customer.email }, fromAddress());
    const reset = await tokenOf(customer.email, 'auth.reset_password');
    counted.reset();
    expect((await t.agent().post('/api/auth/set-password', { token: reset, password: NEW_PASSWORD }, fromAddress())).status).toBe(200);
    expect(counted.count.hash).toBe(1);
  });

  it('counts attempts per client address: past 30 in 15 minutes, 429 with Retry-After; another address goes on', async () => {
    const one = fromAddress();
    for (let i = 0; i < 30; i++) {
      expect((await t.agent().post('/api/auth/set-password', { token: 'b'.repeat(48), password: NEW_PASSWORD }, one)).status).toBe(400);
    }
    const blocked = await t.agent().post('/api/auth/set-password', { token: 'b'.repeat(48), password: NEW_PASSWORD }, one);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.agent().post('/api/auth/set-password', { token: 'b'.repeat(48), password: NEW_PASSWORD }, fromAddress())).status).toBe(
      400
    );
  });

  it('spends every older account link of that customer: an earlier reset or sign-up link no longer works', async () => {
    const guest = await createCustomer(t.db, { password: null });
    await t.agent().post('/api/auth/sign-up', { email: guest.email }, fromAddress());
    const signUp = await tokenOf(guest.email, 'auth.verify_email');
    await t.agent().post('/api/auth/forgot-password', { email: guest.email }, fromAddress());
    const olderReset = await tokenOf(guest.email, 'auth.reset_password');
    await t.agent().post('/api/auth/forgot-password', { email: guest.email }, fromAddress());
    const newerReset = await tokenOf(guest.email, 'auth.reset_password');
    expect(new Set([signUp, olderReset, newerReset]).size).toBe(3);

    expect((await t.agent().post('/api/auth/set-password', { token: newerReset, password: NEW_PASSWORD }, fromAddress())).status).toBe(200);
    for (const token of [olderReset, signUp]) {
      const old = await t.agent().post('/api/auth/set-password', { token, password: 'someone else’s passphrase' }, fromAddress());
      expect(old.status).toBe(400);
      expect(old.body.error.code).toBe('invalid_link');
    }
    // The password set from the newest link is the one that signs in.
    expect((await t.agent().post('/api/auth/sign-in', { email: guest.email, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('a new address: the first link used creates the account, the second one sent to it is spent', async () => {
    const email = `new-${addressSeq}@example.com`;
    await t.agent().post('/api/auth/sign-up', { email }, fromAddress());
    const first = await tokenOf(email, 'auth.verify_email');
    await t.agent().post('/api/auth/sign-up', { email }, fromAddress());
    const second = await tokenOf(email, 'auth.verify_email');
    expect((await t.agent().post('/api/auth/set-password', { token: second, password: NEW_PASSWORD }, fromAddress())).status).toBe(200);
    expect(
      (await t.agent().post('/api/auth/set-password', { token: first, password: 'someone else’s passphrase' }, fromAddress())).status
    ).toBe(400);
  });
});

describe('staff passwords', () => {
  it('a staff member cannot change to a password from the common-password list', async () => {
    const { agent } = await signInStaff(t);
    const res = await agent.post('/api/staff/me/password', { currentPassword: PASSWORD, newPassword: 'Password123' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('common_password');
    expect(res.body.error.fields).toEqual({ newPassword: 'common_password' });
  });
});
