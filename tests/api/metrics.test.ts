import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp({ METRICS_TOKEN: TOKEN });
});
afterAll(() => t.close());

const scrape = (token = TOKEN) => t.agent().get<string>('/metrics', { authorization: `Bearer ${token}` });

/** The value of one sample line, e.g. sample(text, 'reprise_outbox_messages{kind="email",status="pending"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('is hidden without METRICS_TOKEN', async () => {
    const plain = await setupApp();
    try {
      expect((await plain.agent().get('/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('refuses a missing or wrong bearer token', async () => {
    expect((await t.agent().get('/metrics')).status).toBe(401);
    const wrong = await scrape('not-the-token-at-all-000000');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('counts requests by route pattern and status, 429s included, in Prometheus text', async () => {
    await t.agent().get('/api/shop');
    await t.agent().get('/api/returns/R-1');
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = res.body;
    expect(sample(text, 'reprise_http_requests_total{method="GET",route="/api/shop",status="200"}')).toBe(1);
    // The pattern, never the number itself: labels stay bounded.
    expect(sample(text, 'reprise_http_requests_total{method="GET",route="/api/returns/:number",status="401"}')).toBe(1);
    expect(text).not.toContain('R-1');
    expect(text).toContain('reprise_http_request_duration_seconds_bucket');
  });

  it('reports the outbox: pending and failed by kind, and the age of the oldest pending', async () => {
    const old = new Date(Date.now() - 600_000);
    await t.db.insert(outbox).values([
      { kind: 'email', topic: 'test', recipient: 'a@example.com', payload: {}, createdAt: old },
      { kind: 'email', topic: 'test', recipient: 'b@example.com', payload: {} },
      { kind: 'webhook', topic: 'test', payload: {}, status: 'failed' }
    ]);
    const text = (await scrape()).body;
    expect(sample(text, 'reprise_outbox_messages{kind="email",status="pending"}')).toBe(2);
    expect(sample(text, 'reprise_outbox_messages{kind="webhook",status="failed"}')).toBe(1);
    expect(sample(text, 'reprise_outbox_messages{kind="webhook",status="pending"}')).toBe(0);
    expect(sample(text, 'reprise_outbox_oldest_pending_age_seconds{kind="email"}')).toBeGreaterThanOrEqual(590);
    expect(sample(text, 'reprise_outbox_oldest_pending_age_seconds{kind="webhook"}')).toBe(0);
  });
});
