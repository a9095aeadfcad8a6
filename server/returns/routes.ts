import { Hono, type Context } from 'hono';
import { pageQuery } from '#shared/schemas/common.ts';
import { createReturnSchema } from '#shared/schemas/returns.ts';
import { moveOf, type ReturnState } from '#shared/states.ts';
import { requireCustomer, requireCustomerOrOrderLink } from '../auth/middleware.ts';
import type { Db } from '../db/client.ts';
import { contextOf, type AppEnv, type ServiceContext } from '../deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { idempotencyFrom, markReplay, runOnce } from '../http/idempotency.ts';
import { shopperOf } from '../http/request.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { updateReturn } from './use-cases/update-return.ts';
import { requestReturn } from './use-cases/request-return.ts';
import { findCustomerReturnId, listCustomerReturns, returnOptions, shopperReturnView, type WrittenLine } from './views.ts';

type Made = { id: number; lines: WrittenLine[] };
type ShopperActor = ReturnType<typeof shopperOf>;

/**
 * A shopper's new return or claim (`make`), on their own order (an order-scoped session: that order
 * only), made once per `Idempotency-Key`: 201 with the shopper's view of it.
 */
export async function createForShopper<I extends { orderNumber: string }>(
  c: Context<AppEnv>,
  input: I,
  make: (tx: Db, actor: ShopperActor, input: I, ctx: ServiceContext) => Promise<Made>
) {
  const { db } = c.var.deps;
  const scope = c.var.orderScope;
  if (scope && scope.number !== input.orderNumber) throw notFound('No such order.');
  const actor = shopperOf(c);
  const ctx = contextOf(c.var.deps);
  const once = idempotencyFrom(c.req.header('idempotency-key'), input, `customer:${actor.id}`, ctx.now);
  const answer = await db.transaction((tx) =>
    runOnce(tx, once, async () => {
      const made = await make(tx, actor, input, ctx);
      return { status: 201, body: await shopperReturnView(tx, made.id, made.lines) };
    })
  );
  markReplay(c, answer);
  return c.json(answer.body, answer.status as 201);
}

/**
 * Shopper return endpoints: request, list, read, cancel. The rules are in rules.ts and service.ts
 * (see docs/architecture.md). My returns needs an account session; the others are also open to an
 * order-scoped session, for returns on its own order only.
 */
export const returnRoutes = new Hono<AppEnv>()
  .get('/options', requireCustomerOrOrderLink, async (c) => c.json(await returnOptions(c.var.deps.db)))
  .get('/', requireCustomer, queryParams(pageQuery), async (c) =>
    c.json(await listCustomerReturns(c.var.deps.db, c.var.customer.id, c.req.valid('query').cursor))
  )
  .post('/', requireCustomerOrOrderLink, jsonBody(createReturnSchema), async (c) => createForShopper(c, c.req.valid('json'), requestReturn))
  .get('/:number', requireCustomerOrOrderLink, async (c) => {
    const { db } = c.var.deps;
    const id = await findCustomerReturnId(db, c.var.customer.id, c.req.param('number'), c.var.orderScope?.orderId);
    return c.json(await shopperReturnView(db, id));
  })
  .post('/:number/cancel', requireCustomerOrOrderLink, async (c) => {
    const { db } = c.var.deps;
    const actor = shopperOf(c);
    const number = c.req.param('number');
    const id = await findCustomerReturnId(db, actor.id, number, c.var.orderScope?.orderId);
    const current = await shopperReturnView(db, id);
    const state: ReturnState = current.return.state;
    if (!moveOf(state, 'cancelled', actor)) {
      throw new ApiError(422, 'illegal_transition', 'Only a new return can be cancelled.', { fields: { state: `${state}->cancelled` } });
    }
    await updateReturn(db, actor, number, { version: current.return.version, state: 'cancelled' }, contextOf(c.var.deps));
    return c.json(await shopperReturnView(db, id));
  });
