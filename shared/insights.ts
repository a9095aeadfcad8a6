/**
 * The Insights' period: the last 30/90/365 days or two dates, both included, as instants of the
 * shop's time zone (a day starts at local midnight). Pure: the server resolves it, the page shows it.
 */
import { localDate, startOfLocalDay } from './periods.ts';

/** The periods offered by their number of days (ending today). */
export const PERIOD_DAYS = ['30', '90', '365'] as const;
/** The longest period of dates the Insights read (two years). */
export const PERIOD_MAX_DAYS = 731;

export type Period = {
  /** The first instant of the period (local midnight of its first day). */
  start: Date;
  /** The first instant after it (local midnight after its last day). */
  end: Date;
  /** Its first and last days, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
};

const iso = (d: { year: number; month: number; day: number }) =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const parts = (date: string) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** The period asked for: `days` ending today (local), or `from`–`to`; 90 days when neither is given. */
export function resolvePeriod(q: { days?: string; from?: string; to?: string }, now: Date, timeZone: string): Period {
  if (q.from && q.to) {
    const f = parts(q.from);
    const t = parts(q.to);
    return {
      start: startOfLocalDay(f.year, f.month, f.day, timeZone),
      end: startOfLocalDay(t.year, t.month, t.day + 1, timeZone),
      from: q.from,
      to: q.to
    };
  }
  const days = Number(q.days ?? 90);
  const today = localDate(now, timeZone);
  const start = startOfLocalDay(today.year, today.month, today.day - days + 1, timeZone);
  return {
    start,
    end: startOfLocalDay(today.year, today.month, today.day + 1, timeZone),
    from: iso(localDate(start, timeZone)),
    to: iso(today)
  };
}

/** A share as a percentage with one decimal (3 of 40 → 7.5); null without a whole. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}
