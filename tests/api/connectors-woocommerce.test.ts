import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, connectorDeliveries } from '../../server/db/schema.ts';
import { purgeExpired } from '../../server/maintenance/purge.ts';
import { ORIGIN, setupApp, type TestContext } from '../helpers/app.ts';
import {
  CONNECTOR_ENV,
  edited,
  fixture,
  hmac,
  sendSigned,
  storedOrder,
  WOOCOMMERCE,
  writeCounts,
  type Send
} from '../helpers/connectors.ts';

const ORDER_727 = fixture('woocommerce', 'order-727.json');

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ ...CONNECTOR_ENV, CONNECTOR_DELIVERY_DAYS: '4' });
});
afterAll(() => t.close());

/** A delivery as WooCommerce sends it: base64 HMAC of the body, topic and delivery id headers. */
const send = (body: string, opts: Send = {}) => sendSigned(t, WOOCOMMERCE, body, opts);

/** The documented order 727 under another number and email, modified at `modified` (GMT), with `edits`. */
function order(number: string, modified: string, edits: [string, string][] = []) {
  const body = ORDER_727.replace('"number": "727"', `"number": "${number}"`)
    .replaceAll('john.doe@example.com', `wc-${number}@example.com`)
    .replace('"date_modified_gmt": "2017-03-22T19:28:08"', `"date_modified_gmt": "${modified}"`);
  return edited(body, edits);
}

const COMPLETED: [string, string][] = [
  ['"status": "processing"', '"status": "completed"'],
  ['"date_completed_gmt": null', '"date_completed_gmt": "2017-03-24T09:00:00"']
];

describe('WooCommerce orders in', () => {
  it('answers the unsigned creation ping with 200 and writes nothing', async () => {
    const before = await writeCounts(t.db);
    const res = await t.app.request(`${ORIGIN}/api/integrations/woocommerce`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_id=17'
    });
    expect(res.status).toBe(200);
    expect(await writeCounts(t.db)).toEqual(before);
  });

  it('creates the documented order: what was paid per unit with tax, shipping, its country, HTML-escaped names, dates; audited as WooCommerce', async () => {
    const res = await send(order('727', '2017-03-22T19:28:08'), { topic: 'order.created' });
    expect(res).toEqual({ status: 200, body: { result: 'created', order: { number: '727' } } });
    const { order: row, lines } = await storedOrder(t.db, '727');
    expect(row).toMatchObject({
      email: 'wc-727@example.com',
      status: 'placed',
      currency: 'USD',
      shippingCents: 1000,
      shippingCountry: 'US',
      placedAt: new Date('2017-03-22T19:28:02Z'),
      deliveredAt: null
    });
    // 2 × "Woo Single #1" for 6.00 + 0.45 tax (no sku: known by its product id); "Ship Your Idea" 12.00 + 0.90.
    // No tags: a line's `meta_data` holds its attributes, not the product's tags.
    expect(lines.map((l) => [l.sku, l.productName, l.variantLabel, l.quantity, l.unitPriceCents, l.tags])).toEqual([
      ['woocommerce-93', 'Woo Single #1', null, 2, 322, []],
      ['Bar3', 'Ship Your Idea – Color: Black, Size: M Test', 'black, M Test', 1, 1290, []]
    ]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, 'order'), eq(auditEvents.entityId, '727')));
    expect(audit!.changes).toMatchObject({ via: 'woocommerce' });
  });

  it('the same delivery again changes nothing', async () => {
    const body = order('801', '2017-03-22T19:28:08');
    expect((await send(body, { deliveryId: 'same' })).body.result).toBe('created');
    const before = await writeCounts(t.db);
    expect((await send(body, { deliveryId: 'same' })).body).toEqual({ result: 'duplicate' });
    expect(await writeCounts(t.db)).toEqual(before);
  });

  it('forgets a delivery received more than RETENTION_DAYS ago (purged), keeps a recent one; a late redelivery is then only an older copy', async () => {
    const body = order('7301', '2017-03-22T19:28:08');
    expect((await send(body, { deliveryId: 'kept-a-while' })).body).toMatchObject({ result: 'created' });
    const received = (await t.db.select().from(connectorDeliveries)).length; // this one and the file's earlier ones
    t.advance(91 * 86_400_000);
    expect((await send(order('7302', '2017-03-22T19:28:08'), { deliveryId: 'recent' })).body).toMatchObject({ result: 'created' });
    const purged = await purgeExpired(t.db, t.clock.now, { retentionDays: 90 });
    expect(purged.connectorDeliveries).toBe(received);
    const left = await t.db.select({ id: connectorDeliveries.deliveryId }).from(connectorDeliveries);
    expect(left.map((d) => d.id)).toEqual(['recent']);
    expect((await send(order('7302', '2017-03-22T19:28:08'), { deliveryId: 'recent' })).body).toEqual({ result: 'duplicate' });
    // The purged delivery id is new again; the order it carries is no newer than the one stored, so nothing changes.
    expect((await send(body, { deliveryId: 'kept-a-while' })).body).toMatchObject({ result: 'unchanged' });
  });

  it('refuses a wrong, missing or re-encoded-body signature with 401 and writes nothing', async () => {
    const body = order('802', '2017-03-22T19:28:08');
    const before = await writeCounts(t.db);
    for (const [name, opts] of [
      ['missing', { signature: null }],
      ['wrong secret', { signature: hmac('not-the-woocommerce-secret-at-all', body, 'base64') }],
      ['re-encoded body', { signedBody: JSON.stringify(JSON.parse(body)) }]
    ] as const) {
      const res = await send(body, opts);
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe('invalid_signature');
    }
    expect(await writeCounts(t.db)).toEqual(before);
  });

  it('completed: delivered CONNECTOR_DELIVERY_DAYS later; an older delivery arriving after it changes nothing', async () => {
    await send(order('803', '2017-03-22T19:28:08'), { topic: 'order.created' });
    expect((await send(order('803', '2017-03-24T09:00:00', COMPLETED))).body.result).toBe('updated');
    const late = await send(order('803', '2017-03-23T10:00:00', [['"status": "processing"', '"status": "cancelled"']]));
    expect(late.body.result).toBe('stale');
    expect((await storedOrder(t.db, '803')).order).toMatchObject({ status: 'delivered', deliveredAt: new Date('2017-03-28T09:00:00Z') });
  });

  it('a deleted order is recorded and kept; a refused one is recorded with its reason and answered 200', async () => {
    await send(order('804', '2017-03-22T19:28:08'));
    expect((await send('{"id":804}', { topic: 'order.deleted' })).body).toEqual({ result: 'ignored', reason: 'deleted_orders_are_kept' });
    expect((await storedOrder(t.db, '804')).order).toBeDefined();
    const refused = await send(order('805', '2017-03-22T19:28:08', [['"currency": "USD"', '"currency": "XYZ"']]));
    expect(refused).toMatchObject({ status: 200, body: { result: 'refused', refusal: { fields: { currency: 'unknown_currency' } } } });
    const [row] = await t.db.select().from(connectorDeliveries).where(eq(connectorDeliveries.orderNumber, '805'));
    expect(row).toMatchObject({ platform: 'woocommerce', result: 'refused' });
  });
});
