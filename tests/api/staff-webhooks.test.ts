import { createServer, type Server } from 'node:http';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, outbox } from '../../server/db/schema.ts';
import { MAX_ATTEMPTS, relayWebhooksOnce } from '../../server/outbound/relay.ts';
import type { Agent, TestContext } from '../helpers/app.ts';
import { customerOrder, lineInput, signInStaff, staffCreate, staffSuite, type Ids } from '../helpers/staff.ts';

const SECRET = 'webhook-secret-for-tests-0123456789abcd';

/** The shop's endpoint: answers `status.next` to every event. */
async function endpoint() {
  const state = { next: 500 };
  const server: Server = createServer((req, res) => {
    req
      .resume()
      .on('end', () => res.writeHead(state.next, { 'content-type': 'text/plain' }).end(state.next === 200 ? 'ok' : 'shop is down'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, state, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks` };
}

let shop: Awaited<ReturnType<typeof endpoint>>;
let t: TestContext;
let ids: Ids;
let admin: Agent;
beforeAll(async () => {
  shop = await endpoint();
  ({ t, ids, admin } = await staffSuite({ SHOP_SECRET: SECRET, WEBHOOK_URL: shop.url }));
});
afterAll(async () => {
  await new Promise<void>((r) => shop.server.close(() => r()));
  await t.close();
});

const relay = () => relayWebhooksOnce(t.db, { url: shop.url, secret: SECRET, now: () => t.clock.now });

describe('webhook deliveries, seen by staff', () => {
  it('an endpoint answering 500 shows at once (list and dashboard banner); given up, an admin sends it again and a 200 clears it', async () => {
    const { order, lines } = await customerOrder(t);
    await staffCreate(admin, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const { agent: staff } = await signInStaff(t);
    expect((await staff.get('/api/staff/webhooks/health')).body).toMatchObject({ failing: false });

    shop.state.next = 500;
    expect(await relay()).toMatchObject({ sent: 0, failed: 1 });
    const list = await admin.get('/api/staff/webhooks');
    expect(list.status).toBe(200);
    const [event] = list.body.webhooks;
    expect(event).toMatchObject({ type: 'return.created', status: 'pending', attempts: 1, lastError: 'HTTP 500: shop is down' });
    expect(event.eventId).toMatch(/^evt_/);
    expect(JSON.stringify(list.body)).not.toContain(order.email); // the payload, which names the customer, is not listed
    expect((await staff.get('/api/staff/webhooks/health')).body).toMatchObject({
      failing: true,
      retrying: 1,
      failed: 0,
      lastError: 'HTTP 500: shop is down'
    });

    // Staff see the banner; only admins see the list and may send again.
    expect((await staff.get('/api/staff/webhooks')).status).toBe(403);
    expect((await admin.post(`/api/staff/webhooks/${event.id}/retry`)).body.error.code).toBe('webhook_not_failed');

    await t.db.update(outbox).set({ status: 'failed', attempts: MAX_ATTEMPTS.webhook }).where(eq(outbox.id, event.id));
    expect((await staff.get('/api/staff/webhooks/health')).body).toMatchObject({ failing: true, failed: 1 });
    expect((await staff.post(`/api/staff/webhooks/${event.id}/retry`)).status).toBe(403);
    const retried = await admin.post(`/api/staff/webhooks/${event.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.webhook).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, 'webhook'), eq(auditEvents.action, 'retried')));
    expect(audit?.entityId).toBe(String(event.id));

    shop.state.next = 200;
    expect(await relay()).toMatchObject({ sent: 1, failed: 0 });
    expect((await admin.get('/api/staff/webhooks')).body.webhooks[0]).toMatchObject({ id: event.id, status: 'sent' });
    expect((await staff.get('/api/staff/webhooks/health')).body).toMatchObject({ failing: false, failed: 0, retrying: 0 });
  });
});
