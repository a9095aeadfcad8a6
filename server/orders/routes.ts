import { Hono } from 'hono';
import { pageQuery } from '#shared/schemas/common.ts';
import { requireCustomer } from '../auth/middleware.ts';
import type { AppEnv } from '../deps.ts';
import { queryParams } from '../http/validate.ts';
import { getCustomerOrder, listCustomerOrders } from './views.ts';

/** Shopper order endpoints; every query is scoped to the signed-in customer. */
export const orderRoutes = new Hono<AppEnv>()
  .use(requireCustomer)
  .get('/', queryParams(pageQuery), async (c) => {
    const { cursor } = c.req.valid('query');
    return c.json(await listCustomerOrders(c.var.deps.db, c.var.customer.id, cursor));
  })
  .get('/:number', async (c) => {
    const { db, now } = c.var.deps;
    return c.json(await getCustomerOrder(db, c.var.customer.id, c.req.param('number'), now()));
  });
