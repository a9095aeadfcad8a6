import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { auditEvents, connectorDeliveries, orderLines, orders } from '../../server/db/schema.ts';
import { ORIGIN, type TestContext } from './app.ts';

/** Secrets for every connector, long enough for each variable's rule. */
export const CONNECTOR_ENV = {
  SHOPIFY_WEBHOOK_SECRET: 'shopify-webhook-secret-for-tests-0123',
  WOOCOMMERCE_WEBHOOK_SECRET: 'woocommerce-webhook-secret-for-tests',
  SHOPWARE_APP_SECRET: 'shopware-app-secret-for-tests-012345',
  LIGHTSPEED_WEBHOOK_SECRET: 'lightspeed-url-token-for-tests-0123456789abcdef'
};

/** A fixture file's text, as the platform documents it (tests/fixtures/<platform>/README.md names each source). */
export const fixture = (platform: string, name: string) =>
  readFileSync(new URL(`../fixtures/${platform}/${name}`, import.meta.url), 'utf8').trim();

/** The platforms' HMAC-SHA256 of the raw body, computed here independently of the server's code. */
export const hmac = (secret: string, body: string, encoding: 'base64' | 'hex') =>
  createHmac('sha256', secret).update(body).digest(encoding);

export type Delivered = { status: number; body: any };

/** One webhook delivery as the platform sends it: server to server, no cookie, no Origin. */
export async function deliver(t: TestContext, path: string, body: string, headers: Record<string, string>): Promise<Delivered> {
  const res = await t.app.request(`${ORIGIN}/api/integrations/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* a plain answer */
  }
  return { status: res.status, body: parsed };
}

/** `body` (a fixture's text) with each edit made; the text an edit replaces must be in it, so a changed fixture fails the test. */
export function edited(body: string, edits: [string, string][]) {
  for (const [from, to] of edits) {
    expect(body, `the fixture has ${from}`).toContain(from);
    body = body.replace(from, to);
  }
  return body;
}

/**
 * A platform that signs the raw body with a base64 HMAC and names the event's topic and the delivery in
 * headers; `updateTopic`: the topic of an order's update, sent unless a test names another.
 */
export type Base64Platform = {
  path: string;
  secret: string;
  updateTopic: string;
  topicHeader: string;
  deliveryHeader: string;
  signatureHeader: string;
};

export const SHOPIFY: Base64Platform = {
  path: 'shopify',
  secret: CONNECTOR_ENV.SHOPIFY_WEBHOOK_SECRET,
  updateTopic: 'orders/updated',
  topicHeader: 'x-shopify-topic',
  deliveryHeader: 'x-shopify-webhook-id',
  signatureHeader: 'x-shopify-hmac-sha256'
};

export const WOOCOMMERCE: Base64Platform = {
  path: 'woocommerce',
  secret: CONNECTOR_ENV.WOOCOMMERCE_WEBHOOK_SECRET,
  updateTopic: 'order.updated',
  topicHeader: 'x-wc-webhook-topic',
  deliveryHeader: 'x-wc-webhook-delivery-id',
  signatureHeader: 'x-wc-webhook-signature'
};

/**
 * How a test bends a delivery: another topic, a delivery id of its own (otherwise a new one each time),
 * no signature (null) or another one, or the signature of other bytes than those sent.
 */
export type Send = { topic?: string; deliveryId?: string; signature?: string | null; signedBody?: string };

let deliveries = 0;

/** One delivery as `platform` sends it: the topic, the delivery id, and its signature of the body unless `opts` say otherwise. */
export function sendSigned(t: TestContext, platform: Base64Platform, body: string, opts: Send = {}) {
  const signature = opts.signature === undefined ? hmac(platform.secret, opts.signedBody ?? body, 'base64') : opts.signature;
  return deliver(t, platform.path, body, {
    [platform.topicHeader]: opts.topic ?? platform.updateTopic,
    [platform.deliveryHeader]: opts.deliveryId ?? `${platform.path}-${++deliveries}`,
    ...(signature === null ? {} : { [platform.signatureHeader]: signature })
  });
}

/** Rows that a delivery may write, counted: nothing may change after a refused signature. */
export async function writeCounts(db: Db) {
  const n = async (table: typeof orders | typeof orderLines | typeof auditEvents | typeof connectorDeliveries) =>
    ((await db.select({ n: sql<number>`count(*)::int` }).from(table)) as [{ n: number }])[0].n;
  return { orders: await n(orders), lines: await n(orderLines), audit: await n(auditEvents), deliveries: await n(connectorDeliveries) };
}

/** An order and its lines as stored, by number. */
export async function storedOrder(db: Db, number: string) {
  const [order] = await db
    .select()
    .from(orders)
    .where(sql`${orders.number} = ${number}`);
  const lines = order
    ? await db
        .select()
        .from(orderLines)
        .where(sql`${orderLines.orderId} = ${order.id}`)
        .orderBy(orderLines.position)
    : [];
  return { order, lines };
}

/**
 * A request as a shop platform signs it, for the route-access walk: the platform's own signature of
 * `raw` on its connector route (other routes get no signature of any kind).
 */
export function platformSigned(path: string, raw: string): { path: string; headers: Record<string, string> } {
  if (path === '/api/integrations/shopify') {
    return {
      path,
      headers: { 'x-shopify-hmac-sha256': hmac(CONNECTOR_ENV.SHOPIFY_WEBHOOK_SECRET, raw, 'base64'), 'x-shopify-topic': 'orders/create' }
    };
  }
  if (path === '/api/integrations/woocommerce') {
    return {
      path,
      headers: {
        'x-wc-webhook-signature': hmac(CONNECTOR_ENV.WOOCOMMERCE_WEBHOOK_SECRET, raw, 'base64'),
        'x-wc-webhook-topic': 'order.created'
      }
    };
  }
  if (path === '/api/integrations/shopware') {
    return { path, headers: { 'shopware-shop-signature': hmac(CONNECTOR_ENV.SHOPWARE_APP_SECRET, raw, 'hex') } };
  }
  if (path === '/api/integrations/lightspeed') return { path: `${path}?token=${CONNECTOR_ENV.LIGHTSPEED_WEBHOOK_SECRET}`, headers: {} };
  return { path, headers: {} };
}
