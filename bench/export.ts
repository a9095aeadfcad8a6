/**
 * The Insights' CSV exports of the last 90 and 365 days (the latter every bench return), through the
 * app in-process: rows, bytes, time, and how far the process's heap grew while each streamed. The
 * export holds one batch of returns, never the whole file: the heap's growth (garbage not yet
 * collected included) is about the same for four times the rows.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';
import { silentLogger } from '../server/http/log.ts';

export type ExportFigures = { kind: string; days: number; rows: number; bytes: number; ms: number; heapGrowthMb: number };

export async function measureExports(url: string, cookie: string): Promise<ExportFigures[]> {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  const origin = 'http://127.0.0.1';
  const app = createApp({ db, config: loadConfig({ PUBLIC_URL: origin }), now: () => new Date() }, { logger: silentLogger() });
  const out: ExportFigures[] = [];
  // 90 then 365 days: bounded memory is a heap that does not grow with four times the rows.
  for (const [kind, days] of [
    ['returns', 90],
    ['returns', 365],
    ['lines', 90],
    ['lines', 365]
  ] as const) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const t0 = performance.now();
    const res = await app.request(`${origin}/api/staff/insights/export/${kind}.csv?days=${days}`, {
      headers: { cookie, 'sec-fetch-site': 'same-origin' }
    });
    if (res.status !== 200) throw new Error(`export ${kind}: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let rows = 0;
    let chunks = 0;
    for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (const b of chunk) if (b === 10) rows++;
      // With --expose-gc (npm run bench), what is still held after a collection, not garbage waiting for one.
      if (++chunks % 10 === 0) globalThis.gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    out.push({ kind, days, rows: rows - 1, bytes, ms: performance.now() - t0, heapGrowthMb: (peak - before) / 1024 / 1024 });
  }
  await client.end();
  return out;
}
