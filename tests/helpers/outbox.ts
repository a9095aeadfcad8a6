/** What the app queued for a mailbox (not a test file itself). */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { outbox } from '../../server/db/schema.ts';

/** The link in the newest `topic` email to `email`, as it reached the mailbox (the relay sends the outbox row's payload as is). */
export async function mailedLink(db: Db, email: string, topic: string): Promise<URL> {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, topic), eq(outbox.recipient, email)))
    .orderBy(desc(outbox.id))
    .limit(1);
  const found = (row!.payload as { text: string }).text.match(/https?:\/\/\S+/);
  return new URL(found![0]);
}

/** Queues `count` plain emails due at `at`, to `${prefix}-<i>@example.com`, as a backlog the relay finds. */
export async function queueEmails(db: Db, count: number, opts: { topic: string; prefix: string; at: Date }) {
  await db.insert(outbox).values(
    Array.from({ length: count }, (_, i) => ({
      kind: 'email',
      topic: opts.topic,
      recipient: `${opts.prefix}-${i}@example.com`,
      payload: { to: `${opts.prefix}-${i}@example.com`, subject: `Mail ${i}`, text: `Mail ${i}`, html: `<p>Mail ${i}</p>` },
      nextAttemptAt: opts.at,
      createdAt: opts.at
    }))
  );
}
