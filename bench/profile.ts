/**
 * Where one endpoint's time goes: starts the server as `npm start` does (or the baseline) with
 * --cpu-prof, loads one of the bench's endpoints for a few seconds, and prints the functions with the
 * most self time, and the files. Needs a seeded database (run `npm run bench` once; this reuses
 * `reprise_bench`).
 *
 *   node bench/profile.ts --only "GET /api/orders/:n" [--seconds 5] [--top 25] [--baseline]
 */
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDatabaseUrl, benchEndpoint } from './endpoints.ts';
import { load } from './load.ts';
import { npmStartCommand, start, stop } from './processes.ts';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', default: 'GET /api/orders' },
    seconds: { type: 'string', default: '5' },
    top: { type: 'string', default: '25' },
    baseline: { type: 'boolean', default: false }
  }
});
const dbUrl = benchDatabaseUrl();
const endpoint = await benchEndpoint(args.only);

const dir = join(process.cwd(), '.profile');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir);
const env = { DATABASE_URL: dbUrl, HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:3392', LOG_REQUESTS: 'false' };
process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${dir}`;
const server = args.baseline
  ? await start('baseline', 'bench/baseline.ts', 3392, env, '/api/orders')
  : await start('Reprise', npmStartCommand(), 3392, env, '/api/shop');
delete process.env.NODE_OPTIONS;
const figures = await load(server, endpoint, Number(args.seconds), 50);
await stop(server);
console.log(
  `${endpoint.label}: ${figures.rps.toFixed(0)} req/s, p99 ${figures.p99} ms${figures.non2xx ? ` (${figures.non2xx} non-2xx)` : ''}`
);

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
for (const n of profile.nodes) {
  const t = self.get(n.id) ?? 0;
  const where = n.callFrame.url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^file:\/\/.*\/dist\//, 'dist/');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const pkg = where.startsWith('node_modules/')
    ? where.split('/').slice(1, 3).join('/')
    : where.startsWith('node:')
      ? 'node'
      : where
        ? where
        : n.callFrame.functionName;
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const show = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
console.log(`\nSelf time by function:\n${show(byFn, Number(args.top))}\n\nBy file:\n${show(byPkg, 15)}`);
