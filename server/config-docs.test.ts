import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable, envExample } from '../scripts/env-example.ts';
import { CONFIG_VARIABLES } from './config.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe("the configuration's documentation", () => {
  const table = configTable(read('README.md'));

  it("the README's table lists every variable the server reads, and no other", () => {
    expect(table.map((v) => v.name).sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('.env.example is the one generated from that table (`npm run env:example` rewrites it)', () => {
    expect(read('.env.example')).toBe(envExample(table));
  });

  it('.env.example names each variable once, with its meaning above it', () => {
    const text = read('.env.example');
    for (const v of table) {
      expect(text.match(new RegExp(`^#? ?${v.name}=`, 'gm'))).toHaveLength(1);
      expect(text).toContain(`# ${v.name}: `);
    }
  });
});
