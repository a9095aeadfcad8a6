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

describe('offsets remembered per quarter of an hour', () => {
  // What Intl itself says, with no memory: the reference the cached offsets must match.
  const direct = (instant: Date, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    }).formatToParts(instant);
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
  const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];

  it('match Intl minute by minute around changes of offset, including half-hour and 45-minute zones', () => {
    // Each zone's 2026 changes: sweep a day either side of them, a minute (and 7 s) at a time.
    const changes = [
      '2026-03-08T07:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-04-04T15:00:00Z',
      '2026-04-05T13:45:00Z',
      '2026-10-25T01:00:00Z'
    ];
    for (const timeZone of zones) {
      for (const change of changes) {
        const t0 = new Date(change).getTime() - 86_400_000;
        for (let t = t0; t < t0 + 2 * 86_400_000; t += 60_007) {
          expect(wallClock(new Date(t), timeZone), `${timeZone} at ${new Date(t).toISOString()}`).toBe(direct(new Date(t), timeZone));
        }
      }
    }
  });

  it('give the right calendar date on either side of local midnight', () => {
    expect(localDate(new Date('2026-06-15T21:59:59Z'), 'Europe/Paris')).toEqual({ year: 2026, month: 6, day: 15 });
    expect(localDate(new Date('2026-06-15T22:00:00Z'), 'Europe/Paris')).toEqual({ year: 2026, month: 6, day: 16 });
    expect(localDate(new Date('2026-06-15T18:14:59Z'), 'Asia/Kathmandu')).toEqual({ year: 2026, month: 6, day: 15 });
    expect(localDate(new Date('2026-06-15T18:15:00Z'), 'Asia/Kathmandu')).toEqual({ year: 2026, month: 6, day: 16 });
  });
});
