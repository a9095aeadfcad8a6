import { describe, expect } from 'vitest';
import { createCustomer, PASSWORD } from '../helpers/fixtures.ts';
import { signInShopper, signInStaff } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

describe('the staff screen’s language, remembered per account', () => {
  it('is stored on the account and comes back in a new session; other accounts keep theirs', async ({ t }) => {
    const { staff, agent } = await signInStaff(t, 'staff');
    const me = async (a = agent) => (await (await a.api.staff.auth.me.$get()).json()).staff.locale;
    expect(await me()).toBe('en');
    const saved = await agent.api.staff.auth.me.$patch({ json: { locale: 'fr' } });
    expect(saved.status).toBe(200);
    expect((await saved.json()).staff.locale).toBe('fr');

    const again = t.agent();
    expect((await again.api.staff.auth['sign-in'].$post({ json: { email: staff.email, password: PASSWORD } })).status).toBe(200);
    expect(await me(again)).toBe('fr');
    const other = await signInStaff(t, 'staff');
    expect(await me(other.agent)).toBe('en');
  });

  it('refuses an unknown language, naming the field, and changes nothing', async ({ t }) => {
    const { agent } = await signInStaff(t, 'staff');
    const bad = await agent.patch('/api/staff/auth/me', { locale: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ locale: 'invalid_value' });
    expect((await agent.get('/api/staff/auth/me')).body.staff.locale).toBe('en');
  });

  it('needs a staff session: anonymous gets 401, a shopper 403', async ({ t }) => {
    expect((await t.agent().api.staff.auth.me.$patch({ json: { locale: 'fr' } })).status).toBe(401);
    const shopper = await signInShopper(t, await createCustomer(t.db));
    expect((await shopper.api.staff.auth.me.$patch({ json: { locale: 'fr' } })).status).toBe(403);
  });
});
