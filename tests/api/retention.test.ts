import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../server/db/schema.ts';
import { purgeExpired } from '../../server/maintenance/purge.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { signInStaff } from '../helpers/sign-in.ts';

const DAY = 86_400_000;

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

async function queued(values: Partial<typeof outbox.$inferInsert> & { kind: 'email' | 'webhook'; daysAgo: number }) {
  const createdAt = new Date(t.clock.now.getTime() - values.daysAgo * DAY);
  const email = {
    to: 'jeanne@example.com',
    subject: 'Your return R-1001',
    text: 'Bonjour Jeanne, 12 rue des Lilas',
    html: '<p>Bonjour Jeanne</p>'
  };
  const event = { id: 'evt_1', type: 'return.created', data: { customer: { email: 'jeanne@example.com' } } };
  const [row] = await t.db
    .insert(outbox)
    .values({
      topic: 'return.approved',
      status: 'sent',
      payload: values.kind === 'email' ? email : event,
      recipient: null,
      ...values,
      createdAt
    })
    .returning({ id: outbox.id });
  return row!.id;
}
const payloadOf = async (id: number) =>
  (await t.db.select({ p: outbox.payload }).from(outbox).where(eq(outbox.id, id)))[0]!.p as Record<string, unknown>;

describe('data kept only as long as needed (RETENTION_DAYS)', () => {
  it('replaces the bodies of sent emails and delivered webhooks older than the retention by a marker, keeping their metadata', async () => {
    const oldSent = await queued({ kind: 'email', daysAgo: 91, recipient: 'jeanne@example.com' });
    const oldFailed = await queued({ kind: 'email', daysAgo: 120, status: 'failed' });
    const recent = await queued({ kind: 'email', daysAgo: 89 });
    const oldPending = await queued({ kind: 'email', daysAgo: 100, status: 'pending' });
    const oldWebhook = await queued({ kind: 'webhook', daysAgo: 95, topic: 'return.created' });
    const acknowledgement = await queued({ kind: 'email', daysAgo: 400, topic: 'withdrawal.acknowledgement' });

    const purged = await purgeExpired(t.db, t.clock.now, { retentionDays: 90 });
    expect(purged.deliveredBodies).toBe(2);

    expect(await payloadOf(oldSent)).toEqual({ to: 'jeanne@example.com', subject: 'Your return R-1001', purged: true });
    expect(await payloadOf(oldWebhook)).toEqual({ id: 'evt_1', type: 'return.created', purged: true });
    // Not yet old enough, not sent yet, failed (an admin may send it again), or the withdrawal acknowledgement the law asks to keep: whole.
    for (const id of [recent, oldPending, oldFailed, acknowledgement]) expect((await payloadOf(id)).text ?? (await payloadOf(id)).data).toBeTruthy();

    // Once is enough: a second run finds nothing left to purge.
    expect((await purgeExpired(t.db, t.clock.now, { retentionDays: 90 })).deliveredBodies).toBe(0);
  });

  it('staff still see a purged email in the list, and its page says the body was deleted', async () => {
    const id = await queued({ kind: 'email', daysAgo: 200, recipient: 'paul@example.com' });
    await purgeExpired(t.db, t.clock.now, { retentionDays: 90 });
    const { agent } = await signInStaff(t);
    const list = await agent.get('/api/staff/emails');
    expect(list.body.emails.find((e: { id: number }) => e.id === id)).toMatchObject({
      recipient: 'paul@example.com',
      subject: 'Your return R-1001'
    });
    const detail = await agent.get(`/api/staff/emails/${id}`);
    expect(detail.body.email).toMatchObject({ purged: true, text: '' });
  });
});
