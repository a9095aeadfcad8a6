import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '../../server/outbound/signature.ts';
import { setupApp, type Agent, type Reply, type TestContext } from '../helpers/app.ts';
import { catalogIds, customerOrder, lineInput, signInShopper, signInStaff, staffCreate } from '../helpers/staff.ts';

/**
 * Issue 9 item 11: arbitrary text (lone surrogates, NUL, controls, long strings, any unicode) in every
 * text field of every request schema, and in the path parameters, never answers a 5xx. In a JSON body,
 * text the database cannot store must be a 400 naming the field.
 */

const SECRET = 'shop-secret-for-the-input-property-test';
const RUNS = Number(process.env.INPUT_PROPERTY_RUNS ?? 6);

type Who = 'guest' | 'shopper' | 'staff' | 'admin' | 'shop';
type Ctx = {
  order: string;
  lineId: number;
  reason: number;
  action: number;
  ret: { number: string; version: number };
  reasonId: number;
  actionId: number;
  seq: () => number;
};
type Endpoint = {
  who: Who;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** `{}` marks the path parameter when `where` is `path`. */
  path: (c: Ctx) => string;
  where: 'body' | 'query' | 'path';
  /** Valid values: the body, each query parameter (sent one at a time), or the path parameter. */
  valid: (c: Ctx) => Record<string, unknown>;
  /** Dotted paths of the text fields (for `path`: the one parameter's name). */
  fields: string[];
  /** Fields whose schema drops a value it does not like instead of refusing it. */
  dropped?: string[];
  after?: (c: Ctx, res: Reply) => void;
};

const anEmail = (c: Ctx) => `someone.${c.seq()}@example.com`;
const pushedOrder = (c: Ctx) => ({
  number: `PROP-${c.seq()}`,
  customer: { email: anEmail(c), firstName: 'Inès', lastName: 'Roux', locale: 'fr' },
  status: 'delivered',
  currency: 'EUR',
  placedAt: '2026-06-01T10:00:00Z',
  deliveredAt: '2026-06-05T10:00:00+02:00',
  lines: [
    { sku: `SKU-${c.seq()}`, name: 'Linen shirt', variant: 'M', imageUrl: 'https://cdn.example/x.jpg', unitPriceCents: 4500, quantity: 2 }
  ]
});

