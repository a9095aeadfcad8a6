import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { outbox } from '../../server/db/schema.ts';
import { relayEmailsOnce } from '../../server/outbound/relay.ts';
import { auditOf } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

async function failedEmail(t: TestContext) {
  const [row] = await t.db
    .insert(outbox)
    .values({
      kind: 'email',
      topic: 'return.approved',
      recipient: 'lea@example.com',
      payload: { to: 'lea@example.com', subject: 'Your return', text: 'Hello', html: '<p>Hello</p>' },
      status: 'failed',
      attempts: 8,
      lastError: '550 Mailbox unavailable',
      createdAt: t.clock.now,
      nextAttemptAt: t.clock.now
    })
    .returning();
  return row!;
}

describe('sending a failed email again', () => {
  it('lets an admin put a failed email back to the relay with its attempts reset, audited, and the relay sends it', async ({
    admin,
    adminMember,
    t
  }) => {
    const row = await failedEmail(t);
    t.advance(60_000);
    const res = await admin.post(`/api/staff/emails/${row.id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body.email).toMatchObject({ id: row.id, status: 'pending', attempts: 0, lastError: null });
    const [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: t.clock.now });
    expect(await auditOf(t.db, 'email', row.id)).toMatchObject([
      { actorType: 'staff', actorId: adminMember.id, action: 'retried', changes: { status: ['failed', 'pending'], attempts: [8, 0] } }
    ]);

    const mailer = createTransport({ jsonTransport: true });
    await relayEmailsOnce(t.db, mailer, { from: 'shop@example.com', now: () => t.clock.now, messageIdHost: 'reprise.test' });
    const [sent] = await t.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('refuses staff who are not admins (403), an email that has not failed (409) and an unknown one (404)', async ({ admin, staff, t }) => {
    const row = await failedEmail(t);
    const refused = await staff.post(`/api/staff/emails/${row.id}/retry`);
    expect(refused.status).toBe(403);
    expect((await t.db.select().from(outbox).where(eq(outbox.id, row.id)))[0]).toMatchObject({ status: 'failed', attempts: 8 });

    expect((await admin.post(`/api/staff/emails/${row.id}/retry`)).status).toBe(200);
    const again = await admin.post(`/api/staff/emails/${row.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'email_not_failed', fields: { status: 'pending' } });
    expect((await admin.post('/api/staff/emails/999999999/retry')).status).toBe(404);
  });
});
