import { eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerSessions, idempotencyKeys, oneTimeTokens, orderSessions, outbox, signInThrottle, staffSessions } from '../db/schema.ts';
import { SESSION_POLICY } from '../auth/sessions.ts';
import { THROTTLE } from '../auth/throttle.ts';

/** Idempotency keys are kept at least 24 h (the promise to clients); they go after 48 h. */
export const IDEMPOTENCY_KEEP_MS = 48 * 3600_000;

/**
 * Deletes rows nothing can use any more: idempotency keys past their keeping time, sessions past
 * their idle or absolute limit, sign-in counters whose window has ended, used or expired one-time
 * tokens, withheld emails (written only so that an unknown address costs the same work). Safe to run from several instances at once (plain DELETEs).
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
  const withheld = await db.delete(outbox).where(eq(outbox.status, 'withheld')).returning({ id: outbox.id });
  return {
    withheldEmails: withheld.length,
    idempotencyKeys: keys.length,
    sessions: shopper.length + staff.length + order.length,
    signInCounters: counters.length,
    oneTimeTokens: tokens.length
  };
}

/** Runs the purge once an hour (first run a minute after start) until stopped. */
export function startPurge(db: Db, log: (line: string) => void) {
  const run = () => purgeExpired(db, new Date()).catch((err) => log(`purge: ${(err as Error).message}`));
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, 3600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
