import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import { trailFromJson } from '../../server/audit/trail.ts';
import { auditEvents, connectorDeliveries, oneTimeTokens } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { CONNECTOR_ENV, edited, fixture, hmac, sendSigned, SHOPIFY, storedOrder, writeCounts, type Send } from '../helpers/connectors.ts';

const SECRET = CONNECTOR_ENV.SHOPIFY_WEBHOOK_SECRET;
const SAMPLE = fixture('shopify', 'orders-create.json');

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ ...CONNECTOR_ENV, CONNECTOR_DELIVERY_DAYS: '3' });
});
afterAll(() => t.close());

/** A delivery as Shopify sends it: the base64 HMAC of the raw body, topic and webhook id headers. */
const send = (body: string, opts: Send = {}) => sendSigned(t, SHOPIFY, body, opts);

/** The sample order under another name and customer (text edits: the 18-digit ids stay exact), at `updatedAt`, with `edits` applied. */
function sample(name: string, updatedAt: string, edits: [string, string][] = []) {
  const body = SAMPLE.replace('"name":"#9999"', `"name":"#${name}"`)
    .replaceAll('jon@doe.ca', `shopper-${name}@example.com`)
    .replace('"updated_at":"2022-04-05T16:54:56+02:00"', `"updated_at":"${updatedAt}"`);
  return edited(body, edits);
}

const FULFILLED: [string, string][] = [
  ['"fulfillment_status":"pending"', '"fulfillment_status":"fulfilled"'],
  [
    '"fulfillments":[]',
    '"fulfillments":[{"id":255858046,"order_id":820982911946154508,"status":"success","created_at":"2022-04-06T10:00:00+02:00","shipment_status":null}]'
  ]
];
const CANCELLED: [string, string][] = [['"cancelled_at":null', '"cancelled_at":"2022-04-05T18:00:00+02:00"']];

