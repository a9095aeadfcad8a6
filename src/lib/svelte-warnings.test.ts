import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'paraglide' ? [] : svelteFiles(path);
    return entry.endsWith('.svelte') ? [path] : [];
  });
}

describe('the SPA compiles without a warning', () => {
  // `npm start` builds the SPA: a Svelte warning (accessibility and others) would be printed to every new user.
  it('no Svelte compiler warning in any component', () => {
    const warnings = svelteFiles(join(root, 'src')).flatMap((file) => {
      const { warnings } = compile(readFileSync(file, 'utf8'), { filename: file, generate: 'client' });
      return warnings.map((w) => `${relative(root, file)}:${w.start?.line}: ${w.code}`);
    });
    expect(warnings).toEqual([]);
  });
});
