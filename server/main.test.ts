import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runNode } from '../tests/helpers/run-node.ts';

/** Runs `node server/main.ts` with the given environment until it exits (or 20 s pass). */
const runServer = (env: Record<string, string>) => runNode(new URL('./main.ts', import.meta.url).pathname, [], env, 20_000);

describe('start-up failures', () => {
  it('exits 1 naming each bad variable and what is wrong', async () => {
    const { code, output } = await runServer({ PORT: 'eighty', PUBLIC_URL: 'ftp://shop', DATABASE_URL: 'mysql://x' });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration');
    expect(output).toMatch(/PORT: /);
    expect(output).toMatch(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(output).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a PUBLIC_URL with a path', async () => {
    const { code, output } = await runServer({ PUBLIC_URL: 'https://shop.example/returns' });
    expect(code).toBe(1);
    expect(output).toContain('PUBLIC_URL: must be an origin with no path');
  });

  it('exits non-zero with a clear message when the database cannot be reached', async () => {
    const { code, output } = await runServer({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '3999' });
    expect(code).toBe(1);
    expect(output).toContain('Cannot open the PostgreSQL server in DATABASE_URL');
    expect(output).not.toMatch(/\n\s+at /);
  });
});

describe('stopping', () => {
  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'reprise-sigterm-'));
    const port = 45000 + Math.floor(Math.random() * 4000);
    const child = spawn(process.execPath, [new URL('./main.ts', import.meta.url).pathname], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 90_000);
        const onData = (d: Buffer) => {
          output += d;
          if (output.includes('Reprise is running')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', (d) => (output += d));
      });
      // A sign-in runs argon2 (tens of milliseconds): still in flight when SIGTERM arrives.
      const inFlight = fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'whatever-password' })
      });
      await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(401);
      expect(await exited).toBe(0);
      expect(output).toContain('SIGTERM: finishing requests in flight');
      await expect(fetch(`http://127.0.0.1:${port}/api/shop`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
