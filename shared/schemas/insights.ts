import { z } from 'zod';
import { PERIOD_DAYS, PERIOD_MAX_DAYS } from '../insights.ts';
import { staffQueueQuery } from './staff.ts';

/** Request schemas of the Insights (staff): a period in the shop's time zone and a currency. */

/** A calendar date `YYYY-MM-DD` (checked as a real date by the period's refinement). */
const dateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const periodShape = {
  /** The last 30, 90 or 365 days, today included (default 90); or `from` and `to`, both included. */
  days: z.enum(PERIOD_DAYS).optional(),
  from: dateField.optional(),
  to: dateField.optional()
};

/** `from` and `to` come together, as real dates, in order, at most PERIOD_MAX_DAYS apart; never with `days`. */
function checkDates(q: { days?: string; from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (!q.from && !q.to) return;
  if (q.days) ctx.addIssue({ code: 'custom', path: ['days'], message: 'days_or_dates' });
  for (const key of ['from', 'to'] as const) {
    const v = q[key];
    if (!v || !isDate(v)) ctx.addIssue({ code: 'custom', path: [key], message: 'invalid_date' });
  }
  if (q.from && q.to && isDate(q.from) && isDate(q.to)) {
    const span = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before_from' });
    else if (span >= PERIOD_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'period_too_long' });
  }
}

/** Whether `YYYY-MM-DD` names a day of the calendar (not 2026-02-30). */
export function isDate(text: string): boolean {
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

const currencyField = z.string().regex(/^[A-Z]{3}$/);

/** The answers in money or units: a period and a currency (default: the shop's most sold). */
export const insightsQuery = z
  .strictObject({
    ...periodShape,
    currency: currencyField.optional(),
    /** Return rates: only variants (and products) with at least this many units sold (default 5). */
    minUnits: z.coerce.number().int().min(0).max(1_000_000).optional(),
    /** Handling: count the returns waiting in a state for more than this many days (default 7). */
    waitDays: z.coerce.number().int().min(1).max(365).optional()
  })
  .superRefine(checkDates);
export type InsightsQuery = z.infer<typeof insightsQuery>;

export const EXPORT_KINDS = ['returns', 'lines', 'credits'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A CSV export: a period and the staff queue's filters (state, search). */
export const exportQuery = z
  .strictObject({ ...periodShape, state: staffQueueQuery.shape.state, q: staffQueueQuery.shape.q })
  .superRefine(checkDates);
export type ExportQuery = z.infer<typeof exportQuery>;
