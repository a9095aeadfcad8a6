import { and, eq, ne } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import {
  changeShopperPasswordSchema,
  forgotPasswordSchema,
  setPasswordSchema,
  signInLinkSchema,
  signInLinkVerifySchema,
  signInSchema,
  signUpSchema,
  updateMeSchema
} from '#shared/schemas/auth.ts';
import { orderLinkSchema, orderLookupSchema, orderLookupVerifySchema } from '#shared/schemas/links.ts';
import { customers, customerSessions, staffUsers } from '../db/schema.ts';
import type { AppEnv } from '../deps.ts';
import { clientAddress } from '../http/client-address.ts';
import { ApiError } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './cookies.ts';
import { requireCustomer, requireStaff } from './middleware.ts';
import { requestPasswordReset, requestSignUp, useAccountLink } from './account-links.ts';
import { consumeOrderLookup, requestOrderLookup } from './order-lookup.ts';
import { refuseCommonPassword } from './password-rules.ts';
import { linkSecrets, orderOfPortalLink } from './portal-link.ts';
import { createSession, endSession, validateSessionToken, type SessionKind } from './sessions.ts';
import { consumeSignInLink, requestSignInLink } from './sign-in-link.ts';
import { releaseAttempt, reserveKeysOrRefuse, reserveOrRefuse, THROTTLE, throttleKeys } from './throttle.ts';

const badCredentials = () => new ApiError(401, 'invalid_credentials', 'Email or password is incorrect.');

type Account = { id: number; passwordHash: string | null; disabled: boolean };

async function findAccount(c: { var: AppEnv['Variables'] }, kind: SessionKind, email: string): Promise<Account | undefined> {
  const { db } = c.var.deps;
  if (kind === 'customer') {
    const [row] = await db.select().from(customers).where(eq(customers.email, email)).limit(1);
    return row && { id: row.id, passwordHash: row.passwordHash, disabled: false };
  }
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
  return row && { id: row.id, passwordHash: row.passwordHash, disabled: row.disabledAt !== null };
}

/** A sign-in always gets a fresh token; an older one from this browser is ended. */
async function startSession(c: Context<AppEnv>, kind: SessionKind, userId: number): Promise<void> {
  const { db, config, now } = c.var.deps;
  const previous = readSessionCookie(c, config, kind);
  if (previous) await endSession(db, kind, previous, now());
  const { token } = await createSession(db, kind, userId, now());
  writeSessionCookie(c, config, kind, token);
}

/**
 * Opens an order for this browser (a portal link or an order-lookup link): its owner, signed in,
 * goes on with their own session; anyone else gets an order session, and a session of another
 * shopper in this browser is ended (as any sign-in does).
 */
async function openOrder(c: Context<AppEnv>, order: { orderId: number; customerId: number }): Promise<'account' | 'order'> {
  const { db, config, now } = c.var.deps;
  const token = readSessionCookie(c, config, 'customer');
  const session = token ? await validateSessionToken(db, 'customer', token, now()) : null;
  if (session?.userId === order.customerId) return 'account';
  if (token) {
    if (session) await endSession(db, 'customer', token, now());
    clearSessionCookie(c, config, 'customer');
  }
  await startSession(c, 'order', order.orderId);
  return 'order';
}

/** Sign-in and sign-out for one kind of account; the two kinds use separate cookies and tables. */
/** Create-an-account and forgot-password requests: limited per address and per client, like sign-in links. */
async function limitAccountRequests(c: Context<AppEnv>, email: string): Promise<void> {
  const { db, config, now } = c.var.deps;
  await reserveOrRefuse(
    db,
    throttleKeys('account', email, clientAddress(c, config.trustProxy)),
    now(),
    'Too many requests. Try again later.'
  );
}

