import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, setupApp, type TestContext } from '../helpers/app.ts';
import { CONNECTOR_ENV, deliver, fixture, hmac, storedOrder, writeCounts } from '../helpers/connectors.ts';

const PLACED = fixture('shopware', 'checkout-order-placed.json');
const LIGHTSPEED = fixture('lightspeed', 'order-created.json');

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ ...CONNECTOR_ENV, CONNECTOR_DELIVERY_DAYS: '3' });
});
afterAll(() => t.close());

const shopware = (body: string, signature: string | null = hmac(CONNECTOR_ENV.SHOPWARE_APP_SECRET, body, 'hex')) =>
  deliver(t, 'shopware', body, signature === null ? {} : { 'shopware-shop-signature': signature });

describe('Shopware 6', () => {
  it('creates the order of checkout.order.placed (promotion lines left out, the country shipped to, tag ids); the same event id again changes nothing', async () => {
    expect((await shopware(PLACED)).body).toEqual({ result: 'created', order: { number: '10001' } });
    const { order, lines } = await storedOrder(t.db, '10001');
    expect(order).toMatchObject({
      email: 'claire@example.com',
      status: 'placed',
      currency: 'EUR',
      shippingCents: 499,
      shippingCountry: 'FR'
    });
    expect(lines.map((l) => [l.sku, l.variantLabel, l.quantity, l.unitPriceCents])).toEqual([['SW10001', 'M', 2, 1999]]);
    // Shopware copies the product's tags into the line as ids (`payload.tagIds`), not names.
    expect(lines[0]!.tags).toEqual(['3c5e7a9b1d2f4e6a8c0b2d4f6a8c0e1b']);
    const before = await writeCounts(t.db);
    expect((await shopware(PLACED)).body).toEqual({ result: 'duplicate' });
    expect(await writeCounts(t.db)).toEqual(before);
  });

  it('a delivery shipped: delivered CONNECTOR_DELIVERY_DAYS later', async () => {
    const shipped = PLACED.replace('"orderNumber":"10001"', '"orderNumber":"10002"')
      .replace('"eventId":"7b04ebe416db4ebc93de4d791325e1d9"', '"eventId":"e2"')
      .replace('"event":"checkout.order.placed"', '"event":"state_enter.order_delivery.state.shipped"')
      .replace('"stateMachineState":{"technicalName":"open"},"createdAt"', '"stateMachineState":{"technicalName":"shipped"},"createdAt"')
      .replace(
        '"createdAt":"2026-05-02T09:15:01.000+00:00","updatedAt":null}]',
        '"createdAt":"2026-05-02T09:15:01.000+00:00","updatedAt":"2026-05-04T08:00:00.000+00:00"}]'
      );
    expect((await shopware(shipped)).body.result).toBe('created');
    expect((await storedOrder(t.db, '10002')).order).toMatchObject({ status: 'delivered', deliveredAt: new Date('2026-05-07T08:00:00Z') });
  });

  it('refuses a missing, wrong or base64 signature with 401 and writes nothing', async () => {
    const body = PLACED.replace('"eventId":"7b04ebe416db4ebc93de4d791325e1d9"', '"eventId":"e3"');
    const before = await writeCounts(t.db);
    for (const signature of [
      null,
      hmac('another-shopware-secret-000000', body, 'hex'),
      hmac(CONNECTOR_ENV.SHOPWARE_APP_SECRET, body, 'base64')
    ]) {
      expect((await shopware(body, signature)).status).toBe(401);
    }
    expect(await writeCounts(t.db)).toEqual(before);
  });
});

describe('Lightspeed eCom', () => {
  const post = (token: string | null, body = LIGHTSPEED) =>
    t.app.request(`${ORIGIN}/api/integrations/lightspeed${token === null ? '' : `?token=${token}`}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-topic': 'orders/created' },
      body
    });

  it('accepts a delivery only on the URL with the secret token, and creates its order', async () => {
    const before = await writeCounts(t.db);
    for (const token of [null, 'wrong-token', `${CONNECTOR_ENV.LIGHTSPEED_WEBHOOK_SECRET}x`]) expect((await post(token)).status).toBe(401);
    expect(await writeCounts(t.db)).toEqual(before);
    const res = await post(CONNECTOR_ENV.LIGHTSPEED_WEBHOOK_SECRET);
    expect(await res.json()).toEqual({ result: 'created', order: { number: 'ORD00042' } });
    const { order, lines } = await storedOrder(t.db, 'ORD00042');
    // The country shipped to from `addressShippingCountry.code` ("nl"), upper case; no tags (an order product carries none).
    expect(order).toMatchObject({
      email: 'joost@example.com',
      currency: 'EUR',
      shippingCents: 495,
      status: 'placed',
      shippingCountry: 'NL'
    });
    expect(lines.map((l) => [l.sku, l.productName, l.variantLabel, l.quantity, l.unitPriceCents, l.tags])).toEqual([
      ['LS-TEE-M', 'Linen tee', 'M', 2, 3000, []]
    ]);
  });
});
