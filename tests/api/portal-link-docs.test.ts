import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SECRET = 'docs-secret-0123456789abcdefghijklmnop';
const PUBLIC_URL = 'https://returns.example.com';
const dir = mkdtempSync(join(tmpdir(), 'reprise-link-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The Node snippet of the README's "Put the portal in your emails", as a shop would paste it. */
function readmeNodeSnippet(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Put the portal in your emails'));
  const block = /Node:\s*```js\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf('\n## ', 5)));
  expect(block, 'a ```js block after "Node:" in the section').not.toBeNull();
  return block![1]!;
}

function npmRunLink(args: string[]): string {
  return execFileSync(process.execPath, ['server/commands/link.ts', ...args], {
    env: { ...process.env, PUBLIC_URL, SHOP_SECRET: SECRET, DATABASE_URL: '' },
    encoding: 'utf8'
  }).trim();
}

describe('README: the documented link is the one `npm run link` prints', () => {
  it('the Node snippet, openssl and npm run link sign the same string the same way', async () => {
    const printed = new URL(npmRunLink(['1042', '--days', '30']));
    expect(printed.origin + printed.pathname).toBe(`${PUBLIC_URL}/o/1042`);
    const exp = Number(printed.searchParams.get('exp'));
    const sig = printed.searchParams.get('sig')!;
    expect(sig).toMatch(/^[0-9a-f]{64}$/);

    // The snippet, run as a module at the moment the command ran.
    const file = join(dir, 'snippet.mjs');
    writeFileSync(file, `${readmeNodeSnippet()}\nexport { returnsLink };\n`);
    const { returnsLink } = (await import(pathToFileURL(file).href)) as { returnsLink: (n: string, s: string, d?: number) => string };
    const realNow = Date.now;
    Date.now = () => (exp - 30 * 86400) * 1000 + 400;
    try {
      expect(returnsLink('1042', SECRET, 30)).toBe(printed.toString());
    } finally {
      Date.now = realNow;
    }

    const openssl = execFileSync(
      'sh',
      ['-c', `printf '%s' "link.v1.1042.${exp}" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //'`],
      {
        env: { ...process.env, SECRET },
        encoding: 'utf8'
      }
    ).trim();
    expect(openssl).toBe(sig);
  });

  it('npm run link adds the target and language, and refuses bad input', () => {
    const link = new URL(npmRunLink(['A-7', '--return', '--locale', 'fr']));
    expect(link.searchParams.get('to')).toBe('return');
    expect(link.searchParams.get('lang')).toBe('fr');
    for (const args of [['../x'], ['1042', '--days', '0'], ['1042', '--locale', 'de'], []]) {
      expect(() => npmRunLink(args)).toThrow();
    }
  });
});