function signInRoutes(kind: SessionKind) {
  return new Hono<AppEnv>()
    .post('/sign-in', jsonBody(signInSchema), async (c) => {
      const { db, config, now, passwords } = c.var.deps;
      const { email, password } = c.req.valid('json');
      const keys = throttleKeys(kind, email, clientAddress(c, config.trustProxy));
      await reserveOrRefuse(db, keys, now(), 'Too many failed sign-ins. Try again later.');
      const account = await findAccount(c, kind, email);
      const ok = await passwords.verify(account?.passwordHash, password);
      if (!account || !ok || account.disabled) throw badCredentials();
      await releaseAttempt(db, keys);
      await startSession(c, kind, account.id);
      return c.json({ ok: true as const });
    })
    .post('/sign-out', async (c) => {
      const { db, config, now } = c.var.deps;
      const token = readSessionCookie(c, config, kind);
      if (token) await endSession(db, kind, token, now());
      clearSessionCookie(c, config, kind);
      if (kind === 'customer') {
        // A shopper's sign-out also ends an order-scoped session this browser holds.
        const orderToken = readSessionCookie(c, config, 'order');
        if (orderToken) await endSession(db, 'order', orderToken, now());
        clearSessionCookie(c, config, 'order');
      }
      return c.json({ ok: true as const });
    });
}

