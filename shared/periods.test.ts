import { describe, expect, it } from 'vitest';
import { endOfNthDayAfter, isTimeZone, localDate, startOfLocalDay, wallClock } from './periods.ts';

describe('endOfNthDayAfter', () => {
  it('ends at the end of the 14th day after delivery, in UTC', () => {
    expect(endOfNthDayAfter(new Date('2026-06-01T15:30:00Z'), 14, 'UTC').toISOString()).toBe('2026-06-16T00:00:00.000Z');
  });

  it('counts days in the shop time zone (Paris is UTC+2 in summer)', () => {
    // 23:30 UTC on 31 May is already 1 June in Paris: the last day is 15 June, Paris time.
    expect(endOfNthDayAfter(new Date('2026-05-31T23:30:00Z'), 14, 'Europe/Paris').toISOString()).toBe('2026-06-15T22:00:00.000Z');
    // 21:30 UTC on 31 May is still 31 May in Paris.
    expect(endOfNthDayAfter(new Date('2026-05-31T21:30:00Z'), 14, 'Europe/Paris').toISOString()).toBe('2026-06-14T22:00:00.000Z');
  });

  it('keeps local midnight across a change of offset (Paris leaves summer time on 25 October 2026)', () => {
    expect(endOfNthDayAfter(new Date('2026-10-20T10:00:00Z'), 14, 'Europe/Paris').toISOString()).toBe('2026-11-03T23:00:00.000Z');
  });

  it('works west of UTC and across a month end', () => {
    // 03:00 UTC on 25 January is still 24 January in New York: the last day is 7 February there.
    expect(endOfNthDayAfter(new Date('2026-01-25T03:00:00Z'), 14, 'America/New_York').toISOString()).toBe('2026-02-08T05:00:00.000Z');
  });
});

describe('helpers', () => {
  it('reads the local date and the start of a local day', () => {
    expect(localDate(new Date('2026-06-01T22:30:00Z'), 'Europe/Paris')).toEqual({ year: 2026, month: 6, day: 2 });
    expect(startOfLocalDay(2026, 6, 2, 'Europe/Paris').toISOString()).toBe('2026-06-01T22:00:00.000Z');
  });

  it('knows IANA zones and refuses anything else', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('wallClock', () => {
  it('shows an instant as the shop’s clock does', () => {
    expect(wallClock(new Date('2026-06-15T12:00:05Z'), 'Europe/Paris')).toBe('2026-06-15 14:00:05');
    expect(wallClock(new Date('2026-06-15T23:59:59Z'), 'UTC')).toBe('2026-06-15 23:59:59');
  });
});
