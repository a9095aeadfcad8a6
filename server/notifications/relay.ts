import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';

/** How long a claimed row stays invisible to other relays while it is being sent. */
export const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 8;
const BATCH = 10;

/** Exponential backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

type EmailPayload = { to: string; subject: string; text: string; html: string };

/**
 * Claims due emails with a short transaction (FOR UPDATE SKIP LOCKED, then a lease by pushing
 * next_attempt_at forward), sends them outside any transaction, then records the outcome.
 * A crash between sending and recording re-sends after the lease: at least once, and the fixed
 * Message-ID lets mail servers and clients drop the duplicate.
 */
export async function relayEmailsOnce(db: Db, mailer: Transporter, opts: { from: string; now: () => Date; messageIdHost: string }): Promise<{ sent: number; failed: number }> {
  const now = opts.now();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.kind, 'email'), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due.map((d) => d.id)))
      .returning();
  });

  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    const mail = row.payload as EmailPayload;
    try {
      await mailer.sendMail({
        from: opts.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<outbox-${row.id}@${opts.messageIdHost}>`
      });
      await db.update(outbox).set({ status: 'sent', sentAt: opts.now(), lastError: null }).where(eq(outbox.id, row.id));
      sent++;
    } catch (err) {
      failed++;
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .update(outbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError: String((err as Error).message ?? err).slice(0, 500),
          nextAttemptAt: new Date(opts.now().getTime() + backoffMs(row.attempts))
        })
        .where(eq(outbox.id, row.id));
    }
  }
  return { sent, failed };
}

/** Runs the relay every `intervalMs` until stopped, one pass at a time. */
export function startEmailRelay(db: Db, mailer: Transporter, opts: { from: string; messageIdHost: string; intervalMs?: number; log?: (line: string) => void }) {
  let current: Promise<unknown> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || current) return;
    current = relayEmailsOnce(db, mailer, { ...opts, now: () => new Date() })
      .catch((err) => opts.log?.(`email relay: ${(err as Error).message}`))
      .finally(() => (current = undefined));
  }, opts.intervalMs ?? 5_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
      mailer.close();
    }
  };
}
