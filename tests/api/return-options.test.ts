import { describe, expect } from 'vitest';
import { signInShopper } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

describe('the shopper’s reason and action menus', () => {
  it('keep “Other” last whatever the shop adds later', async ({ t, admin }) => {
    const settings = admin.api.staff.settings;
    expect((await settings.reasons.$post({ json: { labelEn: 'Arrived too late', labelFr: 'Arrivé trop tard' } })).status).toBe(201);
    expect((await settings.actions.$post({ json: { labelEn: 'Other', labelFr: 'Autre' } })).status).toBe(201);
    expect((await settings.actions.$post({ json: { labelEn: 'Repair', labelFr: 'Réparation' } })).status).toBe(201);

    const shopper = await signInShopper(t);
    const res = await shopper.api.returns.options.$get();
    expect(res.status).toBe(200);
    const body = await res.json();
    const reasons = body.reasons.map((r) => r.labelEn);
    const actions = body.actions.map((a) => a.labelEn);
    expect(reasons.at(-1)).toBe('Other');
    expect(reasons).toContain('Arrived too late');
    expect(actions.at(-1)).toBe('Other');
    expect(actions.at(-2)).toBe('Repair');
  });
});
