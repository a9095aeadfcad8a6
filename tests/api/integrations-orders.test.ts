import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../../server/auth/passwords.ts';
import { auditEvents, customers, orderLines, orders, products, variants } from '../../server/db/schema.ts';
import { setupApp, ORIGIN, type TestContext } from '../helpers/app.ts';
import { createVariant, PASSWORD } from '../helpers/fixtures.ts';
import { catalogIds } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

const SECRET = 'shop-secret-for-tests-0123456789abcdef';
const DAY = 86_400_000;

let t: TestContext;
let seq = 0;
beforeAll(async () => {
  t = await setupApp({ SHOP_SECRET: SECRET });
});
afterAll(() => t.close());

/** The documented scheme, computed here independently of the server's code. */
function sign(body: string, at: Date, secret = SECRET) {
  const ts = Math.floor(at.getTime() / 1000);
  return `t=${ts},v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
}

type Push = { status: number; body: any };

/** A server-to-server call: no cookie, no Origin, no Sec-Fetch-Site; only the signature. */
async function push(
  app: TestContext['app'],
  payload: unknown,
  opts: { signature?: string | null; at?: Date; secret?: string; signedBody?: string; headers?: Record<string, string> } = {}
): Promise<Push & { replayed: string | null }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = opts.signature === undefined ? sign(opts.signedBody ?? body, opts.at ?? t.clock.now, opts.secret) : opts.signature;
  const res = await app.request(`${ORIGIN}/api/integrations/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'reprise-signature': signature } : {}), ...opts.headers },
    body
  });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') };
}

function anOrder(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    number: `SHOP-${Date.now().toString(36)}-${seq}`,
    customer: { email: `Guest.${seq}.${Date.now().toString(36)}@Example.com`, firstName: 'Inès', lastName: 'Roux', locale: 'fr' },
    status: 'delivered',
    currency: 'EUR',
    placedAt: new Date(t.clock.now.getTime() - 10 * DAY).toISOString(),
    deliveredAt: new Date(t.clock.now.getTime() - 4 * DAY).toISOString(),
    lines: [
      {
        sku: `TEE-${seq}-M`,
        name: 'Linen shirt',
        variant: 'M',
        imageUrl: 'https://cdn.shop.example/tee.jpg',
        unitPriceCents: 4500,
        quantity: 2
      },
      { sku: `CAP-${seq}`, name: 'Cap', unitPriceCents: 1500, quantity: 1 }
    ],
    ...overrides
  };
}

async function counts() {
  const n = async (table: typeof orders | typeof customers | typeof orderLines | typeof auditEvents) =>
    ((await t.db.select({ n: sql<number>`count(*)::int` }).from(table)) as [{ n: number }])[0].n;
  return { orders: await n(orders), customers: await n(customers), lines: await n(orderLines), audit: await n(auditEvents) };
}

async function orderRow(number: string) {
  const [order] = await t.db.select().from(orders).where(eq(orders.number, number));
  const lines = order ? await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position) : [];
  return { order, lines };
}

