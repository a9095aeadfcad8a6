import { describe, expect, it } from 'vitest';
import { percent, resolvePeriod } from './insights.ts';

describe('the Insights period', () => {
  const now = new Date('2026-03-29T22:30:00Z'); // already 30 March in Paris (summer time since 02:00 that day)
  it('ends with today in the shop’s time zone and starts at its local midnight', () => {
    const p = resolvePeriod({ days: '30' }, now, 'Europe/Paris');
    expect([p.from, p.to]).toEqual(['2026-03-01', '2026-03-30']);
    expect(p.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-30T22:00:00.000Z');
  });
  it('takes two dates, both included; 90 days by default', () => {
    const p = resolvePeriod({ from: '2026-01-01', to: '2026-01-31' }, now, 'UTC');
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(resolvePeriod({}, now, 'UTC')).toMatchObject({ from: '2025-12-30', to: '2026-03-29' });
  });
  it('words a share with one decimal, none without a whole', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 0)).toBeNull();
  });
});
