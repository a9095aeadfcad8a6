import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = new URL('.', import.meta.url).pathname;
// Every command file (not the helpers they share, nor tests).
const commands = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'open.ts' && f !== 'args.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'reprise-commands-'));

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(dir, file), ...args],
      { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    );
  });
}

describe('every npm run command', () => {
  it('is found here', () => expect(commands.length).toBeGreaterThanOrEqual(7));

  it.each(commands)('%s answers --help on stdout with exit 0, and refuses an unknown flag with exit 1', async (file) => {
    const help = await run(file, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage/);
    const bogus = await run(file, ['--no-such-flag']);
    expect(bogus.code).toBe(1);
    expect(bogus.stderr).toContain("Unknown option '--no-such-flag'");
  });
});
