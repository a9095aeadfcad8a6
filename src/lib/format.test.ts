import { describe, expect, it } from 'vitest';
import { date, dateTime } from './format.ts';

describe('one way to write dates per language', () => {
  const at = '2026-11-23T09:07:00Z';

  it('writes a date in the long form, without a time', () => {
    expect(date(at, 'en')).toBe('November 23, 2026');
    expect(date(at, 'fr')).toBe('23 novembre 2026');
  });

  it('adds the time to the same long date where the time means something', () => {
    const en = dateTime(at, 'en');
    const fr = dateTime(at, 'fr');
    expect(en.startsWith('November 2')).toBe(true);
    expect(en).toMatch(/2026.*\d{1,2}:\d{2}/);
    expect(fr).toMatch(/^2\d novembre 2026.*\d{2}:\d{2}$/);
  });

  it('writes the first of the month « 1er » in French, with or without the time', () => {
    const first = '2027-01-01T12:00:00Z';
    expect(date(first, 'fr')).toBe('1er janvier 2027');
    expect(dateTime(first, 'fr')).toMatch(/^1er janvier 2027/);
    expect(date(first, 'en')).toBe('January 1, 2027');
    expect(date('2027-01-11T12:00:00Z', 'fr')).toBe('11 janvier 2027');
  });
});
