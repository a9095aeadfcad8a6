import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/client.ts';
import * as schema from '../../server/db/schema.ts';
import { mayCall, ROUTE_ACCESS, type Caller } from '../../server/http/access.ts';
import { CONNECTOR_ENV, platformSigned } from '../helpers/connectors.ts';
import { ORIGIN, setupApp, type Agent, type Reply, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds } from '../helpers/returns.ts';
import { openPortalLink } from '../helpers/links.ts';
import { signInShopper, signInStaff } from '../helpers/sign-in.ts';

const SECRET = 'route-access-secret-0123456789abcdef';
const STAFF_NOTE = 'Staff only: the parcel looked opened';
/** Keys only staff views carry: the note, restock decisions, the audit trail and who did what. */
const STAFF_ONLY_KEYS = new Set(['staffNote', 'restock', 'restockDefault', 'restockedUnits', 'createdByStaff', 'audit', 'actor']);
/** The API's description names the staff routes' body fields (schemas, not data): only its keys are exempt. */
const DESCRIBES_API = new Set(['GET /api/openapi.json', 'GET /api/docs']);

/** Every route with a handler (middlewares are listed with the method ALL, and each handler of a chain once more). */
function exposedRoutes(app: ReturnType<typeof createApp>): string[] {
  const real = app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'));
  return [...new Set(real.map((r) => `${r.method} ${r.path}`))];
}
// Listing needs no database: createApp only registers the routes.
const ROUTES = exposedRoutes(
  createApp({ db: undefined as unknown as Db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() })
);

/** The rows of every table but the sessions (a read may note a session's last activity), hashed. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const sessions: unknown[] = [schema.customerSessions, schema.staffSessions, schema.orderSessions];
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable) && !sessions.includes(v));
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await db
      .select({
        n: sql<number>`count(*)::int`,
        hash: sql<string>`md5(coalesce(string_agg(${table}::text, ',' order by ${table}::text), ''))`
      })
      .from(table);
    out[getTableName(table)] = `${row!.n}:${row!.hash}`;
  }
  return out;
}

/** A caller of one kind; only the owner's ids are in the paths and bodies, so every other shopper is a stranger to them. */
type Who = { name: string; kind: Caller; agent: Agent; owner?: true; signature?: 'good' | 'bad' | 'platform' };

let t: TestContext;
let callers: Who[];
let owner: { id: number; email: string };
let orderNumber: string;
let returnNumber: string;
/** An approved return of the owner's, for the routes that need one (the return slip). */
let approvedNumber: string;
let params: Record<string, string>;
let bodies: Record<string, unknown>;
let staffEmails: string[];

