import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.ts';

/** The process's Prometheus metrics; one registry per app (no global state, so tests build their own). */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(db: Db) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'reprise_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status (429s are the rate limits at work).',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry]
  });
  const duration = new Histogram({
    name: 'reprise_http_request_duration_seconds',
    help: 'Time to answer, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry]
  });
  const databaseErrors = new Counter({
    name: 'reprise_database_unavailable_total',
    help: 'Requests answered 503 because the database could not be reached.',
    registers: [registry]
  });
  const deliveryFailures = new Counter({
    name: 'reprise_outbox_delivery_failures_total',
    help: 'Failed attempts to send an email or a webhook, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry]
  });
  const outboxRows = new Gauge({
    name: 'reprise_outbox_messages',
    help: 'Emails and webhooks waiting to be sent (pending) or given up (failed), by kind.',
    labelNames: ['kind', 'status'] as const,
    registers: [registry]
  });
  const oldestPending = new Gauge({
    name: 'reprise_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest email or webhook still waiting to be sent, by kind (0 when none waits).',
    labelNames: ['kind'] as const,
    registers: [registry]
  });
  /** Reads the outbox once per scrape, through its (status, next_attempt_at) index: sent rows are never counted. */
  async function scrape(): Promise<string> {
    const rows = await outboxSummary(db);
    outboxRows.reset();
    oldestPending.reset();
    for (const kind of ['email', 'webhook']) {
      for (const status of ['pending', 'failed']) outboxRows.set({ kind, status }, 0);
      oldestPending.set({ kind }, 0);
    }
    for (const row of rows) {
      outboxRows.set({ kind: row.kind, status: row.status }, row.n);
      if (row.status === 'pending') oldestPending.set({ kind: row.kind }, Math.max(0, row.oldestAgeSeconds));
    }
    return registry.metrics();
  }
  return { registry, scrape, requests, duration, databaseErrors, deliveryFailures };
}

type OutboxSummaryRow = { kind: string; status: string; n: number; oldestAgeSeconds: number };

async function outboxSummary(db: Db): Promise<OutboxSummaryRow[]> {
  const result = await db.execute(sql`
    select kind, status, count(*)::int as n,
           coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as "oldestAgeSeconds"
    from outbox where status in ('pending', 'failed') group by kind, status`);
  // postgres.js answers the rows as an array, PGlite as { rows }.
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as OutboxSummaryRow[];
  return rows.map((r) => ({ ...r, n: Number(r.n), oldestAgeSeconds: Number(r.oldestAgeSeconds) }));
}

/** Counts each answered request under its route pattern (bounded labels: never the URL itself). */
export function recordRequests(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const stop = metrics.duration.startTimer();
    await next();
    const route = routePath(c);
    stop({ method: c.req.method, route });
    metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  };
}

/** True when `header` is `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
