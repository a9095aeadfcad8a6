/**
 * What one request of an endpoint costs Reprise's process and the baseline's: CPU time and write
 * and read system calls per request (from /proc), under the bench's load, and the peak RSS. Throughput on a shared
 * machine moves with the neighbours; CPU per request much less. Needs a seeded database (run
 * `npm run bench` once; this reuses `reprise_bench`).
 *
 *   node bench/cost.ts --only "POST /api/returns" [--seconds 3]
 *
 * NODE_FLAGS (e.g. --max-semi-space-size=4) are added to Reprise's node flags, to try one.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchDatabaseUrl, benchEndpoint } from './endpoints.ts';
import { load } from './load.ts';
import { memory, npmStartCommand, start, stop } from './processes.ts';

const { values: args } = parseArgs({
  options: { only: { type: 'string', default: 'POST /api/returns' }, seconds: { type: 'string', default: '3' } }
});
const dbUrl = benchDatabaseUrl();
const endpoint = await benchEndpoint(args.only);

/** The process's write and read system calls, the bytes it wrote and its CPU time so far (ms, user and system). */
function usage(pid: number) {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const field = (name: string) => Number(io.match(new RegExp(`${name}: (\\d+)`))![1]);
  // utime and stime, in 1/100 s
  return {
    writes: field('syscw'),
    reads: field('syscr'),
    written: field('wchar'),
    userMs: Number(stat[11]) * 10,
    systemMs: Number(stat[12]) * 10
  };
}

const env = { DATABASE_URL: dbUrl, HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:3393', LOG_REQUESTS: 'false' };
for (const name of ['Reprise', 'baseline']) {
  const server =
    name === 'Reprise'
      ? await start(name, [...(process.env.NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...npmStartCommand()], 3393, env, '/api/shop')
      : await start(name, 'bench/baseline.ts', 3393, env, '/api/orders');
  await load(server, endpoint, 1, 50); // warm up: prepared statements, JIT
  const before = usage(server.child.pid!);
  const f = await load(server, endpoint, Number(args.seconds), 50);
  const after = usage(server.child.pid!);
  const n = f.rps * Number(args.seconds);
  const per = (x: number) => (x / n).toFixed(2);
  console.log(
    `${name.padEnd(8)} ${f.rps.toFixed(0)} req/s; per request ${per(after.userMs - before.userMs)} ms user + ${per(after.systemMs - before.systemMs)} ms system CPU, ` +
      `${per(after.writes - before.writes)} writes (${((after.written - before.written) / n / 1024).toFixed(1)} KB), ${per(after.reads - before.reads)} reads; peak RSS ${memory(server).peakMb.toFixed(0)} MB`
  );
  await stop(server);
}
