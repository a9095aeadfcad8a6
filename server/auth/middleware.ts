import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../deps.ts';
import { ApiError } from '../http/errors.ts';
import { readSessionCookie } from './cookies.ts';
import { validateSessionToken } from './sessions.ts';

const signInRequired = () => new ApiError(401, 'unauthenticated', 'Please sign in.');

/** Requires a shopper session; sets c.var.customer. */
export const requireCustomer = createMiddleware<AppEnv>(async (c, next) => {
  const { db, config, now } = c.var.deps;
  const token = readSessionCookie(c, config, 'customer');
  const session = token ? await validateSessionToken(db, 'customer', token, now()) : null;
  if (!session) {
    // A staff member calling a shopper endpoint is not signed in as a shopper.
    throw signInRequired();
  }
  const row = session.user;
  c.set('customer', { id: row.id, email: row.email, firstName: row.firstName, locale: row.locale, sessionId: session.id });
  await next();
});

/**
 * Requires a staff session (and the admin role when asked). A shopper's cookie alone gets 403:
 * it is a signed-in person without staff rights, not an anonymous one.
 */
export const requireStaff = (role: 'staff' | 'admin' = 'staff') =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { db, config, now } = c.var.deps;
    const token = readSessionCookie(c, config, 'staff');
    const session = token ? await validateSessionToken(db, 'staff', token, now()) : null;
    if (!session) {
      if (readSessionCookie(c, config, 'customer')) throw new ApiError(403, 'forbidden', 'Staff only.');
      throw signInRequired();
    }
    const row = session.user;
    if (row.disabledAt) throw signInRequired();
    if (role === 'admin' && row.role !== 'admin') throw new ApiError(403, 'forbidden', 'Admins only.');
    c.set('staff', {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role as 'staff' | 'admin',
      locale: row.locale,
      sessionId: session.id
    });
    await next();
  });
