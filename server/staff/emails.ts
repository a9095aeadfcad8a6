import { and, desc, eq, ne } from 'drizzle-orm';
import { writeAudit } from '../audit/write.ts';
import type { Db } from '../db/client.ts';
import { maskOneTimeTokens } from '../auth/one-time-link.ts';
import { outbox } from '../db/schema.ts';
import type { StaffActor } from '../deps.ts';
import { afterCursor, cursorValues, decodeCursor, keysetPage } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';

export const EMAILS_PAGE_SIZE = 50;

/** `purged`: the body was deleted after RETENTION_DAYS (server/maintenance/purge.ts); the rest stays. */
type Payload = { to?: string; subject?: string; text?: string; html?: string; purged?: true };

const summary = (r: typeof outbox.$inferSelect) => ({
  id: r.id,
  recipient: r.recipient ?? (r.payload as Payload).to ?? '',
  subject: maskOneTimeTokens((r.payload as Payload).subject ?? ''),
  topic: r.topic,
  status: r.status as 'pending' | 'sent' | 'failed',
  attempts: r.attempts,
  lastError: r.lastError && maskOneTimeTokens(r.lastError),
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null
});

/** The emails written to the outbox, newest first, keyset pages: what was sent, queued or failed (never a withheld one: it was for no one). */
export async function listEmails(db: Db, cursorText: string | undefined) {
  const cursor = decodeCursor(cursorText);
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(eq(outbox.kind, 'email'), ne(outbox.status, 'withheld'), afterCursor(outbox.createdAt, outbox.id, cursor && cursorValues(cursor)))
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(EMAILS_PAGE_SIZE + 1);
  const { page, nextCursor } = keysetPage(rows, EMAILS_PAGE_SIZE, (r) => ({ at: r.createdAt, id: r.id }));
  return { emails: page.map(summary), nextCursor };
}

/**
 * One email with its plain-text body (readable here when no SMTP server is configured), every
 * one-time secret in its links masked: staff see that a sign-in or lookup link was sent, never one
 * they could open.
 */
export async function emailDetail(db: Db, id: number) {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, id), eq(outbox.kind, 'email'), ne(outbox.status, 'withheld')))
    .limit(1);
  if (!row) throw notFound('No such email.');
  const payload = row.payload as Payload;
  return { email: { ...summary(row), purged: payload.purged === true, text: maskOneTimeTokens(payload.text ?? '') } };
}

/**
 * An admin sends a failed email again: it goes back to the relay as a new email would (pending,
 * due now, attempt count reset, last error cleared), with an audit row. Only a failed one: 409 otherwise.
 */
export async function retryEmail(db: Db, actor: StaffActor, id: number, now: Date) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, id), eq(outbox.kind, 'email')))
      .for('update');
    if (!row) throw notFound('No such email.');
    if (row.status !== 'failed') {
      throw new ApiError(409, 'email_not_failed', 'Only a failed email can be sent again.', { fields: { status: row.status } });
    }
    const [updated] = await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null })
      .where(eq(outbox.id, id))
      .returning();
    await writeAudit(tx, actor, {
      entity: 'email',
      entityId: id,
      action: 'retried',
      changes: { status: ['failed', 'pending'], attempts: [row.attempts, 0] },
      now
    });
    return { email: summary(updated!) };
  });
}
export type EmailSummary = ReturnType<typeof summary>;
