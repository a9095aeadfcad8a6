import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { outbox } from '../../server/db/schema.ts';
import { backoffMs, relayWebhooksOnce } from '../../server/outbound/relay.ts';
import { setupApp, type Agent, type TestContext } from '../helpers/app.ts';
import {
  catalogIds,
  customerOrder,
  detail,
  lineInput,
  save,
  signInShopper,
  signInStaff,
  staffCreate,
  staffSuite,
  stockOf,
  type Ids
} from '../helpers/staff.ts';

const SECRET = 'webhook-secret-for-tests-0123456789abcd';

/** A line of `return.created` for a refund of `quantity` units of an order line (size M) for `reason`. */
const createdLine = (line: { sku: string; productName: string }, quantity: number, reason: string) => ({
  sku: line.sku,
  name: line.productName,
  variant: 'M',
  quantity,
  reason,
  reasonText: null,
  action: 'refund'
});

type Hit = { headers: IncomingHttpHeaders; body: string; status: number };

/** A real HTTP receiver on a free port: answers `plan` statuses in turn (then 200), or never answers while `hang` is set. */
async function startReceiver() {
  const hits: Hit[] = [];
  const state = { plan: [] as number[], hang: false };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      if (state.hang) return; // the relay gives up waiting
      const status = state.plan.shift() ?? 200;
      hits.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}/hooks/reprise`, hits, state };
}

/**
 * What the shop is told to do: recompute the HMAC of "webhook.<t>.<raw body>" and compare in constant time, within 5 minutes.
 * `asPush` checks it the way a push is signed ("<t>.<raw body>"), which must never match: a webhook is no push.
 */
function verify(hit: Hit, now: Date, asPush = false) {
  const header = String(hit.headers['reprise-signature']);
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', SECRET)
    .update(`${asPush ? '' : 'webhook.'}${parts.t}.${hit.body}`)
    .digest();
  const fresh = Math.abs(Math.floor(now.getTime() / 1000) - Number(parts.t)) <= 300;
  return fresh && timingSafeEqual(expected, Buffer.from(parts.v1!, 'hex'));
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let t: TestContext;
let ids: Ids;
let admin: Agent;
let adminStaff: { name: string; email: string };
beforeAll(async () => {
  receiver = await startReceiver();
  ({ t, ids, admin, adminMember: adminStaff } = await staffSuite({ SHOP_SECRET: SECRET, WEBHOOK_URL: receiver.url }));
});
afterAll(async () => {
  await new Promise<void>((r) => receiver.server.close(() => r()));
  await t.close();
});
afterEach(async () => {
  receiver.hits.length = 0;
  receiver.state.plan = [];
  receiver.state.hang = false;
  await t.db.delete(outbox);
});

const relay = (timeoutMs?: number) => relayWebhooksOnce(t.db, { url: receiver.url, secret: SECRET, now: () => t.clock.now, timeoutMs });
const webhookRows = () => t.db.select().from(outbox).where(eq(outbox.kind, 'webhook')).orderBy(outbox.id);
const events = () =>
  receiver.hits.map((h) => JSON.parse(h.body) as { id: string; type: string; createdAt: string; data: Record<string, any> });

describe('webhooks', () => {
  it('sends return.created, return.state_changed and stock.adjusted, signed, with an event id, in the order they happened', async () => {
    const { customer, order, lines, variants } = await customerOrder(t, { lines: [{ quantity: 3 }, { quantity: 2 }] });
    const shopper = await signInShopper(t, customer);
    const created = await shopper.post('/api/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 2), lineInput(ids, lines[1]!.id, 1, 'defective')],
      comment: 'Too small'
    });
    expect(created.status).toBe(201);
    const number = created.body.return.number as string;
    // Only the event is written, in the same transaction as the return: nothing is sent yet.
    expect((await webhookRows()).map((r) => r.topic)).toEqual(['return.created']);
    expect(receiver.hits).toHaveLength(0);

    let ret = await detail(admin, number);
    let res = await save(admin, number, { version: ret.version, state: 'approved', staffNote: 'SECRET-NOTE customer is a regular' });
    expect(res.status).toBe(200);
    ret = await detail(admin, number);
    const stockBefore = await stockOf(t.db, variants[0]!.id);
    // Line 1 restocked (explicitly), line 2 not (the "defective" reason's default).
    res = await save(admin, number, { version: ret.version, state: 'received', restock: { [ret.lines[0].id]: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stockBefore + 2);

    expect(await relay()).toEqual({ sent: 4, failed: 0 });
    expect(events().map((e) => e.type)).toEqual(['return.created', 'return.state_changed', 'return.state_changed', 'stock.adjusted']);
    for (const hit of receiver.hits) {
      expect(verify(hit, t.clock.now)).toBe(true);
      expect(verify(hit, t.clock.now, true)).toBe(false);
      expect(hit.headers['content-type']).toBe('application/json');
      const body = JSON.parse(hit.body);
      expect(hit.headers['reprise-event-id']).toBe(body.id);
      expect(hit.headers['reprise-event-type']).toBe(body.type);
      expect(body.createdAt).toBe(t.clock.now.toISOString());
      // Never the staff note, nor who on staff did it.
      expect(hit.body).not.toContain('SECRET-NOTE');
      expect(hit.body).not.toContain(adminStaff.email);
      expect(hit.body).not.toContain(adminStaff.name);
    }
    const [createdEvt, approvedEvt, receivedEvt, stockEvt] = events();
    expect(createdEvt!.data).toEqual({
      returnNumber: number,
      orderNumber: order.number,
      state: 'requested',
      createdBy: 'customer',
      customerEmail: customer.email,
      comment: 'Too small',
      lines: [createdLine(lines[0]!, 2, 'wrong_size'), createdLine(lines[1]!, 1, 'defective')]
    });
    expect(approvedEvt!.data).toEqual({ returnNumber: number, orderNumber: order.number, from: 'requested', to: 'approved' });
    expect(receivedEvt!.data).toEqual({ returnNumber: number, orderNumber: order.number, from: 'approved', to: 'received' });
    expect(stockEvt!.data).toEqual({ sku: variants[0]!.sku, units: 2, returnNumber: number, orderNumber: order.number });
    expect(new Set(events().map((e) => e.id)).size).toBe(4);

    // Delivered once: another pass sends nothing.
    expect(await relay()).toEqual({ sent: 0, failed: 0 });
    expect((await webhookRows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('a staff return created at "received" sends return.created then stock.adjusted; a shopper cancel sends the state change', async () => {
    const { customer, order, lines, variants } = await customerOrder(t, { lines: [{ quantity: 2 }, { quantity: 2 }] });
    await staffCreate(admin, {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 1)],
      state: 'received',
      override: false,
      staffNote: 'SECRET-NOTE',
      notify: false,
      restock: { [lines[0]!.id]: true }
    });
    const shopper = await signInShopper(t, customer);
    const mine = await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[1]!.id, 1)] });
    expect(mine.status).toBe(201);
    expect((await shopper.post(`/api/returns/${mine.body.return.number}/cancel`)).status).toBe(200);

    await relay();
    expect(events().map((e) => [e.type, e.data.returnNumber])).toEqual([
      ['return.created', `R-${order.number}-1`],
      ['stock.adjusted', `R-${order.number}-1`],
      ['return.created', `R-${order.number}-2`],
      ['return.state_changed', `R-${order.number}-2`]
    ]);
    expect(events()[0]!.data).toMatchObject({ state: 'received', createdBy: 'staff' });
    expect(events()[1]!.data).toMatchObject({ sku: variants[0]!.sku, units: 1 });
    expect(events()[3]!.data).toMatchObject({ from: 'requested', to: 'cancelled' });
    expect(receiver.hits.map((h) => h.body).join()).not.toContain('SECRET-NOTE');
  });

  it('retries after a 500 with backoff, then delivers the event once, with the same event id', async () => {
    const { customer, order, lines } = await customerOrder(t);
    const shopper = await signInShopper(t, customer);
    expect((await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] })).status).toBe(201);
    const [row] = await webhookRows();

    receiver.state.plan = [500];
    expect(await relay()).toEqual({ sent: 0, failed: 1 });
    let [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(stored).toMatchObject({ status: 'pending', attempts: 1 });
    expect(stored!.lastError).toBe('HTTP 500: receiver is down');
    expect(stored!.nextAttemptAt.getTime()).toBe(t.clock.now.getTime() + backoffMs(1));

    expect(await relay()).toEqual({ sent: 0, failed: 0 }); // not due yet
    expect(receiver.hits).toHaveLength(1);
    t.advance(backoffMs(1));
    expect(await relay()).toEqual({ sent: 1, failed: 0 });
    [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(stored).toMatchObject({ status: 'sent', attempts: 2, lastError: null });

    expect(receiver.hits.map((h) => h.status)).toEqual([500, 200]);
    expect(receiver.hits[0]!.headers['reprise-event-id']).toBe(receiver.hits[1]!.headers['reprise-event-id']);
    // Each attempt is signed when it is sent.
    expect(verify(receiver.hits[1]!, t.clock.now)).toBe(true);
    expect(await relay()).toEqual({ sent: 0, failed: 0 });
    expect(receiver.hits).toHaveLength(2);
  });

  it('counts a receiver that does not answer in time, or a redirect, as a failed attempt', async () => {
    const { customer, order, lines } = await customerOrder(t);
    const shopper = await signInShopper(t, customer);
    expect((await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] })).status).toBe(201);
    receiver.state.hang = true;
    expect(await relay(300)).toEqual({ sent: 0, failed: 1 });
    let [stored] = await webhookRows();
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timed out' });

    receiver.state.hang = false;
    receiver.state.plan = [302];
    t.advance(backoffMs(1));
    expect(await relay()).toEqual({ sent: 0, failed: 1 });
    [stored] = await webhookRows();
    expect(stored).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 302: receiver is down' });
  });

  it('writes no webhook rows when WEBHOOK_URL is not set (emails are unaffected)', async () => {
    const quiet = await setupApp({ SHOP_SECRET: SECRET });
    try {
      const qIds = await catalogIds(quiet.db);
      const { customer, order, lines } = await customerOrder(quiet);
      const shopper = await signInShopper(quiet, customer);
      const created = await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(qIds, lines[0]!.id)] });
      expect(created.status).toBe(201);
      const staff = (await signInStaff(quiet, 'admin')).agent;
      const number = created.body.return.number;
      let ret = await detail(staff, number);
      expect((await save(staff, number, { version: ret.version, state: 'approved' })).status).toBe(200);
      ret = await detail(staff, number);
      expect((await save(staff, number, { version: ret.version, state: 'received', restock: { [ret.lines[0].id]: true } })).status).toBe(
        200
      );
      const rows = await quiet.db.select().from(outbox);
      expect(rows.filter((r) => r.kind === 'webhook')).toEqual([]);
      expect(rows.filter((r) => r.kind === 'email').length).toBeGreaterThan(0);
    } finally {
      await quiet.close();
    }
  });

  it('are not listed among the staff emails', async () => {
    const { customer, order, lines } = await customerOrder(t);
    const shopper = await signInShopper(t, customer);
    await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const list = await admin.get('/api/staff/emails');
    expect(list.body.emails.length).toBeGreaterThan(0);
    expect(list.body.emails.every((e: { topic: string }) => e.topic !== 'return.created')).toBe(true);
  });
});

describe('WEBHOOK_URL configuration', () => {
  it('must be an http(s) URL and needs SHOP_SECRET', () => {
    expect(() => loadConfig({ WEBHOOK_URL: 'ftp://shop.example/hooks', SHOP_SECRET: SECRET })).toThrow(
      /WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL/
    );
    expect(() => loadConfig({ WEBHOOK_URL: 'https://shop.example/hooks' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_URL: 'https://shop.example/hooks' })).toThrow(/WEBHOOK_URL: needs SHOP_SECRET/);
    expect(loadConfig({ WEBHOOK_URL: 'https://shop.example/hooks', SHOP_SECRET: SECRET }).webhookUrl).toBe('https://shop.example/hooks');
    expect(loadConfig({}).webhookUrl).toBeUndefined();
  });
});
