import { eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { preparedPer } from '../db/prepared.ts';
import { customers, customerSessions, orders, orderSessions, staffSessions, staffUsers } from '../db/schema.ts';
import { generateSessionToken, hashSecret, sameHash, splitToken } from './tokens.ts';

/** A shopper's account session, a staff session, or an order-scoped session opened by a portal link (its "user" is the order). */
export type SessionKind = 'customer' | 'staff' | 'order';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Inactivity timeout and absolute lifetime per kind (also in the README). */
export const SESSION_POLICY: Record<SessionKind, { idleMs: number; absoluteMs: number }> = {
  customer: { idleMs: 7 * DAY, absoluteMs: 30 * DAY },
  staff: { idleMs: 8 * HOUR, absoluteMs: 24 * HOUR },
  order: { idleMs: DAY, absoluteMs: 7 * DAY }
};

/** Last-activity is written at most this often, so reads do not turn every request into a write. */
const TOUCH_EVERY_MS = 60_000;

const TABLES = { customer: customerSessions, staff: staffSessions, order: orderSessions } as const;
const tableOf = (kind: SessionKind) => TABLES[kind];

export type Session = { id: string; userId: number; createdAt: Date; lastActiveAt: Date };

export async function createSession(db: Db, kind: SessionKind, userId: number, now: Date): Promise<{ token: string; session: Session }> {
  const { id, secret, token } = generateSessionToken();
  const secretHash = hashSecret(secret);
  if (kind === 'customer') {
    await db.insert(customerSessions).values({ id, secretHash, customerId: userId, createdAt: now, lastActiveAt: now });
  } else if (kind === 'staff') {
    await db.insert(staffSessions).values({ id, secretHash, staffId: userId, createdAt: now, lastActiveAt: now });
  } else {
    await db.insert(orderSessions).values({ id, secretHash, orderId: userId, createdAt: now, lastActiveAt: now });
  }
  return { token, session: { id, userId, createdAt: now, lastActiveAt: now } };
}

type UserOf<K extends SessionKind> = K extends 'customer'
  ? typeof customers.$inferSelect
  : K extends 'staff'
    ? typeof staffUsers.$inferSelect
    : typeof orders.$inferSelect;

type SessionTable = typeof customerSessions | typeof staffSessions | typeof orderSessions;
type UserTable = typeof customers | typeof staffUsers | typeof orders;

/** Reads a session of `session` and its user in `user` (joined on `owner`, the session's column naming the user), prepared once per database as `name`. */
function sessionWithUser<S extends SessionTable, U extends UserTable>(session: S, user: U, owner: AnyPgColumn, name: string) {
  return preparedPer((db) =>
    db
      .select({ session, user } as { session: S; user: U })
      .from(session as SessionTable)
      .innerJoin(user as UserTable, eq(user.id, owner))
      .where(eq(session.id, sql.placeholder('id')))
      .prepare(name)
  );
}

// The session and its user in one round trip (every signed-in request starts here).
const sessionOf = {
  customer: sessionWithUser(customerSessions, customers, customerSessions.customerId, 'customer_session'),
  staff: sessionWithUser(staffSessions, staffUsers, staffSessions.staffId, 'staff_session'),
  order: sessionWithUser(orderSessions, orders, orderSessions.orderId, 'order_session')
};

/**
 * Returns the session a token names with its user, or null (unknown, wrong secret, idle too long,
 * too old). Expired rows are deleted.
 */
export async function validateSessionToken<K extends SessionKind>(
  db: Db,
  kind: K,
  token: string,
  now: Date
): Promise<(Session & { user: UserOf<K> }) | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const table = tableOf(kind);
  const [found] = await sessionOf[kind](db).execute({ id: parts.id });
  if (!found) return null;
  const row = found.session;
  if (!sameHash(hashSecret(parts.secret), row.secretHash)) return null;
  const policy = SESSION_POLICY[kind];
  const t = now.getTime();
  if (t - row.lastActiveAt.getTime() >= policy.idleMs || t - row.createdAt.getTime() >= policy.absoluteMs) {
    await db.delete(table).where(eq(table.id, row.id));
    return null;
  }
  let lastActiveAt = row.lastActiveAt;
  if (t - lastActiveAt.getTime() >= TOUCH_EVERY_MS) {
    lastActiveAt = now;
    await db.update(table).set({ lastActiveAt: now }).where(eq(table.id, row.id));
  }
  const userId = 'customerId' in row ? row.customerId : 'staffId' in row ? row.staffId : row.orderId;
  return { id: row.id, userId, createdAt: row.createdAt, lastActiveAt, user: found.user as UserOf<K> };
}

export async function deleteSession(db: Db, kind: SessionKind, sessionId: string): Promise<void> {
  const table = tableOf(kind);
  await db.delete(table).where(eq(table.id, sessionId));
}

export async function deleteUserSessions(db: Db, kind: SessionKind, userId: number): Promise<void> {
  if (kind === 'customer') await db.delete(customerSessions).where(eq(customerSessions.customerId, userId));
  else if (kind === 'staff') await db.delete(staffSessions).where(eq(staffSessions.staffId, userId));
  else await db.delete(orderSessions).where(eq(orderSessions.orderId, userId));
}

/** Ends the session a token names, if the token is genuine (a forged id alone deletes nothing). */
export async function endSession(db: Db, kind: SessionKind, token: string, now: Date): Promise<void> {
  const session = await validateSessionToken(db, kind, token, now);
  if (session) await deleteSession(db, kind, session.id);
}

/**
 * Ends every session of one kind at once (e.g. every order session after a leaked SHOP_SECRET, whose
 * portal links opened them); returns how many ended. `npm run sessions:end -- order` runs it.
 */
export async function endAllSessions(db: Db, kind: SessionKind): Promise<number> {
  const table = tableOf(kind);
  const ended = await db.delete(table).returning({ id: table.id });
  return ended.length;
}
