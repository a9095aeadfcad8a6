import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  attachWithdrawalSchema,
  closeWithdrawalSchema,
  controlCharacterFields,
  withdrawalPreviewQuery,
  withdrawalSchema,
  withdrawalTokenSchema,
  type WithdrawalInput
} from '#shared/schemas/withdrawals.ts';
import { readSessionCookie } from '../auth/cookies.ts';
import { validateSessionToken } from '../auth/sessions.ts';
import { reserveKeysOrRefuse } from '../auth/throttle.ts';
import { contextOf, type AppEnv } from '../deps.ts';
import { clientAddress } from '../http/client-address.ts';
import { ApiError } from '../http/errors.ts';
import { actorOf, idParam } from '../http/request.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { getSettings } from '../settings/views.ts';
import { mailboxKey } from './rules.ts';
import { attachWithdrawal, cancelWithdrawalByLink, closeWithdrawal, refuseWhenOff, submitWithdrawal } from './service.ts';
import { attachPreview, statementByLink, staffWithdrawalView, withdrawalWarnings, withdrawalsToMatch } from './views.ts';

/** A statement is a few short fields: far below the API's general body limit. */
export const WITHDRAWAL_BODY_LIMIT = 16 * 1024;

/**
 * Submissions per 15-minute window: per mailbox (mailboxKey: `x+1@` counts as `x@`), per order
 * number, per client address. The shop's own hourly limit is SHOP_HOURLY_LIMIT (service.ts).
 */
export const WITHDRAWAL_LIMITS = { perEmail: 3, perOrder: 5, perAddress: 5 } as const;

/** Names and items may not carry control characters (CR/LF would forge lines of the emails): 400 naming the field. */
function refuseControlCharacters(input: WithdrawalInput) {
  const fields = controlCharacterFields(input);
  if (Object.keys(fields).length) throw new ApiError(400, 'invalid_request', 'The request is not valid.', { fields });
}

const boundedBody = bodyLimit({
  maxSize: WITHDRAWAL_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', 'The request body is too large.');
  }
});

/** The signed-in shopper, if any: the withdrawal function needs no account, but an owner may choose items. */
async function optionalCustomer(c: Context<AppEnv>): Promise<number | null> {
  const { db, config, now } = c.var.deps;
  const token = readSessionCookie(c, config, 'customer');
  const session = token ? await validateSessionToken(db, 'customer', token, now()) : null;
  return session ? session.user.id : null;
}

/**
 * The public withdrawal function, no account needed. `review` checks a statement and answers it
 * back, storing nothing (step 1 → 2); `POST /` stores it on confirmation. The answer never says
 * whether an order matched.
 */
export const withdrawalRoutes = new Hono<AppEnv>()
  .post('/review', boundedBody, jsonBody(withdrawalSchema), async (c) => {
    refuseControlCharacters(c.req.valid('json'));
    refuseWhenOff(await getSettings(c.var.deps.db));
    return c.json({ statement: c.req.valid('json') });
  })
  .post('/', boundedBody, jsonBody(withdrawalSchema), async (c) => {
    const { db, config } = c.var.deps;
    const input = c.req.valid('json');
    refuseControlCharacters(input);
    const ctx = contextOf(c.var.deps);
    refuseWhenOff(await getSettings(db));
    const address = clientAddress(c, config.trustProxy);
    await reserveKeysOrRefuse(
      db,
      [
        [`withdraw:email:${mailboxKey(input.email)}`, WITHDRAWAL_LIMITS.perEmail],
        [`withdraw:order:${input.orderNumber.toLowerCase()}`, WITHDRAWAL_LIMITS.perOrder],
        [`withdraw:addr:${address}`, WITHDRAWAL_LIMITS.perAddress]
      ],
      ctx.now,
      'Too many withdrawals sent. Try again later.'
    );
    const customerId = await optionalCustomer(c);
    const withdrawal = await submitWithdrawal(db, input, { address, customerId }, ctx);
    return c.json({ withdrawal }, 202);
  })
  // The acknowledgement's one-time link: its mailbox sees the statement and may cancel it (once).
  .post('/statement', boundedBody, jsonBody(withdrawalTokenSchema), async (c) => {
    const { db, now } = c.var.deps;
    const view = await statementByLink(db, c.req.valid('json').token, now());
    if (!view) throw new ApiError(400, 'invalid_link', 'This link has expired or is not valid.', { fields: { token: 'invalid_link' } });
    return c.json(view);
  })
  .post('/statement/cancel', boundedBody, jsonBody(withdrawalTokenSchema), async (c) => {
    const ctx = contextOf(c.var.deps);
    return c.json(await cancelWithdrawalByLink(c.var.deps.db, c.req.valid('json').token, ctx));
  });

/** Staff: the statements waiting for a match, one statement, attaching it to an order or closing it. */
export const staffWithdrawalRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await withdrawalsToMatch(c.var.deps.db, c.var.deps.now())))
  .get('/warnings', async (c) => c.json(await withdrawalWarnings(c.var.deps.db, c.var.deps.now())))
  .get('/:id', async (c) => c.json(await staffWithdrawalView(c.var.deps.db, idParam(c))))
  .get('/:id/preview', queryParams(withdrawalPreviewQuery), async (c) =>
    c.json(await attachPreview(c.var.deps.db, idParam(c), c.req.valid('query').orderNumber))
  )
  .post('/:id/attach', jsonBody(attachWithdrawalSchema), async (c) => {
    const { db } = c.var.deps;
    return c.json(await attachWithdrawal(db, actorOf(c), idParam(c), c.req.valid('json'), contextOf(c.var.deps)));
  })
  .post('/:id/close', jsonBody(closeWithdrawalSchema), async (c) => {
    const { db } = c.var.deps;
    await closeWithdrawal(db, actorOf(c), idParam(c), c.req.valid('json').note, contextOf(c.var.deps));
    return c.json({ ok: true as const });
  });
