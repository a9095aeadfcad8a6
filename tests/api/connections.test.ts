import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { CONNECTOR_ENV, fixture, sendSigned, WOOCOMMERCE } from '../helpers/connectors.ts';
import { signInStaff } from '../helpers/sign-in.ts';

/** Settings → Connections: two platforms turned on, two off. */
const ENV = {
  WOOCOMMERCE_WEBHOOK_SECRET: CONNECTOR_ENV.WOOCOMMERCE_WEBHOOK_SECRET,
  LIGHTSPEED_WEBHOOK_SECRET: CONNECTOR_ENV.LIGHTSPEED_WEBHOOK_SECRET
};
const SECRET = ENV.WOOCOMMERCE_WEBHOOK_SECRET;
const ORDER_727 = fixture('woocommerce', 'order-727.json');
let t: TestContext;
beforeAll(async () => {
  t = await setupApp(ENV);
});
afterAll(() => t.close());

function send(number: string, edits: [string, string][] = []) {
  let body = ORDER_727.replace('"number": "727"', `"number": "${number}"`);
  for (const [from, to] of edits) body = body.replace(from, to);
  return sendSigned(t, WOOCOMMERCE, body);
}

describe('Settings → Connections', () => {
  it('shows per platform the URL to paste, whether its secret is set (never the secret), the last delivery and the refusals', async () => {
    const { agent: admin } = await signInStaff(t, 'admin');
    const before = await admin.get('/api/staff/connections');
    expect(before.status).toBe(200);
    expect(before.body.connections.map((c: { platform: string; secretSet: boolean }) => [c.platform, c.secretSet])).toEqual([
      ['shopify', false],
      ['woocommerce', true],
      ['shopware', false],
      ['lightspeed', true]
    ]);
    const woo = () => admin.get('/api/staff/connections').then((r) => r.body.connections[1]);
    expect(await woo()).toMatchObject({
      name: 'WooCommerce',
      url: `${t.config.publicUrl.origin}/api/integrations/woocommerce`,
      secretVariable: 'WOOCOMMERCE_WEBHOOK_SECRET',
      lastDelivery: null,
      refusals: []
    });
    // Lightspeed's URL carries its token: the screen names the variable, never its value.
    expect(before.body.connections[3].url).toBe(
      `${t.config.publicUrl.origin}/api/integrations/lightspeed?token=<LIGHTSPEED_WEBHOOK_SECRET>`
    );
    expect(JSON.stringify(before.body)).not.toContain(SECRET);
    expect(JSON.stringify(before.body)).not.toContain(ENV.LIGHTSPEED_WEBHOOK_SECRET);

    expect((await send('901')).body.result).toBe('created');
    t.advance(60_000);
    expect((await send('902', [['"currency": "USD"', '"currency": "XYZ"']])).body.result).toBe('refused');
    t.advance(60_000);
    expect((await send('903')).body.result).toBe('created');

    const after = await woo();
    expect(after.lastDelivery).toMatchObject({ topic: 'order.updated', orderNumber: '903', result: 'created', why: null });
    expect(after.refusals).toEqual([
      {
        receivedAt: new Date(t.clock.now.getTime() - 60_000).toISOString(),
        topic: 'order.updated',
        orderNumber: '902',
        result: 'refused',
        why: { code: 'invalid_request', message: expect.any(String) }
      }
    ]);
  });

  it('is for admins only', async () => {
    const { agent: staff } = await signInStaff(t, 'staff');
    expect((await staff.get('/api/staff/connections')).status).toBe(403);
    expect((await t.agent().get('/api/staff/connections')).status).toBe(401);
  });
});
