import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `node server/main.ts` with the given environment until it exits (or 20 s pass). */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [new URL('./main.ts', import.meta.url).pathname], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

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
