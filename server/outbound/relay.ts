import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Db } from '../db/client.ts';
import type { Logger } from '../http/log.ts';
import { outbox } from '../db/schema.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import type { WebhookEvent } from './webhooks.ts';

/**
 * How long a claimed row stays invisible to other relays. Rows are claimed one at a time, so the
 * lease only has to outlast one send (webhooks time out after 10 s, SMTP after at most ~50 s).
 */
export const LEASE_MS = 5 * 60_000;
/** Attempts before a row is marked failed: emails ≈ 1 h of retries, webhooks ≈ 3 days (a shop's outage). */
export const MAX_ATTEMPTS = { email: 8, webhook: 80 } as const;
/** Rows one pass sends at most. */
const PASS_LIMIT = 20;

/** Exponential backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

type EmailPayload = { to: string; subject: string; text: string; html: string };
type OutboxRow = typeof outbox.$inferSelect;
type Kind = 'email' | 'webhook';
/** Told of each failed attempt (one log line each: the outbox id, the attempt and the error). */
export type OnFailure = (failure: { outboxId: number; kind: Kind; attempt: number; gaveUp: boolean; error: string }) => void;

/**
 * Claims the next due row of one kind with a short transaction (FOR UPDATE SKIP LOCKED, then a
 * lease: next_attempt_at pushed forward and the attempt counted), so two relays never hold one row.
 */
async function claimNext(db: Db, kind: Kind, now: Date): Promise<OutboxRow | undefined> {
  return db.transaction(async (tx) => {
    const [due] = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.kind, kind), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!due) return undefined;
    const [row] = await tx
      .update(outbox)
      .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
      .where(eq(outbox.id, due.id))
      .returning();
    return row;
  });
}

/**
 * Claims and sends due rows one by one, outside any transaction, and records each outcome only
 * if the claim is still ours (same attempt number, still pending): a relay that overran its lease
 * can never overwrite what another relay recorded.
 */
async function deliverDue(
  db: Db,
  kind: Kind,
  now: () => Date,
  send: (row: OutboxRow) => Promise<void>,
  onFailure?: OnFailure
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < PASS_LIMIT; i++) {
    const row = await claimNext(db, kind, now());
    if (!row) break;
    const stillOurs = and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.attempts, row.attempts));
    let error: unknown;
    try {
      await send(row);
    } catch (err) {
      error = err;
    }
    if (error === undefined) {
      await db.update(outbox).set({ status: 'sent', sentAt: now(), lastError: null }).where(stillOurs);
      sent++;
      continue;
    }
    failed++;
    const gaveUp = row.attempts >= MAX_ATTEMPTS[kind];
    const message = String((error as Error).message ?? error).slice(0, 500);
    onFailure?.({ outboxId: row.id, kind, attempt: row.attempts, gaveUp, error: message });
    await db
      .update(outbox)
      .set({
        status: gaveUp ? 'failed' : 'pending',
        lastError: message,
        nextAttemptAt: new Date(now().getTime() + backoffMs(row.attempts))
      })
      .where(stillOurs);
  }
  return { sent, failed };
}