// Every endpoint that takes text, and its text fields.
const ENDPOINTS: Endpoint[] = [
  {
    who: 'guest',
    method: 'POST',
    path: () => '/api/auth/sign-in',
    where: 'body',
    valid: (c) => ({ email: anEmail(c), password: 'a password' }),
    fields: ['email', 'password']
  },
  {
    who: 'guest',
    method: 'POST',
    path: () => '/api/auth/sign-in-link',
    where: 'body',
    valid: (c) => ({ email: anEmail(c), next: '/orders' }),
    fields: ['email', 'next'],
    dropped: ['next']
  },
  {
    who: 'guest',
    method: 'POST',
    path: () => '/api/auth/sign-in-link/verify',
    where: 'body',
    valid: () => ({ token: 'abcdefghijklmnop' }),
    fields: ['token']
  },
  {
    who: 'guest',
    method: 'POST',
    path: () => '/api/staff/auth/sign-in',
    where: 'body',
    valid: (c) => ({ email: anEmail(c), password: 'a password' }),
    fields: ['email', 'password']
  },
  { who: 'shopper', method: 'PATCH', path: () => '/api/auth/me', where: 'body', valid: () => ({ locale: 'fr' }), fields: ['locale'] },
  { who: 'shopper', method: 'GET', path: () => '/api/orders', where: 'query', valid: () => ({ cursor: 'abc' }), fields: ['cursor'] },
  { who: 'shopper', method: 'GET', path: () => '/api/returns', where: 'query', valid: () => ({ cursor: 'abc' }), fields: ['cursor'] },
  {
    who: 'shopper',
    method: 'POST',
    path: () => '/api/returns',
    where: 'body',
    valid: (c) => ({
      orderNumber: c.order,
      lines: [{ orderLineId: c.lineId, quantity: 1, reasonId: c.reason, reasonText: 'Too small', actionId: c.action }],
      comment: 'Thanks'
    }),
    fields: ['orderNumber', 'comment', 'lines.0.reasonText']
  },
  { who: 'shopper', method: 'GET', path: () => '/api/orders/{}', where: 'path', valid: (c) => ({ number: c.order }), fields: ['number'] },
  {
    who: 'shopper',
    method: 'GET',
    path: () => '/api/returns/{}',
    where: 'path',
    valid: (c) => ({ number: c.ret.number }),
    fields: ['number']
  },
  {
    who: 'staff',
    method: 'GET',
    path: () => '/api/staff/returns',
    where: 'query',
    valid: () => ({ state: 'requested', q: 'alice', cursor: 'abc' }),
    fields: ['state', 'q', 'cursor']
  },
  {
    who: 'staff',
    method: 'POST',
    path: () => '/api/staff/returns',
    where: 'body',
    valid: (c) => ({
      orderNumber: c.order,
      lines: [{ orderLineId: c.lineId, quantity: 1, reasonId: c.reason, reasonText: 'Too small', actionId: c.action }],
      comment: 'At the counter',
      state: 'in_progress',
      staffNote: 'Checked',
      customerMessage: 'We will call you'
    }),
    fields: ['orderNumber', 'comment', 'state', 'staffNote', 'customerMessage', 'lines.0.reasonText']
  },
  {
    who: 'staff',
    method: 'PATCH',
    path: (c) => `/api/staff/returns/${c.ret.number}`,
    where: 'body',
    valid: (c) => ({ version: c.ret.version, state: 'in_progress', staffNote: 'Looked at it', customerMessage: 'We are on it' }),
    fields: ['state', 'staffNote', 'customerMessage'],
    after: (c, res) => {
      if (res.status === 200) c.ret.version = res.body.return.version;
    }
  },
  {
    who: 'staff',
    method: 'GET',
    path: () => '/api/staff/returns/{}',
    where: 'path',
    valid: (c) => ({ number: c.ret.number }),
    fields: ['number']
  },
  { who: 'staff', method: 'GET', path: () => '/api/staff/orders', where: 'query', valid: () => ({ q: 'alice' }), fields: ['q'] },
  {
    who: 'staff',
    method: 'GET',
    path: () => '/api/staff/orders/{}',
    where: 'path',
    valid: (c) => ({ number: c.order }),
    fields: ['number']
  },
  { who: 'staff', method: 'GET', path: () => '/api/staff/emails', where: 'query', valid: () => ({ cursor: 'abc' }), fields: ['cursor'] },
  { who: 'staff', method: 'GET', path: () => '/api/staff/emails/{}', where: 'path', valid: () => ({ id: '1' }), fields: ['id'] },
  {
    who: 'staff',
    method: 'POST',
    path: () => '/api/staff/me/password',
    where: 'body',
    valid: () => ({ currentPassword: 'not it at all', newPassword: 'a new secret' }),
    fields: ['currentPassword', 'newPassword']
  },
  {
    who: 'admin',
    method: 'POST',
    path: () => '/api/staff/accounts',
    where: 'body',
    valid: (c) => ({ email: anEmail(c), name: 'New Person', role: 'staff' }),
    fields: ['email', 'name', 'role']
  },
  {
    who: 'admin',
    method: 'PATCH',
    path: () => '/api/staff/settings',
    where: 'body',
    valid: () => ({
      shopName: 'Shop',
      contactEmail: 'help@shop.example',
      contactPhone: '+33 1 23 45 67 89',
      primaryColor: '#112233',
      accentColor: '#445566'
    }),
    fields: ['shopName', 'contactEmail', 'contactPhone', 'primaryColor', 'accentColor']
  },
  {
    who: 'admin',
    method: 'POST',
    path: () => '/api/staff/settings/reasons',
    where: 'body',
    valid: (c) => ({ labelEn: `Reason ${c.seq()}`, labelFr: `Motif ${c.seq()}` }),
    fields: ['labelEn', 'labelFr']
  },
  {
    who: 'admin',
    method: 'PATCH',
    path: (c) => `/api/staff/settings/reasons/${c.reasonId}`,
    where: 'body',
    valid: (c) => ({ labelEn: `Reason ${c.seq()}`, labelFr: `Motif ${c.seq()}` }),
    fields: ['labelEn', 'labelFr']
  },
  {
    who: 'admin',
    method: 'PATCH',
    path: () => '/api/staff/settings/reasons/{}',
    where: 'path',
    valid: (c) => ({ id: String(c.reasonId) }),
    fields: ['id']
  },
  {
    who: 'admin',
    method: 'POST',
    path: () => '/api/staff/settings/actions',
    where: 'body',
    valid: (c) => ({ labelEn: `Action ${c.seq()}`, labelFr: `Action ${c.seq()}` }),
    fields: ['labelEn', 'labelFr']
  },
  {
    who: 'admin',
    method: 'PATCH',
    path: (c) => `/api/staff/settings/actions/${c.actionId}`,
    where: 'body',
    valid: (c) => ({ labelEn: `Action ${c.seq()}`, labelFr: `Action ${c.seq()}` }),
    fields: ['labelEn', 'labelFr']
  },
  {
    who: 'admin',
    method: 'POST',
    path: () => '/api/staff/settings/emails/preview',
    where: 'body',
    valid: () => ({ state: 'approved', locale: 'fr', subject: 'Retour [[return_number]]', body: 'Bonjour [[firstname]]' }),
    fields: ['state', 'locale', 'subject', 'body']
  },
  {
    who: 'admin',
    method: 'PUT',
    path: () => '/api/staff/settings/emails/approved/en',
    where: 'body',
    valid: () => ({ subject: 'Approved', body: 'Hello [[firstname]]' }),
    fields: ['subject', 'body']
  },
  {
    who: 'admin',
    method: 'PUT',
    path: () => '/api/staff/settings/emails/{}/en',
    where: 'path',
    valid: () => ({ state: 'approved' }),
    fields: ['state']
  },
  {
    who: 'shop',
    method: 'POST',
    path: () => '/api/integrations/orders',
    where: 'body',
    valid: pushedOrder,
    fields: [
      'number',
      'customer.email',
      'customer.firstName',
      'customer.lastName',
      'customer.locale',
      'status',
      'currency',
      'placedAt',
      'deliveredAt',
      'lines.0.sku',
      'lines.0.name',
      'lines.0.variant',
      'lines.0.imageUrl'
    ]
  }
];

