import { Hono } from 'hono';
import { inArray } from 'drizzle-orm';
import { CLAIM_REASON_CODES, createClaimSchema } from '#shared/schemas/returns.ts';
import { requireCustomerOrOrderLink } from '../auth/middleware.ts';
import { returnReasons } from '../db/schema.ts';
import type { AppEnv } from '../deps.ts';
import { jsonBody } from '../http/validate.ts';
import { createForShopper } from './routes.ts';
import { requestClaim } from './use-cases/request-claim.ts';

/**
 * Shopper claim endpoints (docs/decisions.md "Claims"): the reasons a claim may give, and reporting a
 * problem with a delivery. Open to an account session or an order-scoped one (its own order only);
 * a claim is then read, listed and cancelled as a return (`/api/returns`).
 */
export const claimRoutes = new Hono<AppEnv>()
  .get('/options', requireCustomerOrOrderLink, async (c) => {
    const rows = await c.var.deps.db
      .select()
      .from(returnReasons)
      .where(inArray(returnReasons.code, [...CLAIM_REASON_CODES]));
    const reasons = CLAIM_REASON_CODES.map((code) => rows.find((r) => r.code === code)!).map((r) => ({
      code: r.code,
      labelEn: r.labelEn,
      labelFr: r.labelFr,
      requiresPhoto: r.requiresPhoto,
      photoHint: { en: r.photoHintEn, fr: r.photoHintFr }
    }));
    return c.json({ reasons });
  })
  .post('/', requireCustomerOrOrderLink, jsonBody(createClaimSchema), async (c) => createForShopper(c, c.req.valid('json'), requestClaim));
