import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, type Catalogue } from './index.ts';

/**
 * The server's catalogues (docs/decisions.md "Words in one catalogue"): every language has every key of
 * the English one, with the same shape, no empty text, the same `[[variables]]` and, in French, « »
 * with their narrow no-break spaces (U+202F) inside, as src/lib/catalogues.test.ts asks of the SPA's.
 */

/** Sample values for a catalogue function's parameters: each comes back in the text it writes. */
const SAMPLES = ['R-1042-1', '1042', 'camille@example.com', '2026-06-15 14:34:56'];

/** Every text of a catalogue by its path ("withdrawals.shopNotice.received"), a function's filled with SAMPLES. */
function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') return texts(value(...SAMPLES.slice(0, value.length)), path);
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, path ? `${path}.${k}` : k));
  return [];
}

/** Each key's shape: a text, a function of n values, a list, or the keys below it. */
function shape(value: unknown): unknown {
  if (typeof value === 'function') return `function/${value.length}`;
  if (Array.isArray(value)) return 'list';
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

const en = CATALOGUES.en;
const others = LOCALES.filter((l) => l !== 'en').map((l) => [l, CATALOGUES[l]] as [string, Catalogue]);
const variables = (t: string) => [...t.matchAll(/\[\[(\w+)\]\]/g)].map((m) => m[1]).sort();

describe('the server’s catalogues', () => {
  it('have every key of the English one, with the same shape, in every language', () => {
    expect(others.length).toBeGreaterThan(0);
    for (const [, words] of others) expect(shape(words)).toEqual(shape(en));
  });

  it('have no empty text', () => {
    for (const locale of LOCALES) {
      const empty = texts(CATALOGUES[locale]).filter(([, t]) => !t.trim() && t !== '');
      expect(
        empty.map(([p]) => p),
        locale
      ).toEqual([]);
      // A blank line of an email's list of lines is '' on purpose; any other text has words.
      const blank = texts(CATALOGUES[locale]).filter(([p, t]) => t === '' && !/\[\d+\]$/.test(p));
      expect(
        blank.map(([p]) => p),
        locale
      ).toEqual([]);
    }
  });

  it('fill in the same [[variables]] and the same values in every language', () => {
    const english = new Map(texts(en));
    for (const [locale, words] of others) {
      const differ = texts(words).filter(([p, t]) => {
        const e = english.get(p) ?? '';
        return variables(t).join() !== variables(e).join() || SAMPLES.some((s) => e.includes(s) !== t.includes(s));
      });
      expect(
        differ.map(([p]) => p),
        locale
      ).toEqual([]);
    }
  });

  it('write French guillemets with their narrow no-break spaces, and a space before : ; ? !', () => {
    // The acknowledgement quotes the consumer's words between « and » with ordinary spaces, as the
    // durable-medium test (tests/api/withdrawals.test.ts) reads them: the one exception.
    const all = texts(CATALOGUES.fr).filter(([p]) => !p.startsWith('withdrawals.acknowledgement.quote.'));
    const loose = all.filter(([, t]) => /«(?!\u202f)|(?<!\u202f)»/.test(t));
    expect(loose.map(([p]) => p)).toEqual([]);
    const tight = all.filter(([, t]) => /[^\s\u00a0\u202f:/][:;?!](\s|$)/.test(t));
    expect(tight.map(([p]) => p)).toEqual([]);
    expect(all.filter(([, t]) => /[“”]/.test(t)).map(([p]) => p)).toEqual([]);
  });
});
