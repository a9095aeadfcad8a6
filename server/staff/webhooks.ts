import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import type { StaffActor } from '../deps.ts';
import { afterCursor, cursorValues, decodeCursor, keysetPage } from '../http/cursor.ts';
import { requeueFailed } from './emails.ts';

export const WEBHOOKS_PAGE_SIZE = 50;

const summary = (r: typeof outbox.$inferSelect) => ({
  id: r.id,
  /** The event's id (`Reprise-Event-Id`), which the shop deduplicates on. */
  eventId: String((r.payload as { id?: unknown }).id ?? ''),
  type: r.topic,
  status: r.status as 'pending' | 'sent' | 'failed',
  attempts: r.attempts,
  /** The last failure: the endpoint's answer ("HTTP 500: …"), a timeout or a network error. */
  lastError: r.lastError,
  nextAttemptAt: r.nextAttemptAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null
});
export type WebhookSummary = ReturnType<typeof summary>;

/** The webhook events written to the outbox, newest first, keyset pages (the payloads are not shown: they name customers). */
export async function listWebhooks(db: Db, cursorText: string | undefined) {
  const cursor = decodeCursor(cursorText);
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.kind, 'webhook'), afterCursor(outbox.createdAt, outbox.id, cursor && cursorValues(cursor))))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(WEBHOOKS_PAGE_SIZE + 1);
  const { page, nextCursor } = keysetPage(rows, WEBHOOKS_PAGE_SIZE, (r) => ({ at: r.createdAt, id: r.id }));
  return { webhooks: page.map(summary), nextCursor };
}

/**
 * Whether the shop's endpoint is failing, for the dashboard's banner: events given up, and events
 * still being retried after a failure (so a broken endpoint shows after its first failed attempt,
 * within seconds, not three days later). Read through the outbox's (status, …) index.
 */
export async function webhookHealth(db: Db) {
  const [row] = await db
    .select({
      failed: sql<number>`count(*) filter (where ${outbox.status} = 'failed')::int`,
      retrying: sql<number>`count(*) filter (where ${outbox.status} = 'pending')::int`,
      lastError: sql<string | null>`(array_agg(${outbox.lastError} order by ${outbox.nextAttemptAt} desc))[1]`
    })
    .from(outbox)
    .where(and(eq(outbox.kind, 'webhook'), inArray(outbox.status, ['pending', 'failed']), isNotNull(outbox.lastError)));
  const failed = Number(row?.failed ?? 0);
  const retrying = Number(row?.retrying ?? 0);
  return { failing: failed + retrying > 0, failed, retrying, lastError: row?.lastError ?? null };
}

export async function retryWebhook(db: Db, actor: StaffActor, id: number, now: Date) {
  return { webhook: summary(await requeueFailed(db, actor, 'webhook', id, now)) };
}
