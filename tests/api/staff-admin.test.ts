import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { returnReasons, staffSessions } from '../../server/db/schema.ts';
import type { Agent, TestContext } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/fixtures.ts';
import { auditOf, customerOrder, lineInput, signInShopper, signInStaff, staffCreate } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

type Endpoint = [method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown];

/** Every staff endpoint; the admin-only ones separately. */
const STAFF_ENDPOINTS: Endpoint[] = [
  ['GET', '/api/staff/returns/counts'],
  ['GET', '/api/staff/returns'],
  ['POST', '/api/staff/returns', { orderNumber: 'X', lines: [] }],
  ['GET', '/api/staff/returns/R-1-1'],
  ['PATCH', '/api/staff/returns/R-1-1', { version: 1 }],
  ['GET', '/api/staff/orders?q=x'],
  ['GET', '/api/staff/orders/1001'],
  ['GET', '/api/staff/emails'],
  ['GET', '/api/staff/emails/1'],
  ['POST', '/api/staff/me/password', { currentPassword: 'x', newPassword: 'yyyyyyyy' }]
];
const ADMIN_ENDPOINTS: Endpoint[] = [
  ['POST', '/api/staff/emails/1/retry'],
  ['GET', '/api/staff/settings'],
  ['PATCH', '/api/staff/settings', { windowDays: 20 }],
  ['GET', '/api/staff/settings/reasons'],
  ['POST', '/api/staff/settings/reasons', { labelEn: 'A', labelFr: 'A' }],
  ['PUT', '/api/staff/settings/reasons/order', { ids: [1] }],
  ['PATCH', '/api/staff/settings/reasons/1', { labelEn: 'B' }],
  ['DELETE', '/api/staff/settings/reasons/1'],
  ['GET', '/api/staff/settings/actions'],
  ['POST', '/api/staff/settings/actions', { labelEn: 'A', labelFr: 'A' }],
  ['PUT', '/api/staff/settings/actions/order', { ids: [1] }],
  ['PATCH', '/api/staff/settings/actions/1', { labelEn: 'B' }],
  ['DELETE', '/api/staff/settings/actions/1'],
  ['GET', '/api/staff/settings/emails'],
  ['PUT', '/api/staff/settings/emails/approved/en', { subject: 'S', body: 'B' }],
  ['POST', '/api/staff/settings/emails/preview', { state: 'approved', locale: 'en', subject: 'S', body: 'B' }],
  ['GET', '/api/staff/accounts'],
  ['POST', '/api/staff/accounts', { email: 'new@example.com', name: 'New', role: 'staff' }],
  ['PATCH', '/api/staff/accounts/1', { disabled: true }]
];
const call = (agent: Agent, [method, path, body]: Endpoint) => agent.request(method, path, body);

describe('who may call the staff API', () => {
  it('a shopper’s cookie gets 403 on every staff endpoint, and no cookie gets 401', async ({ t }) => {
    const shopper = await signInShopper(t);
    for (const endpoint of [...STAFF_ENDPOINTS, ...ADMIN_ENDPOINTS]) {
      const res = await call(shopper, endpoint);
      expect(res.status, endpoint.join(' ')).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect((await call(t.agent(), endpoint)).status, endpoint.join(' ')).toBe(401);
    }
  });

  it('the staff role gets 403 on settings and staff management, and gets through elsewhere', async ({ admin, staff }) => {
    for (const endpoint of ADMIN_ENDPOINTS) {
      const res = await call(staff, endpoint);
      expect(res.status, endpoint.join(' ')).toBe(403);
    }
    for (const endpoint of STAFF_ENDPOINTS) {
      const status = (await call(staff, endpoint)).status;
      expect(status, endpoint.join(' ')).not.toBe(403);
      expect(status, endpoint.join(' ')).toBeLessThan(500);
    }
    // Nothing the refused calls asked for happened.
    expect((await admin.get('/api/staff/settings')).body.settings.windowDays).toBe(30);
    expect((await admin.get('/api/staff/accounts')).body.accounts.some((a: { email: string }) => a.email === 'new@example.com')).toBe(
      false
    );
  });
});

