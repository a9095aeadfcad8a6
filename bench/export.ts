/**
 * The Insights' CSV export of every return of the last 365 days (all the bench's returns), through
 * the app in-process: its rows, bytes and time, and how far the process's heap grew while it streamed
 * (the export holds one batch of returns, never the whole file).
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';
import { silentLogger } from '../server/http/log.ts';

export type ExportFigures = { kind: string; rows: number; bytes: number; ms: number; heapGrowthMb: number };

export async function measureExports(url: string, cookie: string): Promise<ExportFigures[]> {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  const origin = 'http://127.0.0.1';
  const app = createApp({ db, config: loadConfig({ PUBLIC_URL: origin }), now: () => new Date() }, { logger: silentLogger() });
  const out: ExportFigures[] = [];
  for (const kind of ['returns', 'lines']) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const t0 = performance.now();
    const res = await app.request(`${origin}/api/staff/insights/export/${kind}.csv?days=365`, {
      headers: { cookie, 'sec-fetch-site': 'same-origin' }
    });
    if (res.status !== 200) throw new Error(`export ${kind}: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let rows = 0;
    for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (const b of chunk) if (b === 10) rows++;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    out.push({ kind, rows: rows - 1, bytes, ms: performance.now() - t0, heapGrowthMb: (peak - before) / 1024 / 1024 });
  }
  await client.end();
  return out;
}