// ---- the strings ----

/** Any UTF-16 code unit: lone surrogates, NUL and other controls included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const nasty = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d',
  '\u202e',
  '\ufeff',
  '\r\n',
  '%00',
  '"',
  '\\',
  '😀',
  'é',
  ' '
);
const splice = (s: string, at: number, piece: string) => s.slice(0, at % (s.length + 1)) + piece + s.slice(at % (s.length + 1));

/** Random text, or the field's valid value with something nasty inside (so it gets past the format checks). */
const hostile = (valid: string) =>
  fc.oneof(
    fc.string({ unit: codeUnit, maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    { weight: 3, arbitrary: fc.tuple(fc.nat(), nasty).map(([at, bad]) => splice(valid, at, bad)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat(), fc.string({ unit: fc.oneof(codeUnit, nasty), minLength: 1, maxLength: 3 }))
        .map(([at, bad]) => splice(valid, at, bad))
    },
    fc
      .tuple(fc.string({ unit: fc.oneof(codeUnit, nasty), minLength: 1, maxLength: 4 }), fc.integer({ min: 50, max: 3000 }))
      .map(([s, n]) => s.repeat(n))
  );

/** What the database cannot store (the oracle: a body carrying it must be refused). */
const unstorable = (s: string) => s.includes('\u0000') || !s.isWellFormed();

/** Percent-encodes every code point's UTF-8 bytes, a lone surrogate's too (encodeURIComponent would throw). */
function encodeAny(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (/^[A-Za-z0-9_.~-]$/.test(ch)) out += ch;
    else {
      const bytes =
        cp < 0x80
          ? [cp]
          : cp < 0x800
            ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
            : cp < 0x10000
              ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
              : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    }
  }
  return out;
}

function withValue(body: Record<string, unknown>, path: string, value: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return copy;
}

function valueAt(body: Record<string, unknown>, path: string): string {
  return String(path.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], body));
}

