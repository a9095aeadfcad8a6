import { lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerSessions, idempotencyKeys, oneTimeTokens, orderSessions, signInThrottle, staffSessions } from '../db/schema.ts';
import { SESSION_POLICY } from '../auth/sessions.ts';
import { THROTTLE } from '../auth/throttle.ts';
import type { Logger } from '../http/log.ts';

/** Idempotency keys are kept at least 24 h (the promise to clients); they go after 48 h. */
export const IDEMPOTENCY_KEEP_MS = 48 * 3600_000;

/**
 * Deletes rows nothing can use any more: idempotency keys past their keeping time, sessions past
 * their idle or absolute limit, sign-in counters whose window has ended, used or expired one-time
 * tokens. Safe to run from several instances at once (plain DELETEs).
 */
export async function purgeExpired(db: Db, now: Date) {
  const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const expiredSessions = (
    table: typeof customerSessions | typeof staffSessions | typeof orderSessions,
    kind: 'customer' | 'staff' | 'order'
  ) =>
    or(
      lt(table.lastActiveAt, sql`${at(SESSION_POLICY[kind].idleMs)}::timestamptz`),
      lt(table.createdAt, sql`${at(SESSION_POLICY[kind].absoluteMs)}::timestamptz`)
    );
  const keys = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`${at(IDEMPOTENCY_KEEP_MS)}::timestamptz`))
    .returning({ k: idempotencyKeys.key });
  const shopper = await db
    .delete(customerSessions)
    .where(expiredSessions(customerSessions, 'customer'))
    .returning({ id: customerSessions.id });
  const staff = await db.delete(staffSessions).where(expiredSessions(staffSessions, 'staff')).returning({ id: staffSessions.id });
  const order = await db.delete(orderSessions).where(expiredSessions(orderSessions, 'order')).returning({ id: orderSessions.id });
  const counters = await db
    .delete(signInThrottle)
    .where(lt(signInThrottle.windowStartedAt, sql`${at(THROTTLE.windowMs)}::timestamptz`))
    .returning({ k: signInThrottle.key });
  const tokens = await db
    .delete(oneTimeTokens)
    .where(or(lt(oneTimeTokens.expiresAt, sql`${now.toISOString()}::timestamptz`), sql`${oneTimeTokens.usedAt} is not null`))
    .returning({ k: oneTimeTokens.tokenHash });
  return {
    idempotencyKeys: keys.length,
    sessions: shopper.length + staff.length + order.length,
    signInCounters: counters.length,
    oneTimeTokens: tokens.length
  };
}

/** Runs the purge once an hour (first run a minute after start) until stopped. */
export function startPurge(db: Db, logger: Logger) {
  const run = () => purgeExpired(db, new Date()).catch((err) => logger.error({ err: (err as Error).message }, 'purge failed'));
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, 3600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
