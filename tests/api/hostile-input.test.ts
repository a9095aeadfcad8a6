import { describe, expect } from 'vitest';
import { ORIGIN, type Agent } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/fixtures.ts';
import { customerOrder, lineInput, signInShopper, signInStaff, staffCreate } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

// Issue 9, items 11–13: input that must never cause a 500 (the property test is input-property.test.ts).

const HIGH = 'a\ud800b';
const LOW = '\udc00';

describe('a lone UTF-16 surrogate in a text field', () => {
  it('is a 400 invalid_characters naming the field on every endpoint that stores text', async ({ admin, ids, t }) => {
    const { customer, order, lines } = await customerOrder(t);
    const shopper = await signInShopper(t, customer);
    const ret = await staffCreate(admin, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const cases: [Agent, string, string, unknown, Record<string, string>][] = [
      [
        shopper,
        'POST',
        '/api/returns',
        { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)], comment: HIGH },
        { comment: 'invalid_characters' }
      ],
      [
        shopper,
        'POST',
        '/api/returns',
        { orderNumber: order.number, lines: [{ ...lineInput(ids, lines[0]!.id, 1, 'other'), reasonText: LOW }] },
        { 'lines.0.reasonText': 'invalid_characters' }
      ],
      [admin, 'PATCH', `/api/staff/returns/${ret.number}`, { version: ret.version, staffNote: HIGH }, { staffNote: 'invalid_characters' }],
      [
        admin,
        'PATCH',
        `/api/staff/returns/${ret.number}`,
        { version: ret.version, customerMessage: LOW },
        { customerMessage: 'invalid_characters' }
      ],
      [admin, 'PATCH', '/api/staff/settings', { shopName: HIGH }, { shopName: 'invalid_characters' }],
      [admin, 'POST', '/api/staff/settings/reasons', { labelEn: LOW, labelFr: 'ok' }, { labelEn: 'invalid_characters' }],
      [admin, 'POST', '/api/staff/settings/actions', { labelEn: 'ok', labelFr: HIGH }, { labelFr: 'invalid_characters' }],
      [admin, 'PUT', '/api/staff/settings/emails/approved/en', { subject: HIGH, body: 'Hello' }, { subject: 'invalid_characters' }],
      [admin, 'POST', '/api/staff/accounts', { email: 'new.one@example.com', name: LOW, role: 'staff' }, { name: 'invalid_characters' }]
    ];
    for (const [agent, method, path, body, fields] of cases) {
      const res = await agent.request(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.fields).toEqual(fields);
    }
    const after = await admin.get(`/api/staff/returns/${ret.number}`);
    expect(after.body.return.version).toBe(ret.version);
  });

  it('raw bytes that are not UTF-8 (a surrogate encoded as bytes, 0xFF) are never a 5xx', async ({ admin, t }) => {
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const json = new TextEncoder().encode('{"shopName":"Shop X"}');
    for (const bad of [[0xed, 0xa0, 0x80], [0xff], [0xc3]]) {
      const body = new Uint8Array([...json.slice(0, 17), ...bad, ...json.slice(17)]);
      const res = await t.app.request(`${ORIGIN}/api/staff/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', origin: ORIGIN, cookie },
        body
      });
      expect(res.status, String(bad)).toBeLessThan(500);
    }
  });

  it('a well-formed pair (an emoji) is stored and read back as sent', async ({ admin }) => {
    const res = await admin.patch('/api/staff/settings', { shopName: 'Boutique 😀' });
    expect(res.status).toBe(200);
    expect(res.body.settings.shopName).toBe('Boutique 😀');
  });
});

describe('a body with a __proto__ key', () => {
  it('is a 400 naming the key like any unknown key, at the top or nested', async ({ admin, t }) => {
    const agent = t.agent();
    // Sent as raw JSON: an object literal would set the prototype instead of a key.
    const top = await agent.post('/api/auth/sign-in', `{"email":"a@example.com","password":"x","__proto__":{"admin":true}}`);
    expect(top.status).toBe(400);
    // Compared as entries: an object literal with `__proto__` would have no such key at all.
    expect(Object.entries(top.body.error.fields)).toEqual([['__proto__', 'unknown_field']]);
    const nested = await admin.patch('/api/staff/settings', `{"shopName":"Shop","constructor":1,"__proto__":null}`);
    expect(nested.status).toBe(400);
    expect(Object.keys(nested.body.error.fields).sort()).toEqual(['__proto__', 'constructor']);
    const inLine = await admin.post(
      '/api/staff/returns',
      `{"orderNumber":"X","lines":[{"orderLineId":1,"quantity":1,"reasonId":1,"actionId":1,"__proto__":{}}]}`
    );
    expect(inLine.status).toBe(400);
    expect(Object.entries(inLine.body.error.fields)).toEqual([['lines.0.__proto__', 'unknown_field']]);
  });
});

describe('the current-password check of a password change', () => {
  const change = (agent: Agent, currentPassword: string) =>
    agent.post('/api/staff/me/password', { currentPassword, newPassword: 'a brand new secret' });

  it('is throttled like sign-in: 5 failures per account in 15 minutes, then 429 with Retry-After, even when right', async ({ t }) => {
    const { agent } = await signInStaff(t, 'staff');
    for (let i = 0; i < 5; i++) expect((await change(agent, `wrong ${i}`)).status).toBe(422);
    const blocked = await change(agent, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    t.advance(15 * 60_000 + 1000);
    expect((await change(agent, PASSWORD)).status).toBe(200);
  });

  it('shares the account count with sign-in, and a success starts the count again', async ({ t }) => {
    const { staff, agent } = await signInStaff(t, 'staff');
    for (let i = 0; i < 4; i++) expect((await change(agent, `wrong ${i}`)).status).toBe(422);
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: staff.email, password: 'wrong' })).status).toBe(401);
    expect((await t.agent().post('/api/staff/auth/sign-in', { email: staff.email, password: PASSWORD })).status).toBe(429);
    t.advance(15 * 60_000 + 1000);
    for (let i = 0; i < 4; i++) expect((await change(agent, `wrong ${i}`)).status).toBe(422);
    expect((await change(agent, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await change(agent, `wrong ${i}`)).status).toBe(422);
  });
});