describe('Shopify orders in', () => {
  it('creates the order from the documented payload: lines, money paid after discounts, shipping and its country, dates, audited as Shopify', async () => {
    const res = await send(sample('1001', '2022-04-05T16:54:56+02:00'), { topic: 'orders/create' });
    expect(res).toEqual({ status: 200, body: { result: 'created', order: { number: '1001' } } });
    const { order, lines } = await storedOrder(t.db, '1001');
    expect(order).toMatchObject({
      email: 'shopper-1001@example.com',
      status: 'placed',
      currency: 'EUR',
      shippingCents: 1000,
      shippingCountry: 'US',
      totalCents: 8999 + 15499,
      placedAt: new Date('2022-04-05T14:54:56Z'),
      deliveredAt: null
    });
    // No tags: Shopify's line items carry none (the order's own `tags` are not the products').
    expect(lines.map((l) => [l.sku, l.productName, l.quantity, l.unitPriceCents, l.tags])).toEqual([
      ['SKU2006-001', 'Aviator sunglasses', 1, 8999, []],
      ['SKU2006-020', 'Mid-century lounger', 1, 15499, []]
    ]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, 'order'), eq(auditEvents.entityId, '1001')));
    expect(audit!.changes).toMatchObject({ via: 'shopify', status: [null, 'placed'] });
    // As staff read it in a trail: the system actor named by the platform.
    const [trail] = trailFromJson([{ ...audit!, at: audit!.createdAt, staffName: null, staffEmail: null, customer: null }]);
    expect(trail!.actor).toMatchObject({ type: 'system', name: 'Shopify' });
  });

  it('the same delivery again (same webhook id) changes nothing; the same state under a new id is unchanged', async () => {
    const body = sample('1002', '2022-04-05T16:54:56+02:00');
    expect((await send(body, { deliveryId: 'wh-same' })).body.result).toBe('created');
    const before = await writeCounts(t.db);
    expect(await send(body, { deliveryId: 'wh-same' })).toEqual({ status: 200, body: { result: 'duplicate' } });
    expect(await writeCounts(t.db)).toEqual(before);
    expect((await send(body)).body).toEqual({ result: 'unchanged', order: { number: '1002' } });
  });

  it('refuses a wrong, missing or re-encoded-body signature with 401 and writes nothing', async () => {
    const body = sample('1003', '2022-04-05T16:54:56+02:00');
    const reencoded = JSON.stringify(JSON.parse(body), null, 2);
    const before = await writeCounts(t.db);
    for (const [name, opts, reason] of [
      ['missing', { signature: null }, 'missing'],
      ['wrong secret', { signature: hmac('another-secret-that-is-long-enough', body, 'base64') }, 'mismatch'],
      ['hex instead of base64', { signature: hmac(SECRET, body, 'hex') }, 'mismatch'],
      ['body re-encoded after signing', { signedBody: reencoded }, 'mismatch']
    ] as const) {
      const res = await send(body, opts);
      expect(res.status, name).toBe(401);
      expect(res.body.error, name).toMatchObject({ code: 'invalid_signature', fields: { 'X-Shopify-Hmac-Sha256': reason } });
    }
    expect(await writeCounts(t.db)).toEqual(before);
    expect((await storedOrder(t.db, '1003')).order).toBeUndefined();
  });

  it('fulfilled: delivered CONNECTOR_DELIVERY_DAYS after the fulfilment; an older update arriving later changes nothing', async () => {
    await send(sample('1004', '2022-04-05T16:54:56+02:00'), { topic: 'orders/create' });
    const fulfilled = await send(sample('1004', '2022-04-06T10:00:01+02:00', FULFILLED), { topic: 'orders/fulfilled' });
    expect(fulfilled.body.result).toBe('updated');
    const older = await send(sample('1004', '2022-04-05T20:00:00+02:00', CANCELLED), { topic: 'orders/cancelled' });
    expect(older.body).toEqual({ result: 'stale', order: { number: '1004' } });
    expect((await storedOrder(t.db, '1004')).order).toMatchObject({ status: 'delivered', deliveredAt: new Date('2022-04-09T08:00:00Z') });
  });

  it('cancelled, and a line removed by an edit (current_quantity 0)', async () => {
    await send(sample('1005', '2022-04-05T16:54:56+02:00'), { topic: 'orders/create' });
    const edited = await send(
      sample('1005', '2022-04-05T17:00:00+02:00', [
        ['"quantity":1,"sku":"SKU2006-020"', '"quantity":1,"current_quantity":0,"sku":"SKU2006-020"']
      ])
    );
    expect(edited.body.result).toBe('updated');
    expect((await storedOrder(t.db, '1005')).lines.map((l) => l.sku)).toEqual(['SKU2006-001']);
    const summary = await send('{"order_edit":{"id":78912328,"order_id":820982911946154508}}', { topic: 'orders/edited' });
    expect(summary.body).toEqual({ result: 'ignored', reason: 'edit_summary_applied_by_orders_updated' });
    await send(sample('1005', '2022-04-05T18:00:00+02:00', CANCELLED), { topic: 'orders/cancelled' });
    expect((await storedOrder(t.db, '1005')).order!.status).toBe('cancelled');
  });

  it('keeps ids above 2^53 exact: a line without a sku is known by its variant id', async () => {
    const body = sample('1006', '2022-04-05T16:54:56+02:00', [
      [
        '"variant_id":null,"title":"Aviator sunglasses","quantity":1,"sku":"SKU2006-001"',
        '"variant_id":9007199254740993,"title":"Aviator sunglasses","quantity":1,"sku":null'
      ]
    ]);
    expect((await send(body)).body.result).toBe('created');
    expect((await storedOrder(t.db, '1006')).lines[0]!.sku).toBe('shopify-9007199254740993');
  });

  it('records a refusal and answers it with 200, so Shopify stops retrying; an unhandled topic is ignored', async () => {
    const res = await send(
      sample('1007', '2022-04-05T16:54:56+02:00', [['"presentment_money":{"amount":"89.99"', '"presentment_money":{"amount":"89.9x"']])
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: 'refused',
      refusal: { code: 'invalid_request', fields: { 'line_items.0.price': 'not_an_amount' } }
    });
    const [row] = await t.db.select().from(connectorDeliveries).where(eq(connectorDeliveries.orderNumber, '1007'));
    expect(row).toMatchObject({ platform: 'shopify', result: 'refused', refusal: { code: 'invalid_request' } });
    expect((await storedOrder(t.db, '1007')).order).toBeUndefined();
    expect((await send('{}', { topic: 'products/create' })).body).toEqual({ result: 'ignored', reason: 'topic_not_handled' });
  });

  it('answers 404 integration_disabled without SHOPIFY_WEBHOOK_SECRET', async () => {
    const off = await setupApp();
    try {
      const res = await off.app.request('http://reprise.test/api/integrations/shopify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('integration_disabled');
    } finally {
      await off.close();
    }
  });
});

describe('the number shoppers see', () => {
  it('a shopper finds the order typing its number with or without "#"', async () => {
    await send(sample('2001', '2022-04-05T16:54:56+02:00'));
    for (const typed of ['#2001', '2001', ' #2001 ']) {
      const res = await t.agent().post('/api/auth/lookup', { orderNumber: typed, email: 'shopper-2001@example.com' });
      expect(res.status, typed).toBe(202);
    }
    const { order } = await storedOrder(t.db, '2001');
    const tokens = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.email, 'shopper-2001@example.com'));
    expect(tokens.map((r) => r.orderId)).toEqual([order!.id, order!.id, order!.id]);
  });
});

describe('property: the order ends as the newest delivery says', () => {
  const state = fc.constantFrom('placed', 'fulfilled', 'cancelled');
  it('whatever the order in which create/update/cancel deliveries arrive', { timeout: 240_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ state, minute: fc.integer({ min: 0, max: 10_000 }) }), { minLength: 1, maxLength: 6 }),
        async (events) => {
          const name = `P${++run}-${Date.now().toString(36)}`;
          const unique = [...new Map(events.map((e) => [e.minute, e])).values()];
          for (const e of unique) {
            const at = new Date(Date.UTC(2022, 3, 6) + e.minute * 60_000).toISOString();
            const edits = e.state === 'fulfilled' ? FULFILLED : e.state === 'cancelled' ? CANCELLED : [];
            expect((await send(sample(name, at, edits))).status).toBe(200);
          }
          const newest = unique.reduce((a, b) => (b.minute > a.minute ? b : a));
          const expected = { placed: 'placed', fulfilled: 'delivered', cancelled: 'cancelled' }[newest.state];
          expect((await storedOrder(t.db, name)).order!.status).toBe(expected);
        }
      ),
      { numRuns: 15 }
    );
  });
});
