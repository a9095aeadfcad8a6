/**
 * EXPLAIN of every statement Reprise runs for the hot requests: the requests go through the app
 * in-process on a postgres.js client whose `debug` hook records each statement and its parameters.
 * Each statement is explained twice: with its parameters' values (the plan of its first runs), and
 * as the generic plan PostgreSQL may keep for a prepared statement after five runs (postgres.js
 * prepares every statement). PostgreSQL keeps the generic plan when it looks no costlier than
 * planning again; one that scans a big table means the statement is planned anew at every run (the
 * staff queue was, until its `limit $1`, which told the planner nothing of the page's size, became
 * a constant: 0.17× → 0.65× the orders page).
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

/** `seqScans`: in the plan for the statement's values (a failure); `genericSeqScans`: in its generic plan. */
export type Plan = { request: string; statement: string; plan: string; seqScans: string[]; genericSeqScans: string[] };

const seqScansIn = (plan: string) => BIG_TABLES.filter((t) => new RegExp(`Seq Scan on ${t}\\b`).test(plan));

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
  const generic = postgres(url, { max: 1, onnotice: () => {}, connection: { plan_cache_mode: 'force_generic_plan' } });
  const lines = (rows: postgres.Row[]) => rows.map((row) => row['QUERY PLAN']).join('\n');
  // EXPLAIN with bound values plans for those values; only EXPLAIN EXECUTE of a prepared statement
  // shows the generic plan (PostgreSQL 16's EXPLAIN (GENERIC_PLAN) is not in 15). The values are
  // nulls: a generic plan does not look at them.
  const genericPlan = async (s: { query: string; params: unknown[] }) => {
    await generic.unsafe(`prepare bench_generic as ${s.query}`);
    try {
      return lines(await generic.unsafe(`explain execute bench_generic(${s.params.map(() => 'null').join(', ')})`));
    } finally {
      await generic.unsafe('deallocate bench_generic');
    }
  };
  for (const r of requests) {
    seen = [];
    const res = await app.request(`${origin}${r.path}`, { headers: { cookie: r.cookie } });
    if (res.status !== 200) throw new Error(`${r.label}: ${res.status} ${await res.text()}`);
    for (const s of seen) {
      if (!/^\s*(select|with|update|delete)/i.test(s.query)) continue;
      const plan = lines(await explainer.unsafe(`explain ${s.query}`, s.params as never[]));
      const kept = s.params.length ? await genericPlan(s) : plan;
      plans.push({
        request: r.label,
        statement: s.query,
        plan: kept === plan ? plan : `${plan}\n\nGeneric plan:\n${kept}`,
        seqScans: seqScansIn(plan),
        genericSeqScans: seqScansIn(kept)
      });
    }
  }
  await client.end();
  await explainer.end();
  await generic.end();
  return plans;
}
