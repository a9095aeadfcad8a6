import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { seeded } from './seed.ts';
import { benchEndpoints } from './endpoints.ts';
import { start, stop } from './processes.ts';
import { load } from './load.ts';
const url = 'postgres://postgres@127.0.0.1:5432/reprise_bench';
const sql = postgres(url, { max: 1, onnotice: () => {} });
const data = await seeded(sql);
const eps = await benchEndpoints(sql, data);
await sql.end();
const label = process.argv[2]!;
const e = eps.find((x) => x.label === label)!;
const io = (pid: number) => {
  const t = readFileSync(`/proc/${pid}/io`, 'utf8');
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { w: Number(t.match(/syscw: (\d+)/)![1]), r: Number(t.match(/syscr: (\d+)/)![1]), cpu: (Number(st[11]) + Number(st[12])) * 10 };
};
for (const which of ['reprise', 'baseline']) {
  const srv =
    which === 'reprise'
      ? await start(
          'R',
          ['dist/server/main.js'],
          3393,
          { DATABASE_URL: url, HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:3393', LOG_REQUESTS: 'false' },
          '/api/shop'
        )
      : await start('B', 'bench/baseline.ts', 3393, { DATABASE_URL: url }, '/api/orders');
  await load(srv, e, 1, 50);
  const a = io(srv.child.pid!);
  const f = await load(srv, e, 3, 50);
  const b = io(srv.child.pid!);
  const n = f.rps * 3;
  console.log(
    which,
    `${f.rps.toFixed(0)} req/s; per request: ${((b.w - a.w) / n).toFixed(1)} write syscalls, ${((b.r - a.r) / n).toFixed(1)} reads, ${((b.cpu - a.cpu) / n).toFixed(2)} ms CPU`
  );
  await stop(srv);
}
