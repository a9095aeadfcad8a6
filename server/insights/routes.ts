import { Hono } from 'hono';
import { resolvePeriod } from '#shared/insights.ts';
import { exportQuery, insightsQuery, type InsightsQuery } from '#shared/schemas/insights.ts';
import { EXPORT_KINDS, type ExportKind } from '#shared/schemas/insights.ts';
import type { AppEnv } from '../deps.ts';
import type { Db } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import { getSettings } from '../settings/views.ts';
import { activityAnswer, DEFAULT_MIN_UNITS, DEFAULT_WAIT_DAYS, handlingAnswer, ratesAnswer, withdrawalsAnswer } from './answers.ts';
import { exportStream } from './export.ts';
import { activity, currencies, handling, reasonLabels, soldAndReturned, withdrawalsIn } from './views.ts';

const DAY_MS = 86_400_000;

/** The period (shop's time zone) and currency asked for; without a currency, the newest order's. */
async function scopeOf(db: Db, q: InsightsQuery, now: Date) {
  const { timeZone } = await getSettings(db);
  const currency = q.currency ?? (await currencies(db)).newest ?? 'EUR';
  return { timeZone, currency, period: resolvePeriod(q, now, timeZone) };
}

const periodView = (p: { from: string; to: string }) => ({ from: p.from, to: p.to });

/** Insights for staff and admins (docs/decisions.md "Insights"): thin, the reads in views.ts, the shaping in answers.ts. */
export const insightsRoutes = new Hono<AppEnv>()
  .get('/', queryParams(insightsQuery), async (c) => {
    const { db, now } = c.var.deps;
    const scope = await scopeOf(db, c.req.valid('query'), now());
    const found = await currencies(db);
    return c.json({ timeZone: scope.timeZone, currency: scope.currency, currencies: found.all, period: periodView(scope.period) });
  })
  .get('/rates', queryParams(insightsQuery), async (c) => {
    const { db, now } = c.var.deps;
    const q = c.req.valid('query');
    const scope = await scopeOf(db, q, now());
    const [rows, labels] = await Promise.all([soldAndReturned(db, scope), reasonLabels(db)]);
    return c.json({
      currency: scope.currency,
      period: periodView(scope.period),
      ...ratesAnswer(rows, labels, q.minUnits ?? DEFAULT_MIN_UNITS)
    });
  })
  .get('/activity', queryParams(insightsQuery), async (c) => {
    const { db, now } = c.var.deps;
    const scope = await scopeOf(db, c.req.valid('query'), now());
    const rows = await activity(db, scope, scope.timeZone);
    return c.json({ currency: scope.currency, period: periodView(scope.period), ...activityAnswer(rows, scope.period) });
  })
  .get('/handling', queryParams(insightsQuery), async (c) => {
    const { db, now } = c.var.deps;
    const q = c.req.valid('query');
    const at = now();
    const scope = await scopeOf(db, q, at);
    const waitDays = q.waitDays ?? DEFAULT_WAIT_DAYS;
    const rows = await handling(db, scope.period, new Date(at.getTime() - waitDays * DAY_MS));
    return c.json({ period: periodView(scope.period), ...handlingAnswer(rows, waitDays) });
  })
  .get('/withdrawals', queryParams(insightsQuery), async (c) => {
    const { db, now } = c.var.deps;
    const at = now();
    const scope = await scopeOf(db, c.req.valid('query'), at);
    const rows = await withdrawalsIn(db, scope.period);
    return c.json({ period: periodView(scope.period), ...withdrawalsAnswer(rows, scope.timeZone, at) });
  })
  .get('/export/:kind', queryParams(exportQuery), async (c) => {
    const { db, now } = c.var.deps;
    const kind = c.req.param('kind').replace(/\.csv$/, '') as ExportKind;
    if (!EXPORT_KINDS.includes(kind)) throw notFound('No such export.');
    const q = c.req.valid('query');
    const { timeZone } = await getSettings(db);
    const period = resolvePeriod(q, now(), timeZone);
    const stream = exportStream(db, kind, { period, state: q.state, q: q.q, timeZone });
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}-${period.from}-${period.to}.csv"`,
      'cache-control': 'no-store'
    });
  });
