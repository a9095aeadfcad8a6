import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestContext } from '../helpers/app.ts';
import { signInShopper, staffSuite } from '../helpers/staff.ts';

let t: TestContext;
let admin: Agent;
beforeAll(async () => {
  ({ t, admin } = await staffSuite());
});
afterAll(() => t.close());

describe('the shopper’s reason and action menus', () => {
  it('keep “Other” last whatever the shop adds later', async () => {
    expect((await admin.post('/api/staff/settings/reasons', { labelEn: 'Arrived too late', labelFr: 'Arrivé trop tard' })).status).toBe(
      201
    );
    expect((await admin.post('/api/staff/settings/actions', { labelEn: 'Other', labelFr: 'Autre' })).status).toBe(201);
    expect((await admin.post('/api/staff/settings/actions', { labelEn: 'Repair', labelFr: 'Réparation' })).status).toBe(201);

    const shopper = await signInShopper(t);
    const res = await shopper.get('/api/returns/options');
    expect(res.status).toBe(200);
    const reasons = res.body.reasons.map((r: { labelEn: string }) => r.labelEn);
    const actions = res.body.actions.map((a: { labelEn: string }) => a.labelEn);
    expect(reasons.at(-1)).toBe('Other');
    expect(reasons).toContain('Arrived too late');
    expect(actions.at(-1)).toBe('Other');
    expect(actions.at(-2)).toBe('Repair');
  });
});
