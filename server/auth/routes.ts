import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { signInLinkSchema, signInLinkVerifySchema, signInSchema, updateMeSchema } from '#shared/schemas/auth.ts';
import { customers, staffUsers } from '../db/schema.ts';
import type { AppEnv } from '../deps.ts';
import { clientAddress } from '../http/client-address.ts';
import { ApiError } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './cookies.ts';
import { requireCustomer, requireStaff } from './middleware.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, endSession, type SessionKind } from './sessions.ts';
import { consumeSignInLink, requestSignInLink } from './sign-in-link.ts';
import { releaseAttempt, reserveOrRefuse, throttleKeys } from './throttle.ts';

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

/** Sign-in and sign-out for one kind of account; the two kinds use separate cookies and tables. */
function signInRoutes(kind: SessionKind) {
  return new Hono<AppEnv>()
    .post('/sign-in', jsonBody(signInSchema), async (c) => {
      const { db, config, now } = c.var.deps;
      const { email, password } = c.req.valid('json');
      const keys = throttleKeys(kind, email, clientAddress(c, config.trustProxy));
      await reserveOrRefuse(db, keys, now(), 'Too many failed sign-ins. Try again later.');
      const account = await findAccount(c, kind, email);
      const ok = await verifyPassword(account?.passwordHash, password);
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
