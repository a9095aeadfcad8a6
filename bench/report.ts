/** The bench's figures beside issue 8's targets, as printed and as written to docs/benchmarks.md. */
import type { Figures } from './load.ts';
import type { Plan } from './explain.ts';

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
  plans: Plan[];
  mismatches: string[];
};

const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const n0 = (x: number) => x.toFixed(0);
const n2 = (x: number) => x.toFixed(2);

/** What each row must reach: shopper reads against the baseline, the queue against the orders page. */
function verdict(row: Row, rows: Row[]): string {
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
    f ? `${n0(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${f.errors + f.non2xx ? `, ${f.errors + f.non2xx} errors` : ''}` : '—';
  const seqScans = r.plans.filter((p) => p.seqScans.length);
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
    `| Cold start to first answer, new database (runs the migrations) | ${n0(r.coldStartMs.first)} ms | — |`,
    `| Cold start to first answer, migrated database | ${n0(r.coldStartMs.migrated)} ms | — |`,
    `| Sequential scans of orders, order_lines, returns, customers in hot statements | ${seqScans.length} of ${r.plans.length} statements | 0: ${met(seqScans.length === 0)} |`,
    '',
    '## Plans of the hot statements',
    '',
    ...r.plans.flatMap((p) => [
      `### ${p.request}${p.seqScans.length ? ` — **Seq Scan on ${p.seqScans.join(', ')}**` : ''}`,
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