describe('signature', () => {
  it('refuses a push without a valid, fresh signature with 401, and writes nothing', async () => {
    const order = anOrder();
    const body = JSON.stringify(order);
    const before = await counts();
    const cases: [string, Parameters<typeof push>[2], string][] = [
      ['missing', { signature: null }, 'missing'],
      ['garbage', { signature: 'hello' }, 'malformed'],
      ['no v1', { signature: `t=${Math.floor(t.clock.now.getTime() / 1000)}` }, 'malformed'],
      ['wrong secret', { secret: 'another-secret-that-is-long-enough-000' }, 'mismatch'],
      ['other body', { signedBody: body.replace('Linen', 'Wool') }, 'mismatch'],
      ['6 minutes old', { at: new Date(t.clock.now.getTime() - 6 * 60_000) }, 'expired'],
      ['6 minutes ahead', { at: new Date(t.clock.now.getTime() + 6 * 60_000) }, 'expired'],
      ['right hex, wrong length', { signature: `t=${Math.floor(t.clock.now.getTime() / 1000)},v1=abcd` }, 'malformed']
    ];
    for (const [name, opts, reason] of cases) {
      const res = await push(t.app, body, opts);
      expect(res.status, name).toBe(401);
      expect(res.body.error, name).toMatchObject({ code: 'invalid_signature', fields: { 'Reprise-Signature': reason } });
    }
    expect(await counts()).toEqual(before);
    expect((await orderRow(order.number)).order).toBeUndefined();
  });

  it('accepts a signature 4 minutes old, and one of several v1 values (secret rotation)', async () => {
    const order = anOrder();
    const body = JSON.stringify(order);
    const old = sign(body, new Date(t.clock.now.getTime() - 4 * 60_000));
    expect((await push(t.app, body, { signature: old })).status).toBe(201);
    const other = anOrder();
    const otherBody = JSON.stringify(other);
    const good = sign(otherBody, t.clock.now);
    const rotated = `${good.split(',')[0]},v1=${'0'.repeat(64)},${good.split(',')[1]}`;
    expect((await push(t.app, otherBody, { signature: rotated })).status).toBe(201);
  });

  it('needs no Origin (not subject to the same-origin guard), while other endpoints still are', async () => {
    const res = await push(t.app, anOrder(), { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(201);
    const other = await t.app.request(`${ORIGIN}/api/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('cross_origin');
  });

  it('keeps the JSON-only and body-size guards', async () => {
    const body = JSON.stringify(anOrder());
    const notJson = await push(t.app, body, { headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
    const huge = JSON.stringify({ ...anOrder(), padding: 'x'.repeat(200_000) });
    expect((await push(t.app, huge)).status).toBe(413);
  });

  it('answers 404 integration_disabled when SHOP_SECRET is not set', async () => {
    const off = await setupApp();
    try {
      const res = await push(off.app, anOrder());
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('integration_disabled');
    } finally {
      await off.close();
    }
  });
});

describe('pushing an order', () => {
  it('creates the order, its lines, a guest customer and the catalog rows; the same push again changes nothing', async () => {
    const order = anOrder();
    const before = await counts();
    const res = await push(t.app, order);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ order: { number: order.number }, result: 'created' });

    const { order: row, lines } = await orderRow(order.number);
    expect(row).toMatchObject({
      status: 'delivered',
      currency: 'EUR',
      totalCents: 4500 * 2 + 1500,
      email: order.customer.email.toLowerCase()
    });
    expect(row!.deliveredAt!.toISOString()).toBe(order.deliveredAt);
    expect(
      lines.map((l) => ({
        sku: l.sku,
        name: l.productName,
        variant: l.variantLabel,
        quantity: l.quantity,
        price: l.unitPriceCents,
        image: l.imageUrl,
        position: l.position
      }))
    ).toEqual([
      {
        sku: order.lines[0]!.sku,
        name: 'Linen shirt',
        variant: 'M',
        quantity: 2,
        price: 4500,
        image: 'https://cdn.shop.example/tee.jpg',
        position: 0
      },
      { sku: order.lines[1]!.sku, name: 'Cap', variant: null, quantity: 1, price: 1500, image: null, position: 1 }
    ]);
    const [customer] = await t.db.select().from(customers).where(eq(customers.email, order.customer.email.toLowerCase()));
    expect(customer).toMatchObject({ firstName: 'Inès', lastName: 'Roux', locale: 'fr', passwordHash: null });
    expect(row!.customerId).toBe(customer!.id);
    for (const line of lines) {
      const [variant] = await t.db.select().from(variants).where(eq(variants.id, line.variantId!));
      expect(variant).toMatchObject({ sku: line.sku, stockOnHand: 0 });
    }
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, order.number));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'order', action: 'created', actorType: 'system', actorId: null });
    expect(audit[0]!.changes).toMatchObject({ via: 'api', status: [null, 'delivered'], customer: { created: true } });
    const afterFirst = await counts();
    expect(afterFirst).toEqual({
      orders: before.orders + 1,
      customers: before.customers + 1,
      lines: before.lines + 2,
      audit: before.audit + 1
    });

    // Signed anew (a second later): a new request, which changes nothing.
    const again = await push(t.app, order, { at: new Date(t.clock.now.getTime() + 1000) });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ order: { number: order.number }, result: 'unchanged' });
    expect(await counts()).toEqual(afterFirst);
  });

  it('updates status, delivery date, country shipped to and lines (added, changed, removed) and audits what changed', async () => {
    const order = anOrder({ status: 'shipped', deliveredAt: undefined, shippingCountry: 'FR' });
    expect((await push(t.app, order)).status).toBe(201);
    const deliveredAt = new Date(t.clock.now.getTime() - DAY).toISOString();
    const updated = {
      ...order,
      status: 'delivered',
      deliveredAt,
      shippingCountry: 'BE',
      lines: [
        { ...order.lines[0]!, quantity: 3 },
        { sku: `NEW-${seq}`, name: 'Socks', unitPriceCents: 900, quantity: 2, finalSale: true }
      ]
    };
    expect((await orderRow(order.number)).order!.units).toBe(2 + 1);
    const res = await push(t.app, updated);
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('updated');
    const { order: row, lines } = await orderRow(order.number);
    // Units bought (what the return rate divides by), kept by the database: 3 + 2 after a line changed, one added, one removed.
    expect(row).toMatchObject({ status: 'delivered', totalCents: 4500 * 3 + 900 * 2, shippingCountry: 'BE', units: 3 + 2 });
    expect(row!.deliveredAt!.toISOString()).toBe(deliveredAt);
    expect(lines.map((l) => [l.sku, l.quantity, l.finalSale])).toEqual([
      [order.lines[0]!.sku, 3, false],
      [`NEW-${seq}`, 2, true]
    ]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, order.number)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(['created', 'updated']);
    expect(audit[1]!.changes).toMatchObject({
      via: 'api',
      status: ['shipped', 'delivered'],
      deliveredAt: [null, deliveredAt],
      shippingCountry: ['FR', 'BE'],
      linesAdded: [`NEW-${seq}`],
      linesRemoved: [order.lines[1]!.sku],
      linesChanged: { [order.lines[0]!.sku]: { quantity: [2, 3] } }
    });
  });

  it('uses the existing variant of a known sku and leaves the catalog as it is', async () => {
    const { variant } = await createVariant(t.db, { stock: 7, price: 1000 });
    const order = anOrder({ lines: [{ sku: variant.sku, name: 'Renamed by the shop', unitPriceCents: 1200, quantity: 1 }] });
    expect((await push(t.app, order)).status).toBe(201);
    const { lines } = await orderRow(order.number);
    expect(lines[0]!.variantId).toBe(variant.id);
    const [after] = await t.db.select().from(variants).where(eq(variants.id, variant.id));
    expect(after).toMatchObject({ stockOnHand: 7, priceCents: 1000 });
    expect(await t.db.select().from(products).where(eq(products.sku, variant.sku))).toHaveLength(0);
  });

  it('attaches a new order to an existing customer without touching their account', async () => {
    const first = anOrder();
    await push(t.app, first);
    await t.db
      .update(customers)
      .set({ firstName: 'Chosen name', locale: 'en' })
      .where(eq(customers.email, first.customer.email.toLowerCase()));
    const second = anOrder({ customer: { ...first.customer, email: first.customer.email.toUpperCase(), firstName: 'Other' } });
    expect((await push(t.app, second)).status).toBe(201);
    const a = await orderRow(first.number);
    const b = await orderRow(second.number);
    expect(b.order!.customerId).toBe(a.order!.customerId);
    const [customer] = await t.db.select().from(customers).where(eq(customers.id, a.order!.customerId));
    expect(customer).toMatchObject({ firstName: 'Chosen name', locale: 'en' });
  });

  it('refuses a body that breaks the strict schema with 400 and field codes', async () => {
    const order = anOrder();
    const cases: [unknown, Record<string, string>][] = [
      [{ ...order, total: 100 }, { total: 'unknown_field' }],
      [{ ...order, customer: { ...order.customer, password: 'x' } }, { 'customer.password': 'unknown_field' }],
      [{ ...order, lines: [order.lines[0], { ...order.lines[1], sku: order.lines[0]!.sku }] }, { 'lines.1.sku': 'custom' }],
      [{ ...order, status: 'lost' }, { status: 'invalid_value' }],
      [{ ...order, currency: 'eur' }, { currency: 'invalid_format' }],
      // Well-formed but no ISO 4217 currency: its digits are unknown, so its amounts could not be shown.
      [{ ...order, currency: 'XYZ' }, { currency: 'custom' }],
      // The country shipped to: two upper-case letters (ISO 3166-1 alpha-2).
      [{ ...order, shippingCountry: 'fr' }, { shippingCountry: 'invalid_format' }],
      [{ ...order, shippingCountry: 'FRA' }, { shippingCountry: 'invalid_format' }],
      [{ ...order, number: 'A/1' }, { number: 'invalid_format' }],
      [{ ...order, lines: [] }, { lines: 'too_small' }],
      [{ ...order, lines: [{ ...order.lines[0], quantity: 0 }] }, { 'lines.0.quantity': 'too_small' }],
      [{ ...order, placedAt: 'yesterday' }, { placedAt: 'invalid_format' }],
      [{ ...order, customer: { ...order.customer, firstName: 'A\u0000' } }, { 'customer.firstName': 'invalid_characters' }]
    ];
    const before = await counts();
    for (const [body, fields] of cases) {
      const res = await push(t.app, body);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.fields).toMatchObject(fields);
    }
    expect(await counts()).toEqual(before);
  });

  it('two identical pushes at once make one order', async () => {
    const order = anOrder();
    // The same order in three requests (differently serialised, so three signatures).
    const results = await Promise.all([0, 1, 2].map((n) => push(t.app, JSON.stringify(order, null, n))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const rows = await t.db.select().from(orders).where(eq(orders.number, order.number));
    expect(rows).toHaveLength(1);
    expect((await orderRow(order.number)).lines).toHaveLength(2);
  });
});

describe('a pushed order in the portal', () => {
  it('is visible to its shopper and returnable; units on returns are then protected from the shop’s updates', async () => {
    const order = anOrder();
    expect((await push(t.app, order)).status).toBe(201);
    const email = order.customer.email.toLowerCase();
    // The guest claims their account (done here directly in the database).
    await t.db
      .update(customers)
      .set({ passwordHash: await hashPassword(PASSWORD) })
      .where(eq(customers.email, email));
    const shopper = await signInShopper(t, { email });

    const list = await shopper.get('/api/orders');
    expect(list.body.orders.map((o: { number: string }) => o.number)).toContain(order.number);
    const view = await shopper.get(`/api/orders/${order.number}`);
    expect(view.status).toBe(200);
    const shirt = view.body.order.lines.find((l: { sku: string }) => l.sku === order.lines[0]!.sku);
    expect(shirt).toMatchObject({ quantity: 2, returnableQuantity: 2, blockedReason: null, variant: 'M' });

    const ids = await catalogIds(t.db);
    const created = await shopper.post('/api/returns', {
      orderNumber: order.number,
      lines: [{ orderLineId: shirt.id, quantity: 2, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') }]
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // Lowering the quantity under the 2 units on the return, or dropping the line, is refused.
    const before = await orderRow(order.number);
    const lower = await push(t.app, { ...order, lines: [{ ...order.lines[0]!, quantity: 1 }, order.lines[1]] });
    expect(lower.status).toBe(422);
    expect(lower.body.error).toMatchObject({ code: 'order_not_updatable', fields: { 'lines.0.quantity': 'below_units_on_returns' } });
    const drop = await push(t.app, { ...order, lines: [order.lines[1]] });
    expect(drop.status).toBe(422);
    expect(drop.body.error.fields).toEqual({ [`removedLines.${order.lines[0]!.sku}`]: 'line_on_return' });
    const moved = await push(t.app, { ...order, customer: { ...order.customer, email: 'someone.else@example.com' } });
    expect(moved.status).toBe(422);
    expect(moved.body.error.fields).toEqual({ 'customer.email': 'order_has_returns' });
    expect(await orderRow(order.number)).toEqual(before);

    // Keeping the units (or adding some), and changing what is not on a return, is fine.
    const ok = await push(t.app, {
      ...order,
      status: 'delivered',
      lines: [{ ...order.lines[0]!, quantity: 2, imageUrl: 'https://cdn.shop.example/tee-2.jpg' }]
    });
    expect(ok.status).toBe(200);
    const after = await orderRow(order.number);
    expect(after.lines.map((l) => [l.sku, l.quantity, l.unitsOnReturns])).toEqual([[order.lines[0]!.sku, 2, 2]]);
  });
});

describe('what a push may not do', () => {
  it('replays a captured signed push with its first answer and does not apply it again', async () => {
    const order = anOrder({ status: 'shipped', deliveredAt: undefined });
    const body = JSON.stringify(order);
    const signature = sign(body, t.clock.now);
    const first = await push(t.app, body, { signature });
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    // The shop then pushes newer data (signed a little later).
    const newer = { ...order, status: 'delivered', deliveredAt: new Date(t.clock.now.getTime() - DAY).toISOString() };
    expect((await push(t.app, newer, { at: new Date(t.clock.now.getTime() + 2000) })).body.result).toBe('updated');
    const before = await counts();

    const replay = await push(t.app, body, { signature });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.replayed).toBe('true');
    expect((await orderRow(order.number)).order).toMatchObject({ status: 'delivered' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a push signed before the last applied one with 409 stale_push', async () => {
    const order = anOrder({ status: 'shipped', deliveredAt: undefined });
    expect((await push(t.app, order)).status).toBe(201);
    const later = new Date(t.clock.now.getTime() + 10_000);
    const delivered = { ...order, status: 'delivered', deliveredAt: new Date(t.clock.now.getTime() - DAY).toISOString() };
    expect((await push(t.app, delivered, { at: later })).status).toBe(200);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, order.number)).orderBy(auditEvents.id);
    expect(audit[1]!.changes).toMatchObject({ signedAt: later.toISOString() });

    // A push made in between (its own signature, so no replay) but older than the one applied.
    const older = await push(t.app, { ...order, lines: [order.lines[0]] }, { at: new Date(t.clock.now.getTime() + 5000) });
    expect(older.status).toBe(409);
    expect(older.body.error.code).toBe('stale_push');
    const { order: row, lines } = await orderRow(order.number);
    expect(row).toMatchObject({ status: 'delivered' });
    expect(lines).toHaveLength(2);
    // Signed at the same second or later is fine.
    expect((await push(t.app, { ...delivered, lines: [delivered.lines[0]] }, { at: later })).body.result).toBe('updated');
  });

  it('refuses a webhook-style signature (a captured event cannot pass as a push)', async () => {
    const body = JSON.stringify(anOrder());
    const ts = Math.floor(t.clock.now.getTime() / 1000);
    const signature = `t=${ts},v1=${createHmac('sha256', SECRET).update(`webhook.${ts}.${body}`).digest('hex')}`;
    const res = await push(t.app, body, { signature });
    expect(res.status).toBe(401);
    expect(res.body.error.fields).toEqual({ 'Reprise-Signature': 'mismatch' });
  });

  it('does not rewrite what open returns rely on: price, name, final sale, currency, delivery', async () => {
    const order = anOrder();
    expect((await push(t.app, order)).status).toBe(201);
    const { order: row, lines } = await orderRow(order.number);
    await t.db.update(orderLines).set({ unitsOnReturns: 1 }).where(eq(orderLines.id, lines[0]!.id));
    const before = await orderRow(order.number);
    const line = order.lines[0]!;
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ lines: [{ ...line, unitPriceCents: 4000 }, order.lines[1]] }, { 'lines.0.unitPriceCents': 'line_on_return' }],
      [{ lines: [{ ...line, name: 'Wool shirt' }, order.lines[1]] }, { 'lines.0.name': 'line_on_return' }],
      [{ lines: [{ ...line, finalSale: true }, order.lines[1]] }, { 'lines.0.finalSale': 'line_on_return' }],
      [{ currency: 'USD' }, { currency: 'order_has_units_on_returns' }],
      [{ status: 'shipped' }, { status: 'order_has_units_on_returns' }],
      [
        { status: 'placed', deliveredAt: null },
        { status: 'order_has_units_on_returns', deliveredAt: 'order_has_units_on_returns' }
      ],
      [{ deliveredAt: undefined }, { deliveredAt: 'order_has_units_on_returns' }]
    ];
    for (const [change, fields] of cases) {
      const res = await push(t.app, { ...order, ...change });
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'order_not_updatable' });
      expect(res.body.error.fields, JSON.stringify(change)).toEqual(fields);
    }
    expect(await orderRow(order.number)).toEqual(before);
    // The line that is on no return may still change.
    const ok = await push(t.app, { ...order, lines: [line, { ...order.lines[1]!, unitPriceCents: 1000, name: 'Blue cap' }] });
    expect(ok.body.result).toBe('updated');
    expect(row!.currency).toBe('EUR');
  });

  it('refuses dates before 1970 or past 9999 with 400', async () => {
    const order = anOrder();
    const cases: [unknown, Record<string, string>][] = [
      [{ ...order, placedAt: '0000-01-01T00:00:00Z' }, { placedAt: 'custom' }],
      [{ ...order, placedAt: '1969-12-31T23:59:59Z' }, { placedAt: 'custom' }],
      [{ ...order, deliveredAt: '9999-12-31T23:00:00-05:00' }, { deliveredAt: 'custom' }]
    ];
    for (const [body, fields] of cases) {
      const res = await push(t.app, body);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.body.error.fields).toEqual(fields);
    }
    expect((await orderRow(order.number)).order).toBeUndefined();
  });

  it('does not move an order from an account to another customer; a guest’s order may move, audited', async () => {
    const order = anOrder();
    expect((await push(t.app, order)).status).toBe(201);
    const guestMove = { ...order, customer: { ...order.customer, email: `moved.${seq}@example.com` } };
    expect((await push(t.app, guestMove)).body.result).toBe('updated');
    const moved = await orderRow(order.number);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, order.number)).orderBy(auditEvents.id);
    const [first] = await t.db.select().from(customers).where(eq(customers.email, order.customer.email.toLowerCase()));
    expect(audit[1]!.changes).toMatchObject({ customerId: [first!.id, moved.order!.customerId] });

    await t.db
      .update(customers)
      .set({ passwordHash: await hashPassword(PASSWORD) })
      .where(eq(customers.id, moved.order!.customerId));
    // Back to the first email (signed anew, else it would be the first request replayed).
    const res = await push(t.app, order, { at: new Date(t.clock.now.getTime() + 1000) });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'order_not_updatable', fields: { 'customer.email': 'order_belongs_to_account' } });
    expect(await orderRow(order.number)).toEqual(moved);
  });

  it('refuses a sku that is a catalog product’s (not a variant’s) instead of adding a variant to it', async () => {
    const { product } = await createVariant(t.db);
    const order = anOrder({ lines: [anOrder().lines[0], { sku: product.sku, name: 'Not a variant', unitPriceCents: 100, quantity: 1 }] });
    const res = await push(t.app, order);
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({ 'lines.1.sku': 'sku_is_a_product' });
    expect(await t.db.select().from(variants).where(eq(variants.productId, product.id))).toHaveLength(1);
    expect((await orderRow(order.number)).order).toBeUndefined();
  });

  it('refuses to update an order whose stored lines repeat a sku', async () => {
    const order = anOrder();
    expect((await push(t.app, order)).status).toBe(201);
    const { order: row, lines } = await orderRow(order.number);
    const l = lines[0]!;
    await t.db
      .insert(orderLines)
      .values({ orderId: row!.id, position: 2, sku: l.sku, productName: l.productName, unitPriceCents: l.unitPriceCents, quantity: 1 });
    const before = await orderRow(order.number);
    const res = await push(t.app, { ...order, status: 'cancelled' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'order_not_updatable', fields: { lines: 'duplicate_stored_sku' } });
    expect(await orderRow(order.number)).toEqual(before);
  });
});
