import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/client.ts';
import { outbox } from '../../server/db/schema.ts';
import { createLogger } from '../../server/http/log.ts';
import { startWebhookRelay } from '../../server/outbound/relay.ts';
import { Agent, ORIGIN, setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder, PASSWORD } from '../helpers/fixtures.ts';
import { linkBody, portalLink } from '../helpers/links.ts';

const SECRET = 'log-test-shop-secret-0123456789abcdef';

/** A log destination the test can read: every line pino writes, parsed. */
function memoryLog() {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    text: () => lines.join(''),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  };
}

let t: TestContext;
const log = memoryLog();
beforeAll(async () => {
  t = await setupApp(
    { SHOP_SECRET: SECRET, LOG_REQUESTS: 'true' },
    { logger: createLogger({ level: 'info', destination: log.destination }) }
  );
});
afterAll(() => t.close());

describe('request logs', () => {
  it('one JSON line per request with level, time, request id, method, route pattern, status and duration; the id is answered as X-Request-Id', async () => {
    const res = await t.agent().get('/api/returns/R-404');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = log.entries().find((e) => e.requestId === id);
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', route: '/api/returns/:number', status: 401 });
    expect(typeof line!.ms).toBe('number');
    expect(Date.parse(String(line!.time))).not.toBeNaN();
  });

  it('never logs a password, a session cookie, a signed link, SHOP_SECRET or a body', async () => {
    const customer = await createCustomer(t.db);
    const { order } = await createOrder(t.db, customer, { now: t.clock.now });
    const agent = t.agent();
    expect((await agent.post('/api/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(200);
    const session = [...agent.cookies.values()][0]!;
    const link = portalLink(t, order.number);
    expect((await t.agent().post('/api/auth/order-link', linkBody(link))).status).toBe(200);
    const text = log.text();
    expect(text).toContain('/api/auth/order-link');
    for (const secret of [PASSWORD, session, link.searchParams.get('sig')!, SECRET, customer.email]) expect(text).not.toContain(secret);
  });

  it('keeps an incoming X-Request-Id only behind a trusted proxy', async () => {
    const plain = await t.agent().get('/api/shop', { 'x-request-id': 'from-outside-1' });
    expect(plain.headers.get('x-request-id')).not.toBe('from-outside-1');
    const proxied = await setupApp({ TRUST_PROXY: 'true' });
    try {
      const kept = await proxied.agent().get('/api/shop', { 'x-request-id': 'from-proxy-1' });
      expect(kept.headers.get('x-request-id')).toBe('from-proxy-1');
      const odd = await proxied.agent().get('/api/shop', { 'x-request-id': 'bad id\twith spaces' });
      expect(odd.headers.get('x-request-id')).not.toContain(' ');
    } finally {
      await proxied.close();
    }
  });

  it('a 5xx answer carries the request id of its error log line, and no detail of the failure', async () => {
    const out = memoryLog();
    const broken = new Proxy({} as Db, {
      get() {
        throw new Error('boom: the secret detail');
      }
    });
    const app = createApp(
      { db: broken, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() },
      { logger: createLogger({ destination: out.destination }) }
    );
    const res = await new Agent(app).get('/api/shop');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(JSON.stringify(res.body)).not.toContain('boom');
    const line = out.entries().find((e) => e.level === 'error');
    expect(line).toMatchObject({ requestId: res.body.error.requestId, msg: 'internal error', route: '/api/shop' });
  });

  it('without LOG_REQUESTS no request line is written, but requests still get an id', async () => {
    const out = memoryLog();
    const app = createApp(
      { db: t.db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() },
      { logger: createLogger({ destination: out.destination }) }
    );
    const res = await new Agent(app).get('/api/shop');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(out.entries()).toEqual([]);
  });

  it('each failed webhook attempt logs one line with the outbox id and the error, and is counted', async () => {
    const out = memoryLog();
    const counted: number[] = [];
    const [row] = await t.db
      .insert(outbox)
      .values({
        kind: 'webhook',
        topic: 'return.created',
        payload: { id: 'evt_log_1', type: 'return.created', data: {} },
        nextAttemptAt: new Date(0)
      })
      .returning({ id: outbox.id });
    // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
    const relay = startWebhookRelay(t.db, {
      url: 'http://127.0.0.1:9/hook',
      secret: SECRET,
      intervalMs: 20,
      logger: createLogger({ destination: out.destination }),
      // What the server counts in /metrics (reprise_outbox_delivery_failures_total{kind="webhook"}).
      onFailure: (f) => counted.push(f.outboxId)
    });
    try {
      await expect
        .poll(() => out.entries().filter((e) => e.msg === 'webhook attempt failed').length, { timeout: 10_000 })
        .toBeGreaterThan(0);
    } finally {
      await relay.stop();
    }
    const line = out.entries().find((e) => e.msg === 'webhook attempt failed')!;
    expect(line).toMatchObject({ level: 'warn', outboxId: row!.id, kind: 'webhook', attempt: 1, gaveUp: false });
    expect(String(line.error)).toMatch(/ECONNREFUSED|fetch failed/);
    // Each failure logged is also counted: the metrics saw none before (the relay only logged it).
    expect(counted).toContain(row!.id);
  });
});
