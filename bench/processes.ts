/** Starting the servers under test as child processes, timing their first answer, reading their memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The node flags and script of `npm start`'s last step, read from package.json, so the bench runs exactly that. */
export function npmStartCommand(): string[] {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split('&&').at(-1)!.trim().split(/\s+/).slice(1);
}

export type Server = { name: string; port: number; child: ChildProcess; coldStartMs: number };

/** Starts `node <args…>` (a script, or flags then a script) and waits for the first answer to `probe`: that wait is the cold start. */
export async function start(
  name: string,
  script: string | string[],
  port: number,
  env: Record<string, string>,
  probe: string
): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, typeof script === 'string' ? [script] : script, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${probe}`);
      await res.arrayBuffer();
      if (res.status < 500) break; // any answer: the server is up
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { name, port, child, coldStartMs: performance.now() - t0 };
}

export async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

/** Resident memory now and its peak so far, in MB (/proc/<pid>/status VmRSS and VmHWM). */
export function memory(server: Server): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
