import { Hono } from 'hono';
import { pageQuery } from '#shared/schemas/common.ts';
import { requireCustomer, requireCustomerOrOrderLink } from '../auth/middleware.ts';
import type { AppEnv } from '../deps.ts';
import { notFound } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import { getCustomerOrder, listCustomerOrders } from './views.ts';

/**
 * Shopper order endpoints; every query is scoped to the signed-in customer. My orders needs an
 * account session; one order is also open to an order-scoped session, for its own order only.
 */
export const orderRoutes = new Hono<AppEnv>()
  .get('/', requireCustomer, queryParams(pageQuery), async (c) => {
    const { cursor } = c.req.valid('query');
    return c.json(await listCustomerOrders(c.var.deps.db, c.var.customer.id, cursor));
  })
  .get('/:number', requireCustomerOrOrderLink, async (c) => {
    const { db, now } = c.var.deps;
    const scope = c.var.orderScope;
    if (scope && scope.number !== c.req.param('number')) throw notFound('No such order.');
    return c.json(await getCustomerOrder(db, c.var.customer.id, c.req.param('number'), now()));
  });
