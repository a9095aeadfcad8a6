/** The bench's figures beside issue 8's targets, as printed and as written to docs/benchmarks.md. */
import type { Figures } from './load.ts';
import type { Plan } from './explain.ts';
import type { ExportFigures } from './export.ts';
import type { FirstLoad } from './wire.ts';

export type Row = { label: string; target: string; reprise: Figures; baseline?: Figures };

type Report = {
  machine: Record<string, string | number>;
  scale: number;
  counts: Record<string, number>;
  seedSeconds: number | null;
  seconds: number;
  rounds: number;
  connections: number;
  rows: Row[];
  memory: { idleMb: number; peakMb: number };
  coldStartMs: { first: number; migrated: number };
  wire: FirstLoad;
  embedded: { newMs: number; reopenMs: number; idleMb: number };
  plans: Plan[];
  exports: ExportFigures[];
  mismatches: string[];
};

const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const n0 = (x: number) => x.toFixed(0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const n2 = (x: number) => x.toFixed(2);

/** Reprise's CPU per request over the baseline's (shown beside a target; not one). */
function cpuRatio(row: Row): string {
  const [a, b] = [row.reprise.cpuMs, row.baseline?.cpuMs];
  return a !== undefined && b ? `; CPU/req ${n2(a / b)}×` : '';
}

/** What each row must reach: shopper reads against the baseline, the queue against the orders page. */
function verdict(row: Row, rows: Row[]): string {
  return target(row, rows) + cpuRatio(row);
}

function target(row: Row, rows: Row[]): string {
  const b = row.baseline;
  if (row.target === 'orders' && b) {
    const r = row.reprise.rps / b.rps;
    const p = row.reprise.p99 / b.p99;
    return `req/s ${n2(r)}× (≥ 0.8: ${met(r >= 0.8)}), p99 ${n2(p)}× (≤ 1.5: ${met(p <= 1.5)})`;
  }
  if (row.target === 'post' && b) {
    const r = row.reprise.rps / b.rps;
    return `req/s ${n2(r)}× (≥ 0.75: ${met(r >= 0.75)})`;
  }
  if (row.target === 'insights') {
    const orders = rows.find((x) => x.label === 'GET /api/orders');
    const cpu =
      orders?.reprise.cpuMs && row.reprise.cpuMs ? `; CPU/req ${n2(row.reprise.cpuMs / orders.reprise.cpuMs)}× the orders page's` : '';
    return `p50 ≤ 200 ms with one caller: ${met(row.reprise.p50 <= 200)}${cpu}`;
  }
  if (row.target === 'push' && row.label.includes('woocommerce')) {
    // A connector is the push's upsert behind another signature and a mapping: it should cost about the same.
    const push = rows.find((x) => x.label.startsWith('POST /api/integrations/orders'));
    if (push?.reprise.cpuMs && row.reprise.cpuMs) {
      const r = row.reprise.cpuMs / push.reprise.cpuMs;
      return `CPU/req ${n2(r)}× the signed push's (≤ 1.5: ${met(r <= 1.5)})`;
    }
  }
  if (row.target === 'dry-run') return `p99 < 2 s with one caller: ${met(row.reprise.p99 < 2000)}`;
  if (row.target === 'queue') {
    const orders = rows.find((x) => x.label === 'GET /api/orders');
    const parts: string[] = [];
    if (orders) {
      const r = row.reprise.rps / orders.reprise.rps;
      parts.push(`${n2(r)}× the orders page (≥ 0.5: ${met(r >= 0.5)})`);
    }
    const first = row.label.includes('page 100')
      ? rows.find((x) => x.label === 'staff queue page 1')
      : row.label.includes('page 20, state=credited')
        ? rows.find((x) => x.label === 'staff queue page 1, state=credited')
        : undefined;
    if (first) {
      const r = row.reprise.rps / first.reprise.rps;
      parts.push(`${n2(r)}× its page 1 (within 20 %: ${met(r >= 0.8)})`);
    }
    return parts.join(', ');
  }
  return '';
}

export function renderReport(r: Report): string {
  const m = r.machine;
  const figures = (f?: Figures) =>
    f
      ? `${n0(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${f.cpuMs === undefined ? '' : `, CPU ${f.cpuMs.toFixed(2)} ms/req`}${f.errors + f.non2xx ? `, ${f.errors + f.non2xx} errors` : ''}`
      : '—';
  const seqScans = r.plans.filter((p) => p.seqScans.length);
  const replanned = r.plans.filter((p) => p.genericSeqScans.length);
  const lines = [
    '# Benchmarks',
    '',
    'The latest run of `npm run bench` (bench/run.ts); re-run it to refresh this page (`npm run bench -- --docs`).',
    '',
    `- Machine: ${m.cores} cores (\`nproc\` ${m.nproc}), ${m.cpu}, Linux ${m.kernel}, Node ${m.node}, PostgreSQL ${m.pg} on the same machine`,
    `- Date: ${m.date}; commit ${m.commit}`,
    `- Data (scale ${r.scale}): ${Object.entries(r.counts)
      .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
      .join(', ')}; seeded in ${r.seedSeconds === null ? '(reused)' : `${r.seedSeconds.toFixed(1)} s`}`,
    `- Load: autocannon, ${r.connections} connections, cookies rotated over 50 shoppers, ${r.rounds} alternating runs of ${r.seconds} s per endpoint (Reprise, baseline, baseline, Reprise…); the machine is shared, so read the ratios`,
    `- Baseline: \`bench/baseline.ts\`, Hono + postgres.js doing the same session lookup and SQL; its answers are ${r.mismatches.length ? `**not identical** (${r.mismatches.length} differ)` : 'byte-identical to Reprise’s (checked by the bench)'}`,
    '',
    '| Endpoint | Reprise | Baseline | Target |',
    '|---|---|---|---|',
    ...r.rows.map((row) => `| ${row.label} | ${figures(row.reprise)} | ${figures(row.baseline)} | ${verdict(row, r.rows)} |`),
    '',
    '| Process | Figure | Target |',
    '|---|---|---|',
    `| Reprise RSS idle (VmRSS, PostgreSQL) | ${n0(r.memory.idleMb)} MB | ≤ 120 MB: ${met(r.memory.idleMb <= 120)} |`,
    `| Reprise RSS peak under load (VmHWM) | ${n0(r.memory.peakMb)} MB | ≤ 250 MB: ${met(r.memory.peakMb <= 250)} |`,
    `| PostgreSQL: cold start to first answer (first start of the run, migrated by the seed) | ${n0(r.coldStartMs.first)} ms | — |`,
    `| PostgreSQL: cold start to first answer (a second start) | ${n0(r.coldStartMs.migrated)} ms | — |`,
    `| Embedded database: cold start, new data directory | ${n0(r.embedded.newMs)} ms | ≤ 3000 ms: ${met(r.embedded.newMs <= 3000)} |`,
    `| Embedded database: cold start, re-open | ${n0(r.embedded.reopenMs)} ms | ≤ 1000 ms: ${met(r.embedded.reopenMs <= 1000)} |`,
    `| Embedded database: RSS idle (5 s after start) | ${n0(r.embedded.idleMb)} MB | ≤ 350 MB: ${met(r.embedded.idleMb <= 350)} |`,
    `| SPA entry (the page and the ${r.wire.scripts} scripts it names), as sent: uncompressed / gzip / brotli | ${kb(r.wire.bytes.identity)} / ${kb(r.wire.bytes.gzip)} / ${kb(r.wire.bytes.br)} | compressed: ${met(r.wire.bytes.gzip < r.wire.bytes.identity / 2 && r.wire.bytes.br < r.wire.bytes.gzip)} |`,
    `| SPA entry JavaScript, gzip | ${kb(r.wire.jsGzip)} | part of the first load's 60 KB budget, which tests/e2e/first-load.spec.ts holds: ${met(r.wire.jsGzip <= 60 * 1024)} |`,
    ...(['returns', 'lines'] as const).map((kind) => {
      const [short, long] = [90, 365].map((days) => r.exports.find((e) => e.kind === kind && e.days === days)!);
      const mb = (e: ExportFigures) => `${e.heapGrowthMb.toFixed(1)} MB`;
      return `| Insights CSV export of ${kind}, streamed in-process, 90 / 365 days: rows, size, time, heap growth | ${short!.rows.toLocaleString('en')} / ${long!.rows.toLocaleString('en')} rows, ${(long!.bytes / 1024 / 1024).toFixed(1)} MB in ${n0(long!.ms)} ms; heap +${mb(short!)} / +${mb(long!)} | bounded (365 days' heap growth ≤ 1.5× 90 days' + 8 MB): ${met(long!.heapGrowthMb <= 1.5 * short!.heapGrowthMb + 8)} |`;
    }),
    `| Sequential scans of orders, order_lines, returns, customers in hot statements | ${seqScans.length} of ${r.plans.length} statements | 0: ${met(seqScans.length === 0)} |`,
    `| Hot statements whose generic plan scans one of them (so PostgreSQL plans them anew at every run) | ${replanned.length} of ${r.plans.length}: ${replanned.map((p) => p.request).join('; ') || 'none'} | — |`,
    '',
    '## Plans of the hot statements',
    '',
    ...r.plans.flatMap((p) => [
      `### ${p.request}${p.seqScans.length ? ` — **Seq Scan on ${p.seqScans.join(', ')}**` : ''}${p.genericSeqScans.length ? ` — generic plan: Seq Scan on ${p.genericSeqScans.join(', ')}` : ''}`,
      '',
      '```sql',
      p.statement,
      '```',
      '',
      '```',
      p.plan,
      '```',
      ''
    ])
  ];
  return lines.join('\n');
}
