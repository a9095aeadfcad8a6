import { Hono } from 'hono';
import { pageQuery } from '#shared/schemas/common.ts';
import { createReturnSchema } from '#shared/schemas/returns.ts';
import { requireCustomer } from '../auth/middleware.ts';
import type { AppEnv } from '../deps.ts';
import { idempotencyFrom } from '../http/idempotency.ts';
import { ApiError } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { createReturn, updateReturn } from './service.ts';
import { findCustomerReturnId, listCustomerReturns, returnOptions, shopperReturnView } from './views.ts';

/** Shopper return endpoints: request, list, read, cancel. Rules live in service.ts. */
export const returnRoutes = new Hono<AppEnv>()
  .use(requireCustomer)
  .get('/options', async (c) => c.json(await returnOptions(c.var.deps.db)))
  .get('/', queryParams(pageQuery), async (c) =>
    c.json(await listCustomerReturns(c.var.deps.db, c.var.customer.id, c.req.valid('query').cursor))
  )
  .post('/', jsonBody(createReturnSchema), async (c) => {
    const { db, now, config } = c.var.deps;
    const input = c.req.valid('json');
    const idempotency = idempotencyFrom(c.req.header('idempotency-key'), input);
    const result = await createReturn(db, { type: 'customer', id: c.var.customer.id }, input, {
      now: now(),
      publicUrl: config.publicUrl,
      webhooks: Boolean(config.webhookUrl),
      idempotency,
      buildBody: (tx, id) => shopperReturnView(tx, id)
    });
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body as Awaited<ReturnType<typeof shopperReturnView>>, result.status as 201);
  })
  .get('/:number', async (c) => {
    const { db } = c.var.deps;
    const id = await findCustomerReturnId(db, c.var.customer.id, c.req.param('number'));
    return c.json(await shopperReturnView(db, id));
  })
  .post('/:number/cancel', async (c) => {
    const { db, now, config } = c.var.deps;
    const actor = { type: 'customer' as const, id: c.var.customer.id };
    const number = c.req.param('number');
    const id = await findCustomerReturnId(db, actor.id, number);
    const current = await shopperReturnView(db, id);
    if (!current.return.canCancel) {
      throw new ApiError(422, 'illegal_transition', 'Only a new return can be cancelled.', {
        fields: { state: `${current.return.state}->cancelled` }
      });
    }
    await updateReturn(
      db,
      actor,
      number,
      { version: current.return.version, state: 'cancelled' },
      { now: now(), publicUrl: config.publicUrl, webhooks: Boolean(config.webhookUrl) }
    );
    return c.json(await shopperReturnView(db, id));
  });
