import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInThrottle } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';

/** Sign-in attempts allowed per window; over that, the key is blocked until its window ends. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perAddress: 30
} as const;

export type ThrottleKeys = { account: string; address: string };

export function throttleKeys(kind: string, email: string, address: string): ThrottleKeys {
  return { account: `${kind}:acct:${email}`, address: `${kind}:addr:${address}` };
}

/** Adds one to a key's count in its window (a new window when the old one has ended); returns the row. */
async function bump(db: Db, key: string, now: Date) {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs).toISOString();
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} <= ${windowStart}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} <= ${windowStart}::timestamptz then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStartedAt} end`
      }
    })
    .returning();
  return row!;
}

/**
 * Counts this attempt on both keys BEFORE the password is checked, atomically, so a burst of
 * parallel guesses cannot all slip through while the slow hash runs. Returns the seconds to wait
 * (0: go ahead). State lives in the database, so every instance sees the same counts.
 */
export async function reserveAttempt(db: Db, keys: ThrottleKeys, now: Date): Promise<number> {
  return reserveOnKeys(
    db,
    [
      [keys.account, THROTTLE.perAccount],
      [keys.address, THROTTLE.perAddress]
    ],
    now
  );
}

/** Counts one attempt on each `[key, limit]` (same window); returns the seconds to wait, 0 when none is over its limit. */
export async function reserveOnKeys(db: Db, limits: readonly (readonly [string, number])[], now: Date): Promise<number> {
  let wait = 0;
  for (const [key, limit] of limits) {
    const row = await bump(db, key, now);
    if (row.failures > limit) {
      const ends = row.windowStartedAt.getTime() + THROTTLE.windowMs;
      wait = Math.max(wait, Math.max(1, Math.ceil((ends - now.getTime()) / 1000)));
    }
  }
  return wait;
}

/** reserveAttempt, refusing the attempt with 429 `too_many_attempts` and Retry-After when the key is blocked. */
export async function reserveOrRefuse(db: Db, keys: ThrottleKeys, now: Date, message: string): Promise<void> {
  const wait = await reserveAttempt(db, keys, now);
  if (wait > 0) throw tooMany(wait, message);
}

const tooMany = (wait: number, message: string) =>
  new ApiError(429, 'too_many_attempts', message, { headers: { 'Retry-After': String(wait) } });

/**
 * reserveOnKeys, refusing with 429 `too_many_attempts` and Retry-After when any key is over its
 * limit. Also keeps public forms that send email (lookup, the withdrawal function) from mailing
 * strangers in bulk.
 */
export async function reserveKeysOrRefuse(
  db: Db,
  limits: readonly (readonly [string, number])[],
  now: Date,
  message: string
): Promise<void> {
  const wait = await reserveOnKeys(db, limits, now);
  if (wait > 0) throw tooMany(wait, message);
}

/** A successful sign-in: the account's count starts again and the address gets its attempt back. */
export async function releaseAttempt(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, keys.account));
  await db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, keys.address));
}
