/** The Insights page's words and numbers: the query it was opened with, rates, durations. */
import { PERIOD_DAYS } from '#shared/insights.ts';

export const QUERY_KEYS = ['days', 'from', 'to', 'currency', 'minUnits', 'waitDays'] as const;
export type InsightsParams = Partial<Record<(typeof QUERY_KEYS)[number], string>>;

/** The page's query from its address: only the keys the API reads, only when set. */
export function paramsOf(url: URL): InsightsParams {
  const out: InsightsParams = {};
  for (const key of QUERY_KEYS) {
    const v = url.searchParams.get(key)?.trim();
    if (v) out[key] = v;
  }
  // Dates win over a number of days (the API refuses both).
  if (out.from || out.to) delete out.days;
  return out;
}

export const periodChoices = PERIOD_DAYS;

/** "20 %" / "20%": a rate the server gave as a percentage with one decimal; "—" without one. */
export function rateText(rate: number | null, locale: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate / 100);
}

/** A handling time: hours under two days, days beyond ("5.5 hours", "3.2 jours"); "—" without one. */
export function durationText(seconds: number | null, locale: string): string {
  if (seconds === null) return '—';
  const hours = seconds / 3600;
  const [value, unit] = hours < 48 ? [hours, 'hour'] : [hours / 24, 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
}

/** A link to a CSV export with the period shown and the queue's filters. */
export function exportHref(kind: string, params: InsightsParams, filters: { state: string; q: string }): string {
  const q = new URLSearchParams();
  for (const key of ['days', 'from', 'to'] as const) if (params[key]) q.set(key, params[key]!);
  if (filters.state) q.set('state', filters.state);
  if (filters.q.trim()) q.set('q', filters.q.trim());
  const query = q.toString();
  return `/api/staff/insights/export/${kind}.csv${query ? `?${query}` : ''}`;
}

/** A week by its Monday, "15 Jun" / "15 juin" (the date is a calendar day: read in UTC, never shifted). */
export function weekLabel(week: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${week}T00:00:00Z`)
  );
}
