import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { pushedOrderSchema } from '#shared/schemas/integrations.ts';
import type { AppEnv } from '../deps.ts';
import { ApiError } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { pushOrder } from './orders.ts';
import { SIGNATURE_HEADER, verifySignature } from '../outbound/signature.ts';

const REASONS = {
  missing: 'The Reprise-Signature header is missing.',
  malformed: 'The Reprise-Signature header is not "t=<unix seconds>,v1=<hex HMAC-SHA256>".',
  expired: 'The signature’s timestamp is more than 5 minutes away from now: sign each request when you send it.',
  mismatch: 'The signature does not match the body: sign "<t>.<raw body>" with SHOP_SECRET.'
} as const;

/** What a verified request carries on: its signed timestamp, its v1 (the HMAC) and the sha256 of its raw body. */
type SignedRequest = { signedAt: Date; signature: string; bodyHash: string };
type IntegrationEnv = AppEnv & { Variables: { signed: SignedRequest } };

/**
 * The shop's server-to-server calls carry no cookie and no Origin: they are authenticated only
 * by an HMAC of the raw body with SHOP_SECRET (the same-origin guard skips /api/integrations/).
 * Without SHOP_SECRET the integration is off and answers 404.
 */
export const requireShopSignature = createMiddleware<IntegrationEnv>(async (c, next) => {
  const { config, now } = c.var.deps;
  if (!config.shopSecret) {
    throw new ApiError(404, 'integration_disabled', 'The shop integration is off: set SHOP_SECRET to turn it on.');
  }
  // The raw bytes, as signed; the JSON validator below reads the same (cached) body.
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const check = verifySignature(config.shopSecret, c.req.header(SIGNATURE_HEADER), raw, now());
  if (!check.ok) {
    throw new ApiError(401, 'invalid_signature', REASONS[check.reason], { fields: { [SIGNATURE_HEADER]: check.reason } });
  }
  c.set('signed', { signedAt: new Date(check.t * 1000), signature: check.v1, bodyHash: createHash('sha256').update(raw).digest('hex') });
  await next();
});

/** Endpoints the shop's systems call: `POST /api/integrations/orders` pushes one order. */
export const integrationRoutes = new Hono<IntegrationEnv>()
  .use(requireShopSignature)
  .post('/orders', jsonBody(pushedOrderSchema), async (c) => {
    const { db, now } = c.var.deps;
    // Each signed request is applied once: the same one again gets the first answer back.
    const answer = await pushOrder(db, c.req.valid('json'), { now: now(), ...c.var.signed });
    if (answer.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(answer.body, answer.status as 200 | 201);
  });