describe('shop settings', () => {
  it('an admin turns returns off and changes the window, shoppers see it, and it is audited', async ({ admin, adminMember, ids, t }) => {
    const before = await admin.get('/api/staff/settings');
    expect(before.body.settings).toMatchObject({ returnsAllowed: true, windowDays: 30, inventoryLinkedToPos: false });
    const res = await admin.patch('/api/staff/settings', {
      returnsAllowed: false,
      windowDays: 14,
      shopName: 'Maison Test',
      primaryColor: '#123456'
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ returnsAllowed: false, windowDays: 14, shopName: 'Maison Test' });
    const shop = await t.agent().get('/api/shop');
    expect(shop.body.shop).toMatchObject({ returnsAllowed: false, windowDays: 14, shopName: 'Maison Test', primaryColor: '#123456' });

    const { customer, order, lines } = await customerOrder(t);
    const shopper = await signInShopper(t, customer);
    const refused = await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    expect(refused.body.error?.code).toBe('returns_disabled');

    const audit = await auditOf(t.db, 'settings', 1);
    expect(audit.at(-1)).toMatchObject({
      actorType: 'staff',
      actorId: adminMember.id,
      action: 'updated',
      changes: {
        returnsAllowed: [true, false],
        windowDays: [30, 14],
        shopName: ['Reprise demo shop', 'Maison Test'],
        primaryColor: ['#1f4e79', '#123456']
      }
    });
    await admin.patch('/api/staff/settings', { returnsAllowed: true, windowDays: 30 });
    expect((await t.agent().get('/api/shop')).body.shop.returnsAllowed).toBe(true);
  });

  it('refuses a window outside 1–365 days, a bad colour, a bad email and unknown fields', async ({ admin }) => {
    for (const body of [
      { windowDays: 0 },
      { windowDays: 366 },
      { windowDays: 1.5 },
      { primaryColor: 'red' },
      { contactEmail: 'nope' },
      { secret: 1 }
    ]) {
      const res = await admin.patch('/api/staff/settings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await admin.patch('/api/staff/settings', { windowDays: 365 })).body.settings.windowDays).toBe(365);
    expect((await admin.patch('/api/staff/settings', { windowDays: 1 })).body.settings.windowDays).toBe(1);
    await admin.patch('/api/staff/settings', { windowDays: 30 });
  });
});

describe('reasons and actions', () => {
  const options = async (t: TestContext) => (await (await signInShopper(t)).get('/api/returns/options')).body;

  it('adds, renames in EN and FR, reorders and deactivates a reason; shoppers see each change; all audited', async ({
    admin,
    adminMember,
    t
  }) => {
    const added = await admin.post('/api/staff/settings/reasons', {
      labelEn: 'Arrived too late',
      labelFr: 'Arrivé trop tard',
      restockDefault: false
    });
    expect(added.status).toBe(201);
    const reason = added.body.reason;
    expect(reason).toMatchObject({ code: 'arrived_too_late', active: true, restockDefault: false });
    // A new reason goes last of the list, before "Other", which stays at the very end.
    const shown = (await options(t)).reasons;
    expect(shown.at(-2)).toMatchObject({ id: reason.id, labelEn: 'Arrived too late', labelFr: 'Arrivé trop tard' });
    expect(shown.at(-1)).toMatchObject({ code: 'other' });

    const renamed = await admin.patch(`/api/staff/settings/reasons/${reason.id}`, { labelEn: 'Too late', labelFr: 'Trop tard' });
    expect(renamed.body.reason).toMatchObject({ labelEn: 'Too late', labelFr: 'Trop tard', code: 'arrived_too_late' });

    const list = (await admin.get('/api/staff/settings/reasons')).body.reasons as { id: number }[];
    const order = [reason.id, ...list.map((r) => r.id).filter((id) => id !== reason.id)];
    const reordered = await admin.put('/api/staff/settings/reasons/order', { ids: order });
    expect(reordered.status).toBe(200);
    expect((await options(t)).reasons[0]).toMatchObject({ id: reason.id, labelEn: 'Too late' });
    expect((await admin.put('/api/staff/settings/reasons/order', { ids: order.slice(1) })).status).toBe(422);

    const off = await admin.patch(`/api/staff/settings/reasons/${reason.id}`, { active: false });
    expect(off.body.reason.active).toBe(false);
    expect((await options(t)).reasons.some((r: { id: number }) => r.id === reason.id)).toBe(false);

    const audit = await auditOf(t.db, 'reason', reason.id);
    expect(audit.map((a) => a.action)).toEqual(['created', 'updated', 'deactivated']);
    expect(audit[1]).toMatchObject({
      actorId: adminMember.id,
      changes: { labelEn: ['Arrived too late', 'Too late'], labelFr: ['Arrivé trop tard', 'Trop tard'] }
    });
    expect((await auditOf(t.db, 'reason', 'order')).at(-1)).toMatchObject({ action: 'reordered', actorId: adminMember.id });
  });

  it('a used reason is deactivated, never deleted; an unused one is deleted', async ({ admin, adminMember, ids, t }) => {
    const used = (await admin.post('/api/staff/settings/reasons', { labelEn: 'Scratched', labelFr: 'Rayé' })).body.reason;
    const unused = (await admin.post('/api/staff/settings/reasons', { labelEn: 'Scratched', labelFr: 'Rayé' })).body.reason;
    expect(unused.code).toBe('scratched_2');
    const { order, lines } = await customerOrder(t);
    const ret = await staffCreate(admin, { orderNumber: order.number, lines: [{ ...lineInput(ids, lines[0]!.id), reasonId: used.id }] });

    const kept = await admin.delete(`/api/staff/settings/reasons/${used.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ deleted: false, reason: { id: used.id, active: false } });
    expect(await t.db.select().from(returnReasons).where(eq(returnReasons.id, used.id))).toHaveLength(1);
    const d = (await admin.get(`/api/staff/returns/${ret.number}`)).body.return;
    expect(d.lines[0].reason.labelEn).toBe('Scratched');

    const gone = await admin.delete(`/api/staff/settings/reasons/${unused.id}`);
    expect(gone.body.deleted).toBe(true);
    expect(await t.db.select().from(returnReasons).where(eq(returnReasons.id, unused.id))).toHaveLength(0);
    expect((await auditOf(t.db, 'reason', unused.id)).at(-1)).toMatchObject({ action: 'deleted', actorId: adminMember.id });
    expect((await admin.delete('/api/staff/settings/reasons/999999')).status).toBe(404);
  });

  it('manages actions the same way and keeps at least one active', async ({ admin, t }) => {
    const added = await admin.post('/api/staff/settings/actions', { labelEn: 'Repair', labelFr: 'Réparation' });
    expect(added.status).toBe(201);
    expect((await options(t)).actions.at(-1)).toMatchObject({ labelEn: 'Repair', labelFr: 'Réparation' });
    const renamed = await admin.patch(`/api/staff/settings/actions/${added.body.action.id}`, { labelFr: 'Réparer' });
    expect(renamed.body.action.labelFr).toBe('Réparer');
    expect((await auditOf(t.db, 'action', added.body.action.id)).map((a) => a.action)).toEqual(['created', 'updated']);

    const all = (await admin.get('/api/staff/settings/actions')).body.actions as { id: number }[];
    for (const a of all.slice(1)) expect((await admin.patch(`/api/staff/settings/actions/${a.id}`, { active: false })).status).toBe(200);
    const last = await admin.patch(`/api/staff/settings/actions/${all[0]!.id}`, { active: false });
    expect(last.status).toBe(422);
    expect(last.body.error.code).toBe('last_active');
    for (const a of all) await admin.patch(`/api/staff/settings/actions/${a.id}`, { active: true });
    expect((await options(t)).actions).toHaveLength(all.length);
  });
});

describe('staff accounts', () => {
  it('an admin adds an account with a one-time password that signs in with the right role', async ({ admin, adminMember, t }) => {
    const res = await admin.post('/api/staff/accounts', { email: 'New.Person@Example.com', name: 'New Person', role: 'staff' });
    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({ email: 'new.person@example.com', name: 'New Person', role: 'staff', disabled: false });
    expect(res.body.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const agent = t.agent();
    expect((await agent.post('/api/staff/auth/sign-in', { email: 'new.person@example.com', password: res.body.password })).status).toBe(
      200
    );
    expect((await agent.get('/api/staff/auth/me')).body.staff).toMatchObject({ role: 'staff', name: 'New Person' });
    expect((await admin.get('/api/staff/accounts')).body.accounts.map((a: { email: string }) => a.email)).toContain(
      'new.person@example.com'
    );
    expect(JSON.stringify((await admin.get('/api/staff/accounts')).body)).not.toContain('argon2');

    const again = await admin.post('/api/staff/accounts', { email: 'new.person@example.com', name: 'Again', role: 'admin' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
    expect((await auditOf(t.db, 'staff', res.body.account.id))[0]).toMatchObject({
      action: 'created',
      actorId: adminMember.id,
      changes: { role: [null, 'staff'] }
    });

    // The one-time password is meant to be replaced.
    expect((await agent.post('/api/staff/me/password', { currentPassword: 'wrong-one', newPassword: 'a brand new secret' })).status).toBe(
      422
    );
    expect(
      (await agent.post('/api/staff/me/password', { currentPassword: res.body.password, newPassword: 'a brand new secret' })).status
    ).toBe(200);
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: 'new.person@example.com', password: res.body.password })).status).toBe(
      401
    );
    expect(
      (await t.agent().post('/api/staff/auth/sign-in', { email: 'new.person@example.com', password: 'a brand new secret' })).status
    ).toBe(200);
  });

  it('disabling an account ends its sessions at once and blocks sign-in; enabling lets it back', async ({ admin, adminMember, t }) => {
    const { staff: member, agent } = await signInStaff(t, 'staff');
    const second = t.agent();
    await second.post('/api/staff/auth/sign-in', { email: member.email, password: PASSWORD });
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, member.id))).toHaveLength(2);

    const res = await admin.patch(`/api/staff/accounts/${member.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.account.disabled).toBe(true);
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, member.id))).toHaveLength(0);
    expect((await agent.get('/api/staff/returns')).status).toBe(401);
    expect((await second.get('/api/staff/auth/me')).status).toBe(401);
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: member.email, password: PASSWORD })).status).toBe(401);
    expect((await auditOf(t.db, 'staff', member.id)).at(-1)).toMatchObject({
      action: 'disabled',
      actorId: adminMember.id,
      changes: { disabled: [false, true] }
    });

    expect((await admin.patch(`/api/staff/accounts/${member.id}`, { disabled: false })).body.account.disabled).toBe(false);
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: member.email, password: PASSWORD })).status).toBe(200);
  });

  it('an admin cannot disable their own account', async ({ admin, adminMember }) => {
    const res = await admin.patch(`/api/staff/accounts/${adminMember.id}`, { disabled: true });
    expect(res.status).toBe(422);
    expect((await admin.get('/api/staff/auth/me')).status).toBe(200);
  });
});
