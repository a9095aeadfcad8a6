import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  connectorDeliveries,
  customerSessions,
  idempotencyKeys,
  oneTimeTokens,
  orderSessions,
  outbox,
  signInThrottle,
  staffSessions
} from '../db/schema.ts';
import { SESSION_POLICY } from '../auth/sessions.ts';
import { THROTTLE } from '../auth/throttle.ts';
import type { Logger } from '../http/log.ts';
import { purgePhotos } from '../returns/photos/store.ts';

/** How long sent email bodies and delivered webhook payloads are kept (RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * Replaces the body of every sent email and delivered webhook older than `retentionDays` by a
 * marker (a failed email keeps its body, so an admin can still send it again), keeping the row's metadata (kind, topic, recipient, subject or
 * event type, status, dates) for the Emails page and the audit of what was sent. The withdrawal
 * acknowledgements are kept whole: they are the trader's proof, on a durable medium, of the
 * acknowledgement the law requires (README, "Data kept").
 */
export async function purgeDeliveredBodies(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const rows = await db
    .update(outbox)
    .set({
      payload: sql`case when ${outbox.kind} = 'email'
        then jsonb_build_object('to', ${outbox.payload}->'to', 'subject', ${outbox.payload}->'subject', 'purged', true)
        else jsonb_build_object('id', ${outbox.payload}->'id', 'type', ${outbox.payload}->'type', 'purged', true) end`
    })
    .where(
      and(
        eq(outbox.status, 'sent'),
        lt(outbox.createdAt, sql`${cutoff}::timestamptz`),
        sql`not (${outbox.payload} ? 'purged')`,
        sql`${outbox.topic} not like 'withdrawal.%'`
      )
    )
    .returning({ id: outbox.id });
  return rows.length;
}

/**
 * Deletes the record of every shop-platform delivery received more than `retentionDays` ago. A record
 * serves to answer a platform's retry of the same delivery id (they retry for hours to days, never
 * months) and to show recent refusals; after the retention it only keeps order numbers and refusals.
 */
export async function purgeConnectorDeliveries(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const rows = await db
    .delete(connectorDeliveries)
    .where(lt(connectorDeliveries.receivedAt, sql`${cutoff}::timestamptz`))
    .returning({ id: connectorDeliveries.id });
  return rows.length;
}

/** Idempotency keys are kept at least 24 h (the promise to clients); they go after 48 h. */
export const IDEMPOTENCY_KEEP_MS = 48 * 3600_000;

/**
 * Deletes rows nothing can use any more: idempotency keys past their keeping time, sessions past
 * their idle or absolute limit, sign-in counters whose window has ended, used or expired one-time
 * tokens, withheld emails (written only so that an unknown address costs the same work), photos
 * never sent with a return or of a return finished more than `retentionDays` ago. Safe to run from several instances at once (plain DELETEs).
 */
export async function purgeExpired(db: Db, now: Date, opts: { retentionDays?: number } = {}) {
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
  const retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const bodies = await purgeDeliveredBodies(db, now, retentionDays);
  const photos = await purgePhotos(db, now, retentionDays);
  return {
    photos,
    deliveredBodies: bodies,
    connectorDeliveries: await purgeConnectorDeliveries(db, now, retentionDays),
    withheldEmails: withheld.length,
    idempotencyKeys: keys.length,
    sessions: shopper.length + staff.length + order.length,
    signInCounters: counters.length,
    oneTimeTokens: tokens.length
  };
}

/** Runs the purge once an hour (first run a minute after start) until stopped. */
export function startPurge(db: Db, logger: Logger, opts: { retentionDays: number }) {
  const run = () => purgeExpired(db, new Date(), opts).catch((err) => logger.error({ err: (err as Error).message }, 'purge failed'));
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, 3600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
