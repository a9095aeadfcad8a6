import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { ApiError } from '../http/errors.ts';
import { PLATFORM_INFO, PLATFORMS, type Platform } from './platforms.ts';
import { receiveDelivery, type Mapped } from './receive.ts';
import { hmacMatches, tokenMatches } from './signature.ts';
import { mapLightspeed } from './lightspeed.ts';
import { mapShopify } from './shopify.ts';
import { mapShopware, shopwareEnvelope } from './shopware.ts';
import { isWooCommercePing, mapWooCommerce } from './woocommerce.ts';

/** Whether a request path is a connector's endpoint (`/api/integrations/<platform>`). */
export const isConnectorPath = (path: string) => PLATFORMS.some((p) => path === `/api/integrations/${p}`);

/** The platform's secret, or 404 `integration_disabled` while it is not set. */
function secretOf(c: Context<AppEnv>, platform: Platform): string {
  const secret = c.var.deps.config.connectorSecrets[platform];
  if (!secret) {
    const { name, secretVariable } = PLATFORM_INFO[platform];
    throw new ApiError(404, 'integration_disabled', `The ${name} connection is off: set ${secretVariable} to turn it on.`);
  }
  return secret;
}

const unsigned = (header: string, given: string | undefined) =>
  new ApiError(401, 'invalid_signature', `The ${header} header ${given ? 'does not match the body' : 'is missing'}.`, {
    fields: { [header]: given ? 'mismatch' : 'missing' }
  });

/** A delivery without an id of the platform's own is known by the hash of its signed bytes. */
const bodyId = (raw: Uint8Array) => `sha256:${createHash('sha256').update(raw).digest('hex')}`;

/** Verifies nothing itself: `verify` has checked the raw bytes before this maps or stores anything. */
async function answer(c: Context<AppEnv>, platform: Platform, deliveryId: string, topic: string, map: () => Mapped) {
  const { db, now } = c.var.deps;
  return c.json(await receiveDelivery(db, { platform, deliveryId, topic, map }, now()), 200);
}

/**
 * Each shop platform's order webhooks (`POST /api/integrations/<platform>`), server to server: each is
 * checked by the platform's own signature over the raw bytes before anything is parsed, then mapped
 * into the order upsert. Every signed delivery gets a 2xx (refusals included, with why) so the
 * platform does not retry what would be refused again.
 */
export const connectorRoutes = new Hono<AppEnv>()
  .post('/shopify', async (c) => {
    const secret = secretOf(c, 'shopify');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const given = c.req.header('x-shopify-hmac-sha256');
    if (!hmacMatches(secret, raw, given, 'base64')) throw unsigned('X-Shopify-Hmac-Sha256', given);
    const topic = c.req.header('x-shopify-topic') ?? '';
    const days = c.var.deps.config.connectorDeliveryDays;
    return answer(c, 'shopify', c.req.header('x-shopify-webhook-id') ?? bodyId(raw), topic, () => mapShopify(raw, topic, days));
  })
  .post('/woocommerce', async (c) => {
    const secret = secretOf(c, 'woocommerce');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const given = c.req.header('x-wc-webhook-signature');
    // Saving a webhook in WooCommerce sends an unsigned `webhook_id=N` first: it must get a 200.
    if (!given && isWooCommercePing(raw)) return c.json({ result: 'ping' }, 200);
    if (!hmacMatches(secret, raw, given, 'base64')) throw unsigned('X-WC-Webhook-Signature', given);
    const topic = c.req.header('x-wc-webhook-topic') ?? '';
    const days = c.var.deps.config.connectorDeliveryDays;
    const id = c.req.header('x-wc-webhook-delivery-id') ?? bodyId(raw);
    return answer(c, 'woocommerce', id, topic, () => mapWooCommerce(raw, topic, days));
  })
  .post('/shopware', async (c) => {
    const secret = secretOf(c, 'shopware');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const given = c.req.header('shopware-shop-signature');
    if (!hmacMatches(secret, raw, given, 'hex')) throw unsigned('shopware-shop-signature', given);
    const { event, eventId, body } = shopwareEnvelope(raw);
    const days = c.var.deps.config.connectorDeliveryDays;
    return answer(c, 'shopware', eventId ?? bodyId(raw), event, () => mapShopware(body, event, days));
  })
  .post('/lightspeed', async (c) => {
    const secret = secretOf(c, 'lightspeed');
    const given = c.req.query('token');
    // No documented signature: the secret token in the delivery URL is the check.
    if (!tokenMatches(secret, given)) throw unsigned('token', given);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const topic = c.req.header('x-topic') ?? '';
    const days = c.var.deps.config.connectorDeliveryDays;
    return answer(c, 'lightspeed', bodyId(raw), topic || 'orders', () => mapLightspeed(raw, topic, days));
  });
