import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { pageQuery } from '#shared/schemas/common.ts';
import {
  changePasswordSchema,
  orderSearchQuery,
  staffAccountCreateSchema,
  staffAccountPatchSchema,
  staffCreateReturnSchema,
  staffQueueQuery,
  staffUpdateReturnSchema,
  claimDecisionSchema
} from '#shared/schemas/staff.ts';
import { requireStaff } from '../auth/middleware.ts';
import { contextOf, type AppEnv } from '../deps.ts';
import { idempotencyFrom, markReplay, runOnce } from '../http/idempotency.ts';
import { actorOf, idParam } from '../http/request.ts';
import { clientAddress } from '../http/client-address.ts';
import { ApiError } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { updateReturn } from '../returns/use-cases/update-return.ts';
import { decideClaim } from '../returns/use-cases/decide-claim.ts';
import { staffCreateReturn } from '../returns/use-cases/staff-create-return.ts';
import { adminSettingsRoutes } from '../settings/routes.ts';
import { addStaff, changeOwnPassword, listStaff, setStaffDisabled } from './accounts.ts';
import { emailDetail, listEmails, retryEmail } from './emails.ts';
import { listWebhooks, retryWebhook, webhookHealth } from './webhooks.ts';
import { searchOrders, staffOrderView } from './orders.ts';
import { staffWithdrawalRoutes } from '../withdrawals/routes.ts';
import { connectionsView } from '../connectors/views.ts';
import { insightsRoutes } from '../insights/routes.ts';
import { staffSlipRoutes } from '../slips/routes.ts';
import { rulesRoutes } from '../returns/policy/routes.ts';
import { countsByState, returnsQueue, staffReturnView, withdrawalQueue } from './views.ts';

/** After requireStaff(): only admins go further. */
const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.staff.role !== 'admin') throw new ApiError(403, 'forbidden', 'Admins only.');
  await next();
});

/** Staff accounts (admins only): list, add with a one-time password, disable or enable. */
const accountRoutes = new Hono<AppEnv>()
  .use(adminOnly)
  .get('/', async (c) => c.json({ accounts: await listStaff(c.var.deps.db) }))
  .post('/', jsonBody(staffAccountCreateSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { account, password } = await addStaff(db, actorOf(c), c.req.valid('json'), now(), c.var.deps.passwords);
    return c.json({ account, password }, 201);
  })
  .patch('/:id', jsonBody(staffAccountPatchSchema), async (c) => {
    const { db, now } = c.var.deps;
    return c.json({ account: await setStaffDisabled(db, actorOf(c), idParam(c), c.req.valid('json').disabled, now()) });
  });

/** Staff endpoints: every route needs a staff session; settings and accounts need the admin role. */
export const staffRoutes = new Hono<AppEnv>()
  .use(requireStaff())
  .get('/returns/counts', async (c) => {
    return c.json({ counts: await countsByState(c.var.deps.db, undefined) });
  })
  .get('/returns', queryParams(staffQueueQuery), async (c) => {
    const { db, now } = c.var.deps;
    const query = c.req.valid('query');
    // The withdrawal filter has its own query (soonest refund deadline first); the main queue's stays as it is.
    if (query.kind === 'withdrawal') return c.json(await withdrawalQueue(db));
    return c.json(await returnsQueue(db, query, now()));
  })
  .post('/returns', jsonBody(staffCreateReturnSchema), async (c) => {
    const { db } = c.var.deps;
    const input = c.req.valid('json');
    const actor = actorOf(c);
    const ctx = contextOf(c.var.deps);
    const once = idempotencyFrom(c.req.header('idempotency-key'), input, `staff:${actor.id}`, ctx.now);
    const { orderNumber, lines, comment, state, override, staffNote, customerMessage, notify, restock } = input;
    const answer = await db.transaction((tx) =>
      runOnce(tx, once, async () => {
        const id = await staffCreateReturn(tx, actor, { orderNumber, lines, comment }, ctx, {
          state,
          override,
          staffNote,
          customerMessage,
          notify,
          restock
        });
        return { status: 201, body: await staffReturnView(tx, { id }, actor, ctx.now) };
      })
    );
    markReplay(c, answer);
    return c.json(answer.body, answer.status as 201);
  })
  .get('/returns/:number', async (c) => {
    const { db, now } = c.var.deps;
    return c.json(await staffReturnView(db, { number: c.req.param('number') }, c.var.staff, now()));
  })
  .patch('/returns/:number', jsonBody(staffUpdateReturnSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { id } = await updateReturn(db, actorOf(c), c.req.param('number'), c.req.valid('json'), contextOf(c.var.deps));
    return c.json(await staffReturnView(db, { id }, c.var.staff, now()));
  })
  .post('/returns/:number/claim-decision', jsonBody(claimDecisionSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { id } = await decideClaim(db, actorOf(c), c.req.param('number'), c.req.valid('json'), contextOf(c.var.deps));
    return c.json(await staffReturnView(db, { id }, c.var.staff, now()));
  })
  .get('/orders', queryParams(orderSearchQuery), async (c) => c.json(await searchOrders(c.var.deps.db, c.req.valid('query').q)))
  .get('/orders/:number', async (c) => {
    const { db, now } = c.var.deps;
    return c.json(await staffOrderView(db, c.req.param('number'), now()));
  })
  .get('/emails', queryParams(pageQuery), async (c) => c.json(await listEmails(c.var.deps.db, c.req.valid('query').cursor)))
  .get('/emails/:id', async (c) => c.json(await emailDetail(c.var.deps.db, idParam(c))))
  .post('/emails/:id/retry', adminOnly, async (c) => {
    const { db, now } = c.var.deps;
    return c.json(await retryEmail(db, actorOf(c), idParam(c), now()));
  })
  .get('/webhooks', adminOnly, queryParams(pageQuery), async (c) => c.json(await listWebhooks(c.var.deps.db, c.req.valid('query').cursor)))
  .get('/connections', adminOnly, async (c) => c.json(await connectionsView(c.var.deps.db, c.var.deps.config)))
  .get('/webhooks/health', async (c) => c.json(await webhookHealth(c.var.deps.db)))
  .post('/webhooks/:id/retry', adminOnly, async (c) => {
    const { db, now } = c.var.deps;
    return c.json(await retryWebhook(db, actorOf(c), idParam(c), now()));
  })
  .post('/me/password', jsonBody(changePasswordSchema), async (c) => {
    const { db, now, config } = c.var.deps;
    const { currentPassword, newPassword } = c.req.valid('json');
    const address = clientAddress(c, config.trustProxy);
    await changeOwnPassword(db, c.var.staff, currentPassword, newPassword, { now: now(), address, passwords: c.var.deps.passwords });
    return c.json({ ok: true as const });
  })
  .route('/settings', new Hono<AppEnv>().use(adminOnly).route('/', adminSettingsRoutes))
  .route('/accounts', accountRoutes)
  .route('/withdrawals', staffWithdrawalRoutes)
  .route('/insights', insightsRoutes)
  .route('/returns', staffSlipRoutes)
  .route('/rules', new Hono<AppEnv>().use(adminOnly).route('/', rulesRoutes));