export const customerAuthRoutes = signInRoutes('customer')
  // "Email me a sign-in link": the same 202 whether or not the email is a customer's (no enumeration).
  .post('/sign-in-link', jsonBody(signInLinkSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const input = c.req.valid('json');
    const keys = throttleKeys('link', input.email, clientAddress(c, config.trustProxy));
    await reserveOrRefuse(db, keys, now(), 'Too many sign-in links asked for. Try again later.');
    await requestSignInLink(db, input, { publicUrl: config.publicUrl, now: now() });
    return c.json({ ok: true as const }, 202);
  })
  .post('/sign-in-link/verify', jsonBody(signInLinkVerifySchema), async (c) => {
    const { db, now } = c.var.deps;
    const customerId = await consumeSignInLink(db, c.req.valid('json').token, now());
    if (customerId === null) throw new ApiError(400, 'invalid_link', 'This sign-in link is not valid any more. Ask for a new one.');
    await startSession(c, 'customer', customerId);
    return c.json({ ok: true as const });
  })
  /**
   * A signed portal link from the shop's email, traded for access to its order. The owner, signed
   * in, simply goes on with their session; anyone else gets an order-scoped session (and a session
   * of another shopper in this browser is ended). Expired, tampered, or for no order: one answer.
   */
  .post('/order-link', jsonBody(orderLinkSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const input = c.req.valid('json');
    const order = await orderOfPortalLink(db, linkSecrets(config), input, now());
    if (!order) {
      throw new ApiError(400, 'invalid_link', 'This link has expired or is not valid.', { fields: { sig: 'invalid_link' } });
    }
    const to = input.to ?? 'order';
    const access = await openOrder(c, order);
    return c.json({ number: order.number, to, access });
  })
  // Order lookup: the same 202 whether or not the order and email match (no enumeration), limited per
  // (order number, email) pair and per client address: a stranger's bogus lookups for a number or
  // an email never block the real customer's own pair.
  .post('/lookup', jsonBody(orderLookupSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const input = c.req.valid('json');
    const address = clientAddress(c, config.trustProxy);
    await reserveKeysOrRefuse(
      db,
      [
        [`lookup:pair:${JSON.stringify([input.orderNumber, input.email])}`, THROTTLE.perAccount],
        [`lookup:addr:${address}`, THROTTLE.perAddress]
      ],
      now(),
      'Too many order lookups. Try again later.'
    );
    await requestOrderLookup(db, input, { publicUrl: config.publicUrl, now: now() });
    return c.json({ ok: true as const }, 202);
  })
  .post('/lookup/verify', jsonBody(orderLookupVerifySchema), async (c) => {
    const { db, now } = c.var.deps;
    const order = await consumeOrderLookup(db, c.req.valid('json').token, now());
    if (!order) throw new ApiError(400, 'invalid_link', 'This link has expired or is not valid.', { fields: { token: 'invalid_link' } });
    const access = await openOrder(c, order);
    return c.json({ number: order.number, access });
  })
  // Create an account / claim a guest's orders, and forgot password: the same 202 for every address, limited like sign-in links.
  .post('/sign-up', jsonBody(signUpSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const input = c.req.valid('json');
    await limitAccountRequests(c, input.email);
    await requestSignUp(db, { email: input.email, locale: input.locale ?? 'en' }, { publicUrl: config.publicUrl, now: now() });
    return c.json({ ok: true as const }, 202);
  })
  .post('/forgot-password', jsonBody(forgotPasswordSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const input = c.req.valid('json');
    await limitAccountRequests(c, input.email);
    await requestPasswordReset(db, input, { publicUrl: config.publicUrl, now: now() });
    return c.json({ ok: true as const }, 202);
  })
  // The emailed account link: sets the password, ends every session of the account, spends its other
  // account links, and signs this browser in. Counted per client address before anything else.
  .post('/set-password', jsonBody(setPasswordSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const { token, password } = c.req.valid('json');
    await reserveKeysOrRefuse(
      db,
      [[`set-password:addr:${clientAddress(c, config.trustProxy)}`, THROTTLE.perAddress]],
      now(),
      'Too many attempts. Try again later.'
    );
    refuseCommonPassword(password, 'password');
    const customerId = await useAccountLink(db, token, password, now(), c.var.deps.passwords);
    if (customerId === null)
      throw new ApiError(400, 'invalid_link', 'This link is not valid any more. Ask for a new one.', { fields: { token: 'invalid_link' } });
    await startSession(c, 'customer', customerId);
    return c.json({ ok: true as const });
  })
  // Change password: the current one is checked on the sign-in counters; every other session ends.
  .post('/me/password', requireCustomer, jsonBody(changeShopperPasswordSchema), async (c) => {
    const { db, config, now, passwords } = c.var.deps;
    const { currentPassword, newPassword } = c.req.valid('json');
    const me = c.var.customer;
    const keys = throttleKeys('customer', me.email, clientAddress(c, config.trustProxy));
    await reserveOrRefuse(db, keys, now(), 'Too many wrong passwords. Try again later.');
    const [row] = await db.select().from(customers).where(eq(customers.id, me.id)).limit(1);
    if (!(await passwords.verify(row?.passwordHash, currentPassword))) {
      throw new ApiError(422, 'wrong_password', 'The current password is not right.', { fields: { currentPassword: 'wrong_password' } });
    }
    await releaseAttempt(db, keys);
    refuseCommonPassword(newPassword, 'newPassword');
    const passwordHash = await passwords.hash(newPassword);
    await db.transaction(async (tx) => {
      await tx.update(customers).set({ passwordHash }).where(eq(customers.id, me.id));
      await tx.delete(customerSessions).where(and(eq(customerSessions.customerId, me.id), ne(customerSessions.id, me.sessionId)));
    });
    return c.json({ ok: true as const });
  })
  // The order an order-scoped session reaches (null without one): the SPA's shopper pages read it when /me answers 401.
  .get('/order-session', async (c) => {
    const { db, config, now } = c.var.deps;
    const token = readSessionCookie(c, config, 'order');
    const session = token ? await validateSessionToken(db, 'order', token, now()) : null;
    if (!session) return c.json({ order: null });
    const [customer] = await db.select().from(customers).where(eq(customers.id, session.user.customerId)).limit(1);
    return c.json({ order: { number: session.user.number, firstName: customer?.firstName ?? '' } });
  })
  .get('/me', requireCustomer, (c) => {
    const { id: _id, sessionId: _s, ...me } = c.var.customer;
    return c.json({ customer: me });
  })
  // The language the shopper uses in the portal is the language of their emails.
  .patch('/me', requireCustomer, jsonBody(updateMeSchema), async (c) => {
    const { locale } = c.req.valid('json');
    await c.var.deps.db.update(customers).set({ locale }).where(eq(customers.id, c.var.customer.id));
    const { id: _id, sessionId: _s, ...me } = c.var.customer;
    return c.json({ customer: { ...me, locale } });
  });

export const staffAuthRoutes = signInRoutes('staff')
  .get('/me', requireStaff(), (c) => {
    const { id: _id, sessionId: _s, ...me } = c.var.staff;
    return c.json({ staff: me });
  })
  // The staff screen's language, remembered per account.
  .patch('/me', requireStaff(), jsonBody(updateMeSchema), async (c) => {
    const { locale } = c.req.valid('json');
    await c.var.deps.db.update(staffUsers).set({ locale }).where(eq(staffUsers.id, c.var.staff.id));
    const { id: _id, sessionId: _s, ...me } = c.var.staff;
    return c.json({ staff: { ...me, locale } });
  });
