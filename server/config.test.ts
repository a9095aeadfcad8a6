import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'reprise-config-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('secrets from files (NAME_FILE)', () => {
  it('reads SHOP_SECRET, DATABASE_URL and SMTP_URL from files, dropping the trailing newline', () => {
    const secret = 'a'.repeat(40);
    const config = loadConfig({
      SHOP_SECRET_FILE: file('secret', `${secret}\n`),
      DATABASE_URL_FILE: file('db', 'postgres://app@db:5432/reprise\n'),
      SMTP_URL_FILE: file('smtp', 'smtp://u:p@mail:587')
    });
    expect(config.shopSecret).toBe(secret);
    expect(config.databaseUrl).toBe('postgres://app@db:5432/reprise');
    expect(config.smtpUrl).toBe('smtp://u:p@mail:587');
  });

  it('checks a value read from a file like one from the environment', () => {
    expect(() => loadConfig({ SHOP_SECRET_FILE: file('short', 'too-short\n') })).toThrow(/SHOP_SECRET: must be at least 32 characters/);
  });

  it('refuses NAME and NAME_FILE together, and a file it cannot read, naming the variable', () => {
    expect(() => loadConfig({ SHOP_SECRET: 'b'.repeat(40), SHOP_SECRET_FILE: file('s2', 'c'.repeat(40)) })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL_FILE: join(dir, 'missing') })).toThrow(/DATABASE_URL_FILE: cannot read .*ENOENT/);
  });
});