// ---- the run ----

let t: TestContext;
let ctx: Ctx;
let agents: Record<Exclude<Who, 'guest' | 'shop'>, Agent>;
let address = 0;
beforeAll(async () => {
  // Each request comes from its own address, so the per-address sign-in count never hides a path.
  t = await setupApp({ SHOP_SECRET: SECRET, TRUST_PROXY: 'true' });
  const ids = await catalogIds(t.db);
  const { customer, order, lines } = await customerOrder(t, { lines: [{ quantity: 10_000 }] });
  const admin = (await signInStaff(t, 'admin')).agent;
  agents = { shopper: await signInShopper(t, customer), staff: (await signInStaff(t, 'staff')).agent, admin };
  const ret = await staffCreate(admin, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
  const reason = await admin.post('/api/staff/settings/reasons', { labelEn: 'Property', labelFr: 'Propriété' });
  const action = await admin.post('/api/staff/settings/actions', { labelEn: 'Property', labelFr: 'Propriété' });
  let n = 0;
  ctx = {
    order: order.number,
    lineId: lines[0]!.id,
    reason: ids.reason('other'),
    action: ids.action('refund'),
    ret: { number: ret.number, version: ret.version },
    reasonId: reason.body.reason.id,
    actionId: action.body.action.id,
    seq: () => ++n
  };
});
afterAll(() => t.close());

async function send(e: Endpoint, field: string, value: string): Promise<Reply> {
  const headers = { 'x-forwarded-for': `10.${(++address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` };
  if (e.where === 'query') {
    // The one parameter alone, so the others' valid values cannot refuse the request before it is read.
    return agents[e.who as 'staff'].request(e.method, `${e.path(ctx)}?${field}=${encodeAny(value)}`, undefined, headers);
  }
  if (e.where === 'path') {
    return agents[e.who as 'staff'].request(
      e.method,
      e.path(ctx).replace('{}', encodeAny(value)),
      e.method === 'GET' ? undefined : {},
      headers
    );
  }
  const body = JSON.stringify(withValue(e.valid(ctx), field, value));
  if (e.who === 'shop')
    return t.agent().post(e.path(ctx), body, { ...headers, 'reprise-signature': signatureHeader(SECRET, body, t.clock.now, 'push') });
  return (e.who === 'guest' ? t.agent() : agents[e.who]).request(e.method, e.path(ctx), body, headers);
}

describe('arbitrary text in any field of any request', () => {
  for (const e of ENDPOINTS) {
    it(`${e.method} ${e.path({ ret: { number: ':number' }, reasonId: ':id', actionId: ':id' } as never)} (${e.where}: ${e.fields.join(', ')}) never answers a 5xx`, async () => {
      for (const field of e.fields) {
        const valid = e.where === 'path' ? String(e.valid(ctx)[field]) : valueAt(e.valid(ctx), field);
        await fc.assert(
          fc.asyncProperty(hostile(valid), async (value) => {
            const res = await send(e, field, value);
            e.after?.(ctx, res);
            const what = `${field}=${JSON.stringify(value).slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
            expect(res.status, what).toBeLessThan(500);
            if (e.where === 'body' && !e.dropped?.includes(field) && unstorable(value)) {
              expect(res.status, what).toBe(400);
              expect(Object.keys(res.body.error.fields ?? {}), what).toContain(field);
            }
          }),
          { numRuns: RUNS }
        );
      }
    });
  }
});