beforeAll(async () => {
  t = await setupApp({ SHOP_SECRET: SECRET, ...CONNECTOR_ENV });
  const ids = await catalogIds(t.db);
  owner = await createCustomer(t.db);
  const { order, lines } = await createOrder(t.db, owner, { now: t.clock.now });
  const ownerAgent = await signInShopper(t, owner);
  const other = await createCustomer(t.db);
  const { order: otherOrder } = await createOrder(t.db, other, { now: t.clock.now });
  const staff = await signInStaff(t, 'staff');
  const admin = await signInStaff(t, 'admin');

  const returnRequest = {
    orderNumber: order.number,
    lines: [{ orderLineId: lines[0]!.id, quantity: 1, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') }]
  };
  const created = await ownerAgent.post('/api/returns', returnRequest);
  expect(created.status).toBe(201);
  returnNumber = created.body.return.number;
  orderNumber = order.number;
  const noted = await staff.agent.patch(`/api/staff/returns/${returnNumber}`, {
    version: created.body.return.version,
    staffNote: STAFF_NOTE
  });
  expect(noted.status).toBe(200);
  const approved = await staff.agent.post('/api/staff/returns', { ...returnRequest, state: 'approved' });
  expect(approved.status).toBe(201);
  approvedNumber = approved.body.return.number;
  const [email] = await t.db
    .select()
    .from(schema.outbox)
    .where(and(eq(schema.outbox.kind, 'email'), eq(schema.outbox.recipient, owner.email)));

  // A withdrawal statement that matches no order, for the staff withdrawal routes.
  const withdrawn = await t.agent().post('/api/withdrawals', { name: 'Owner', email: owner.email, orderNumber: 'NO-ORDER', locale: 'en' });
  expect(withdrawn.status).toBe(202);
  const [statement] = await t.db.select().from(schema.withdrawals);

  // The example value of each path parameter, by the segment before it: always the owner's, never the caller's.
  params = {
    'orders/:number': orderNumber,
    'returns/:number': returnNumber,
    'emails/:id': String(email!.id),
    // No webhook event here (no WEBHOOK_URL): an email's id, which the webhook routes do not find.
    'webhooks/:id': String(email!.id),
    'accounts/:id': String(staff.staff.id),
    'reasons/:id': String(ids.reason('wrong_size')),
    'actions/:id': String(ids.action('refund')),
    'emails/:state': 'approved',
    ':state/:locale': 'en',
    'withdrawals/:id': String(statement!.id),
    'export/:kind': 'returns.csv'
  };
  // Writes whose body names an order: the owner's too (every other write sends an empty object).
  bodies = { 'POST /api/returns': returnRequest };
  staffEmails = [staff.staff.email, admin.staff.email];
  callers = [
    { name: 'no session', kind: 'anonymous', agent: t.agent() },
    { name: 'the owner', kind: 'shopper', agent: ownerAgent, owner: true },
    { name: 'another shopper', kind: 'shopper', agent: await signInShopper(t, other) },
    { name: 'a portal link to the order', kind: 'order_link', agent: await openPortalLink(t, order.number), owner: true },
    { name: 'a portal link to another order', kind: 'order_link', agent: await openPortalLink(t, otherOrder.number) },
    { name: 'a staff member', kind: 'staff', agent: staff.agent },
    { name: 'an admin', kind: 'admin', agent: admin.agent },
    { name: 'the shop (signed)', kind: 'integration', agent: t.agent(), signature: 'good' },
    { name: 'a bad signature', kind: 'anonymous', agent: t.agent(), signature: 'bad' },
    { name: 'a shop platform (signed its way)', kind: 'platform', agent: t.agent(), signature: 'platform' }
  ];
});
afterAll(() => t.close());

/** The route's pattern with the owner's ids filled in (and the query a route cannot do without). */
function pathOf(route: string): string {
  const pattern = route.slice(route.indexOf(' ') + 1);
  const segments = pattern.split('/');
  const path = segments
    .map((s, i) => {
      if (!s.startsWith(':')) return s;
      const value = s === ':number' && segments.at(-1)!.startsWith('slip') ? approvedNumber : params[`${segments[i - 1]}/${s}`];
      if (value === undefined) throw new Error(`no example value for ${s} in ${route}: add one to the params above`);
      return encodeURIComponent(value);
    })
    .join('/');
  return route === 'GET /api/staff/orders' ? `${path}?q=${orderNumber}` : path;
}

/** Calls a route as `who`, with the owner's ids in the path and the body. */
function call(who: Who, route: string): Promise<Reply> {
  const method = route.slice(0, route.indexOf(' '));
  const body = method === 'GET' ? undefined : (bodies[route] ?? {});
  if (!who.signature) return who.agent.request(method, pathOf(route), body);
  // Server to server: no Origin, no Sec-Fetch-Site, only the signature.
  const raw = body === undefined ? '' : JSON.stringify(body);
  if (who.signature === 'platform') {
    const { path, headers } = platformSigned(pathOf(route), raw);
    return who.agent.request(method, path, body, { 'sec-fetch-site': '', origin: '', ...headers });
  }
  const ts = Math.floor(t.clock.now.getTime() / 1000);
  const v1 = createHmac('sha256', who.signature === 'good' ? SECRET : 'not-the-shop-secret')
    .update(`${ts}.${raw}`)
    .digest('hex');
  return who.agent.request(method, pathOf(route), body, { 'sec-fetch-site': '', origin: '', 'reprise-signature': `t=${ts},v1=${v1}` });
}

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

describe('every route declares who may call it', () => {
  it('the table in server/http/access.ts names each route the app exposes, and no other', () => {
    const declared = Object.keys(ROUTE_ACCESS);
    expect(
      ROUTES.filter((r) => !declared.includes(r)),
      'routes without a declaration'
    ).toEqual([]);
    expect(
      declared.filter((r) => !ROUTES.includes(r)),
      'declarations of routes that no longer exist'
    ).toEqual([]);
  });
});

describe('no write from a foreign page', () => {
  const writes = ROUTES.filter((r) => !r.startsWith('GET ') && !r.includes(' /api/integrations/'));
  it.each(writes)('%s refuses a foreign Origin with 403 before anything else, and changes nothing', async (route) => {
    const agent = t.agent();
    // Signed in as a shopper and as an admin at once: the refusal cannot come from a missing session.
    for (const who of callers.filter((c) => c.owner || c.kind === 'admin')) {
      for (const [k, v] of who.agent.cookies) agent.cookies.set(k, v);
    }
    const before = await fingerprint(t.db);
    const method = route.slice(0, route.indexOf(' '));
    const res = await agent.request(method, pathOf(route), {}, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('cross_origin');
    expect(await fingerprint(t.db)).toEqual(before);
  });
});

describe('each route answers each kind of caller as declared', () => {
  // A sign-out ends the caller's session, so those run after every other route.
  const walk = [...ROUTES].sort((a, b) => Number(a.endsWith('/sign-out')) - Number(b.endsWith('/sign-out')));
  it.each(walk)('%s', async (route) => {
    const access = ROUTE_ACCESS[route];
    expect(access, 'declared in server/http/access.ts').toBeDefined();
    const isGet = route.startsWith('GET ');
    const takesIds = route.includes('/:') || route in bodies;
    for (const who of callers) {
      const before = isGet ? await fingerprint(t.db) : null;
      const res = await call(who, route);
      const label = `${route} as ${who.name}: ${res.status} ${JSON.stringify(res.body)}`;
      const text = JSON.stringify(res.body ?? '');

      if (who.signature && !isGet && !route.includes(' /api/integrations/')) {
        // A caller with no page behind it (no Origin) may write only to the signed integration routes.
        expect(res.status, label).toBe(403);
        expect(res.body.error?.code, label).toBe('cross_origin');
      } else if (!mayCall(access!, who.kind)) {
        expect([401, 403], label).toContain(res.status);
      } else if ((who.kind === 'shopper' || who.kind === 'order_link') && !who.owner && takesIds) {
        expect(res.status, label).toBe(404);
      } else {
        expect([401, 403], label).not.toContain(res.status);
        expect(res.status, label).toBeLessThan(500);
        if (isGet) expect(res.status, label).toBe(200);
      }

      if (who.kind !== 'staff' && who.kind !== 'admin') {
        expect(
          [...keysOf(res.body)].filter((k) => STAFF_ONLY_KEYS.has(k) && !DESCRIBES_API.has(route)),
          label
        ).toEqual([]);
        for (const secret of [STAFF_NOTE, ...staffEmails]) expect(text, label).not.toContain(secret);
        if (!who.owner) {
          for (const theirs of [owner.email, orderNumber, returnNumber]) expect(text, label).not.toContain(theirs);
        }
      }
      if (before) expect(await fingerprint(t.db), `${label}: a GET changed the database`).toEqual(before);
    }
  });
});