/** Sends one email of the outbox, with a Message-ID fixed per row. */
async function sendEmail(mailer: Transporter, row: OutboxRow, opts: { from: string; messageIdHost: string }): Promise<void> {
  const mail = row.payload as EmailPayload;
  await mailer.sendMail({
    from: opts.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<outbox-${row.id}@${opts.messageIdHost}>`
  });
}

/**
 * Claims due emails, sends them, then records the outcome.
 * A crash between sending and recording re-sends after the lease: at least once, and the fixed
 * Message-ID lets mail servers and clients drop the duplicate.
 */
export async function relayEmailsOnce(
  db: Db,
  mailer: Transporter,
  opts: { from: string; now: () => Date; messageIdHost: string; onFailure?: OnFailure }
): Promise<{ sent: number; failed: number }> {
  return deliverDue(db, 'email', opts.now, (row) => sendEmail(mailer, row, opts), opts.onFailure);
}

/** How long the shop's endpoint has to answer a webhook. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookOptions = { url: string; secret: string; now: () => Date; timeoutMs?: number; onFailure?: OnFailure };

/** The reason a delivery failed, short enough for the outbox's last_error. */
function describeFailure(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.cause ? `${e.message}: ${e.cause.code ?? e.cause.message}` : e.message;
}

/** POSTs one webhook event of the outbox to the shop; anything but a 2xx answer throws. */
async function postWebhook(row: OutboxRow, opts: WebhookOptions): Promise<void> {
  const event = row.payload as WebhookEvent;
  const body = JSON.stringify(event);
  let res: Response;
  try {
    res = await fetch(opts.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Reprise-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(opts.secret, body, opts.now()),
        'Reprise-Event-Id': event.id,
        'Reprise-Event-Type': event.type
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS)
    });
  } catch (err) {
    throw new Error(describeFailure(err), { cause: err });
  }
  const answer = await res.text().catch(() => '');
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
}

/**
 * Claims due webhook events and POSTs each to the shop as JSON, signed like the shop's own
 * requests (`Reprise-Signature: t=…,v1=HMAC-SHA256("<t>.<body>")` with SHOP_SECRET, timestamped at
 * sending time) and with `Reprise-Event-Id` fixed per event. A 2xx answer is delivery; anything
 * else (another status, a redirect, a network error, no answer in 10 s) is retried with the
 * emails' backoff and given up after about three days. At least once: the shop drops
 * duplicates by event id.
 */
export async function relayWebhooksOnce(db: Db, opts: WebhookOptions): Promise<{ sent: number; failed: number }> {
  return deliverDue(db, 'webhook', opts.now, (row) => postWebhook(row, opts), opts.onFailure);
}

/**
 * Runs `pass` at once, then every `intervalMs` until stopped, one pass at a time. A pass that answers
 * `true` (it sent a full batch without a failure, so more may be due) is followed at once by the
 * next: a backlog (a restart, a bulk import's notices, a shop's webhook endpoint back after an
 * outage) drains at the receiver's pace, not PASS_LIMIT rows per interval. A failing receiver gets
 * no more than a batch per interval.
 */
function every(intervalMs: number, pass: () => Promise<boolean>, log: (err: unknown) => void) {
  let current: Promise<unknown> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = () => {
    current = pass()
      .catch((err: unknown) => {
        log(err);
        return false;
      })
      .then((more) => {
        current = undefined;
        if (stopped) return;
        timer = setTimeout(run, more ? 0 : intervalMs);
        timer.unref();
      });
  };
  run();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

/**
 * Runs one kind's relay pass at once, then every `intervalMs` (5 s) until stopped (at once again
 * while the passes find a full batch), with the clock and the failure hook it is given: a failed
 * attempt is one warning line with its outbox id and error, then the caller's count (`/metrics`); a
 * failed pass is one error line.
 */
function relayEvery(
  kind: Kind,
  opts: { intervalMs?: number; logger: Logger; onFailure?: OnFailure },
  pass: (hooks: { now: () => Date; onFailure: OnFailure }) => Promise<{ sent: number; failed: number }>
) {
  const { logger } = opts;
  const onFailure: OnFailure = (f) => {
    logger.warn(f, `${kind} attempt failed`);
    opts.onFailure?.(f);
  };
  return every(
    opts.intervalMs ?? 5_000,
    async () => {
      const { sent, failed } = await pass({ now: () => new Date(), onFailure });
      return failed === 0 && sent === PASS_LIMIT;
    },
    (err) => logger.error({ err: (err as Error).message }, `${kind} relay pass failed`)
  );
}

/** Runs the email relay every `intervalMs` until stopped. */
export function startEmailRelay(
  db: Db,
  mailer: Transporter,
  opts: { from: string; messageIdHost: string; intervalMs?: number; logger: Logger; onFailure?: OnFailure }
) {
  const stop = relayEvery('email', opts, (hooks) => relayEmailsOnce(db, mailer, { ...opts, ...hooks }));
  return {
    async stop() {
      await stop();
      mailer.close();
    }
  };
}

/** Runs the webhook relay every `intervalMs` until stopped. */
export function startWebhookRelay(
  db: Db,
  opts: { url: string; secret: string; intervalMs?: number; logger: Logger; onFailure?: OnFailure }
) {
  return { stop: relayEvery('webhook', opts, (hooks) => relayWebhooksOnce(db, { url: opts.url, secret: opts.secret, ...hooks })) };
}
