/**
 * EXPLAIN of every statement Reprise runs for the hot requests: the requests go through the app
 * in-process on a postgres.js client whose `debug` hook records each statement and its parameters.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';
import { silentLogger } from '../server/http/log.ts';

/** Tables that grow with the shop: a sequential scan of one of them is a failure. */
export const BIG_TABLES = ['orders', 'order_lines', 'returns', 'customers'];

export type Plan = { request: string; statement: string; plan: string; seqScans: string[] };

export async function explainRequests(url: string, requests: { label: string; path: string; cookie: string }[]): Promise<Plan[]> {
  let seen: { query: string; params: unknown[] }[] = [];
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_c, query, params) => seen.push({ query, params: params as unknown[] })
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  const origin = 'http://127.0.0.1';
  const app = createApp({ db, config: loadConfig({ PUBLIC_URL: origin }), now: () => new Date() }, { logger: silentLogger() });
  const plans: Plan[] = [];
  const explainer = postgres(url, { max: 1, onnotice: () => {} });
  for (const r of requests) {
    seen = [];
    const res = await app.request(`${origin}${r.path}`, { headers: { cookie: r.cookie } });
    if (res.status !== 200) throw new Error(`${r.label}: ${res.status} ${await res.text()}`);
    for (const s of seen) {
      if (!/^\s*(select|with|update|delete)/i.test(s.query)) continue;
      const rows = await explainer.unsafe(`explain ${s.query}`, s.params as never[]);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      const seqScans = BIG_TABLES.filter((t) => new RegExp(`Seq Scan on ${t}\\b`).test(plan));
      plans.push({ request: r.label, statement: s.query, plan, seqScans });
    }
  }
  await client.end();
  await explainer.end();
  return plans;
}
