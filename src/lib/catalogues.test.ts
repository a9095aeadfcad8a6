import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The two message catalogues: every string of the screen, in English and in French. */
type Catalogue = Record<string, unknown>;
const catalogue = (locale: 'en' | 'fr'): Catalogue => {
  const all = JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Catalogue;
  delete all.$schema;
  return all;
};
const en = catalogue('en');
const fr = catalogue('fr');

/** Every text of a message: a plain string, or each variant of a plural ("countPlural=one": …). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') {
    const match = (value as { match?: Record<string, unknown> }).match;
    return match ? Object.values(match).flatMap(texts) : [];
  }
  return [];
}
/** The {placeholders} a text fills in. */
const params = (value: unknown) => [...new Set(texts(value).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();

describe('the English and French catalogues', () => {
  it('have the same keys: none missing in either language', () => {
    const missingInFr = Object.keys(en).filter((k) => !(k in fr));
    const missingInEn = Object.keys(fr).filter((k) => !(k in en));
    expect(missingInFr, 'keys only in en.json').toEqual([]);
    expect(missingInEn, 'keys only in fr.json').toEqual([]);
  });

  it('have no empty text', () => {
    for (const [name, c] of [
      ['en', en],
      ['fr', fr]
    ] as const) {
      const empty = Object.entries(c).filter(([, v]) => texts(v).length === 0 || texts(v).some((t) => !t.trim()));
      expect(
        empty.map(([k]) => k),
        `empty texts in ${name}.json`
      ).toEqual([]);
    }
  });

  it('fill in the same values in both languages', () => {
    const differ = Object.keys(en).filter((k) => k in fr && params(en[k]).join() !== params(fr[k]).join());
    expect(differ, 'keys whose {placeholders} differ between en and fr').toEqual([]);
  });

  it('write the staff screen’s French the French way: a space before : ; ? ! and « » quotes', () => {
    const staff = Object.entries(fr).filter(([k]) => k.startsWith('staff_'));
    expect(staff.length).toBeGreaterThan(300);
    const tight = staff.filter(([, v]) => texts(v).some((t) => /[^\s\u00a0\u202f][:;?!](\s|$)/.test(t)));
    expect(
      tight.map(([k]) => k),
      'French texts with no space before : ; ? !'
    ).toEqual([]);
    const english = staff.filter(([, v]) => texts(v).some((t) => /[“”]/.test(t)));
    expect(
      english.map(([k]) => k),
      'French texts with English quotes'
    ).toEqual([]);
  });

  it('write French plurals and quotes as a French reader expects: no « reçu(s) », guillemets with their narrow no-break spaces', () => {
    const parenPlural = Object.entries(fr).filter(([, v]) => texts(v).some((t) => /\p{L}\(s\)/u.test(t)));
    expect(
      parenPlural.map(([k]) => k),
      'French texts with a plural written “(s)”: use a plural variant'
    ).toEqual([]);
    const loose = Object.entries(fr).filter(([, v]) => texts(v).some((t) => /«(?!\u202f)|(?<!\u202f)»/.test(t)));
    expect(
      loose.map(([k]) => k),
      'French texts whose « » lack their narrow no-break space'
    ).toEqual([]);
  });

  it('never write “×” straight before “·” (“Credited 1 × · €25.00”)', () => {
    for (const [name, c] of [
      ['en', en],
      ['fr', fr]
    ] as const) {
      const odd = Object.entries(c).filter(([, v]) => texts(v).some((t) => /×\s*·/.test(t)));
      expect(
        odd.map(([k]) => k),
        name
      ).toEqual([]);
    }
  });
});
