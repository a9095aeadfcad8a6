import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInThrottle } from '../db/schema.ts';

/** Failed sign-ins allowed per window before the key is blocked until the window ends. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perAddress: 30
} as const;

export type ThrottleKeys = { account: string; address: string };

export function throttleKeys(kind: string, email: string, address: string): ThrottleKeys {
  return { account: `${kind}:acct:${email}`, address: `${kind}:addr:${address}` };
}

/** Seconds until the caller may try again, or 0 when not blocked. */
export async function blockedFor(db: Db, keys: ThrottleKeys, now: Date): Promise<number> {
  const rows = await db
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, [keys.account, keys.address]));
  let wait = 0;
  for (const row of rows) {
    const limit = row.key === keys.account ? THROTTLE.perAccount : THROTTLE.perAddress;
    const ends = row.windowStartedAt.getTime() + THROTTLE.windowMs;
    if (row.failures >= limit && ends > now.getTime()) wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000));
  }
  return wait;
}

/** Counts one failure on both keys, atomically (safe across instances). */
export async function recordFailure(db: Db, keys: ThrottleKeys, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  for (const key of [keys.account, keys.address]) {
    await db
      .insert(signInThrottle)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStartedAt} end`
        }
      });
  }
}

export async function clearAccount(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [keys.account]));
}
