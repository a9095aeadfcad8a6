/** autocannon runs, alternating Reprise and the baseline so both see the same noise. */
import autocannon from 'autocannon';

import { readFileSync } from 'node:fs';

/** A server under load; with its process, the CPU it spends is measured too. */
export type Target = { name: string; port: number; child?: { pid?: number } };
export type Endpoint = {
  label: string;
  method?: 'GET' | 'POST';
  /** Connections for this endpoint instead of the run's (the Insights: one staff member's page, not 50 at once). */
  connections?: number;
  /** Builds request k (rotating cookies and paths); the same sequence for both targets. */
  request: (k: number) => { path: string; cookie: string; body?: string; headers?: Record<string, string> };
};
/** `cpuMs`: the server process's CPU time (user + system) per request, steadier than req/s on a shared machine. */
export type Figures = { rps: number; p50: number; p99: number; errors: number; non2xx: number; cpuMs?: number };

/** CPU time of a process so far, in ms (utime + stime from /proc/<pid>/stat, in 1/100 s). */
function cpuOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function load(target: Target, endpoint: Endpoint, seconds: number, connections: number): Promise<Figures> {
  let k = 0;
  const cpuBefore = cpuOf(target.child?.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: endpoint.connections ?? connections,
    duration: seconds,
    requests: [
      {
        method: endpoint.method ?? 'GET',
        setupRequest: (req) => {
          const r = endpoint.request(k++);
          return {
            ...req,
            path: r.path,
            body: r.body,
            headers: { ...req.headers, cookie: r.cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', ...r.headers }
          };
        }
      }
    ]
  });
  const cpuAfter = cpuOf(target.child?.pid);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    cpuMs
  };
}

/** `rounds` alternations of A then B; req/s averaged, latencies as the median of the rounds. */
export async function alternate(targets: Target[], endpoint: Endpoint, rounds: number, seconds: number, connections: number) {
  const runs = new Map<string, Figures[]>(targets.map((t) => [t.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const t of r % 2 ? [...targets].reverse() : targets) runs.get(t.name)!.push(await load(t, endpoint, seconds, connections));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return new Map(
    [...runs].map(([name, fs]) => [
      name,
      {
        rps: fs.reduce((s, f) => s + f.rps, 0) / fs.length,
        p50: median(fs.map((f) => f.p50)),
        p99: median(fs.map((f) => f.p99)),
        errors: fs.reduce((s, f) => s + f.errors, 0),
        non2xx: fs.reduce((s, f) => s + f.non2xx, 0),
        cpuMs: fs.every((f) => f.cpuMs !== undefined) ? fs.reduce((s, f) => s + f.cpuMs!, 0) / fs.length : undefined
      } satisfies Figures
    ])
  );
}
