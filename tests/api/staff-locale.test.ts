import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../helpers/app.ts';
import { createCustomer, PASSWORD } from '../helpers/fixtures.ts';
import { signInShopper, signInStaff, staffSuite } from '../helpers/staff.ts';

let t: TestContext;
beforeAll(async () => {
  ({ t } = await staffSuite());
});
afterAll(() => t.close());

describe('the staff screen’s language, remembered per account', () => {
  it('is stored on the account and comes back in a new session; other accounts keep theirs', async () => {
    const { staff, agent } = await signInStaff(t, 'staff');
    expect((await agent.get('/api/staff/auth/me')).body.staff.locale).toBe('en');
    const saved = await agent.patch('/api/staff/auth/me', { locale: 'fr' });
    expect(saved.status).toBe(200);
    expect(saved.body.staff.locale).toBe('fr');

    const again = t.agent();
    expect((await again.post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD })).status).toBe(200);
    expect((await again.get('/api/staff/auth/me')).body.staff.locale).toBe('fr');
    const other = await signInStaff(t, 'staff');
    expect((await other.agent.get('/api/staff/auth/me')).body.staff.locale).toBe('en');
  });

  it('refuses an unknown language, naming the field, and changes nothing', async () => {
    const { agent } = await signInStaff(t, 'staff');
    const bad = await agent.patch('/api/staff/auth/me', { locale: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ locale: 'invalid_value' });
    expect((await agent.get('/api/staff/auth/me')).body.staff.locale).toBe('en');
  });

  it('needs a staff session: anonymous gets 401, a shopper 403', async () => {
    expect((await t.agent().patch('/api/staff/auth/me', { locale: 'fr' })).status).toBe(401);
    const shopper = await signInShopper(t, await createCustomer(t.db));
    expect((await shopper.patch('/api/staff/auth/me', { locale: 'fr' })).status).toBe(403);
  });
});
