/**
 * The Insights' reads (docs/decisions.md "Insights"), each one statement answering one JSON value,
 * each reading index ranges only: units sold from `order_lines_sold_idx` (the order's currency and
 * delivery copied onto its lines by triggers), returns by their creation, credit or state-change time.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents, orderLines, orders, returnLines, returnReasons, returns } from '../db/schema.ts';
import { RELEASED_STATES, type ReturnState } from '#shared/states.ts';
import type { Period } from '#shared/insights.ts';

export type Scope = { period: Period; currency: string };

/** Runs a fragment that answers one JSON value. */
async function one<T>(db: Db, value: SQL<T>): Promise<T> {
  const [row] = await db.select({ value }).from(sql`(values (1)) as one`);
  return row!.value;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const released = sql.raw(RELEASED_STATES.map((s) => `'${s}'`).join(','));

/**
 * The currencies the shop sold in (a skip scan of the sold index: one probe per currency) and the
 * newest order's, the default.
 */
export async function currencies(db: Db): Promise<{ all: string[]; newest: string | null }> {
  return one(
    db,
    sql<{ all: string[]; newest: string | null }>`json_build_object(
      'all', (with recursive c(cur) as (
          select min(l.order_currency) from ${orderLines} l where l.order_delivered_at is not null
          union all
          select (select min(l.order_currency) from ${orderLines} l where l.order_delivered_at is not null and l.order_currency > c.cur)
          from c where c.cur is not null)
        select coalesce(json_agg(cur order by cur), '[]') from c where cur is not null),
      'newest', (select o.currency from ${orders} o order by o.placed_at desc, o.id desc limit 1))`
  );
}

/** [sku, product, variant, units sold, units on returns] */
export type SoldRow = [string, string, string | null, number, number];
/** [product, reason id, units] */
export type ReasonRow = [string, number, number];

/**
 * Per variant (SKU) of the lines delivered in the period in the currency: units sold and units on
 * returns that are not rejected or cancelled (`units_on_returns`, kept by the returns service); and
 * per product the units of those returns by reason.
 */
export async function soldAndReturned(db: Db, { period, currency }: Scope): Promise<{ sold: SoldRow[]; reasons: ReasonRow[] }> {
  const inCohort = sql`l.order_currency = ${currency} and l.order_delivered_at >= ${at(period.start)}
    and l.order_delivered_at < ${at(period.end)} and l.order_delivered_at is not null`;
  return one(
    db,
    sql<{ sold: SoldRow[]; reasons: ReasonRow[] }>`json_build_object(
      'sold', (select coalesce(json_agg(json_build_array(s.sku, s.product, s.variant, s.sold, s.returned)), '[]') from (
        select l.sku, min(l.product_name) as product, min(l.variant_label) as variant,
               sum(l.quantity)::bigint as sold, sum(l.units_on_returns)::bigint as returned
        from ${orderLines} l where ${inCohort} group by l.sku) s),
      'reasons', (select coalesce(json_agg(json_build_array(s.product, s.reason_id, s.units)), '[]') from (
        select l.product_name as product, rl.reason_id, sum(rl.quantity)::bigint as units
        from ${orderLines} l join ${returnLines} rl on rl.order_line_id = l.id join ${returns} r on r.id = rl.return_id
        where ${inCohort} and l.units_on_returns > 0 and r.state not in (${released})
        group by l.product_name, rl.reason_id) s))`
  );
}

export type ReasonLabel = { id: number; code: string; labelEn: string; labelFr: string };

export async function reasonLabels(db: Db): Promise<ReasonLabel[]> {
  return db
    .select({ id: returnReasons.id, code: returnReasons.code, labelEn: returnReasons.labelEn, labelFr: returnReasons.labelFr })
    .from(returnReasons);
}

/** [week (Monday, YYYY-MM-DD), count] and [week, count, sum of known totals, count of unknown totals] */
export type Activity = {
  requested: [string, number][];
  credited: [string, number, number, number][];
  outcomes: Record<string, number>;
};

/**
 * Per week (Monday to Sunday in the shop's time zone) of the period: returns requested (a count, every
 * currency) and credits decided with their money in `currency` only; and the outcome of each line of
 * the returns that ended (credited or rejected) in the period. Read by index ranges of `returns`
 * (creation, credit decision, state change); an order's currency is looked up per credit by its key.
 */
export async function activity(db: Db, { period, currency }: Scope, timeZone: string): Promise<Activity> {
  const week = (col: SQL) => sql`to_char(date_trunc('week', ${col} at time zone ${timeZone}), 'YYYY-MM-DD')`;
  const within = (col: SQL) => sql`${col} >= ${at(period.start)} and ${col} < ${at(period.end)}`;
  const ended = (state: ReturnState) => sql`r.state = ${state} and ${within(sql`r.state_changed_at`)}`;
  return one(
    db,
    sql<Activity>`json_build_object(
      'requested', (select coalesce(json_agg(json_build_array(s.week, s.n) order by s.week), '[]') from (
        select ${week(sql`r.created_at`)} as week, count(*)::int as n from ${returns} r where ${within(sql`r.created_at`)} group by 1) s),
      'credited', (select coalesce(json_agg(json_build_array(s.week, s.n, s.total, s.unknown) order by s.week), '[]') from (
        select ${week(sql`r.credit_decided_at`)} as week, count(*)::int as n, coalesce(sum(r.credit_total_cents), 0)::bigint as total,
               count(*) filter (where r.credit_total_cents is null)::int as unknown
        from ${returns} r where ${within(sql`r.credit_decided_at`)} and r.credit_decided_at is not null
          and (select o.currency from ${orders} o where o.id = r.order_id) = ${currency} group by 1) s),
      'outcomes', (select coalesce(json_object_agg(s.outcome, s.n), '{}') from (
        select coalesce(rl.credit_method, 'unknown') as outcome, count(*)::int as n
        from ${returns} r join ${returnLines} rl on rl.return_id = r.id where ${ended('credited')} group by 1
        union all
        select 'rejected', count(*)::int from ${returns} r join ${returnLines} rl on rl.return_id = r.id where ${ended('rejected')}) s
        where s.n > 0))`
  );
}

/** [median, 90th percentile, how many] in seconds, per step; nulls when no return made the step. */
export type Spread = [number | null, number | null, number];
export type Handling = { approval: Spread; receipt: Spread; credit: Spread; waiting: Record<string, number> };

/** States a return waits in for someone of the shop (or the parcel) to act. */
export const WAITING_STATES: readonly ReturnState[] = ['requested', 'in_progress', 'approved', 'received', 'items_needed'];

/**
 * Of the returns requested in the period: request → approval, approval → receipt, receipt → credit,
 * from the audit trail's first move into `approved` and `received` (a reopened return keeps its first
 * ones) and the credit's decision; and now, per open state, the returns in it for more than `waitDays`.
 */
export async function handling(db: Db, period: Period, waitSince: Date): Promise<Handling> {
  const spread = (col: string) =>
    sql.raw(
      `json_build_array(percentile_disc(0.5) within group (order by ${col}), percentile_disc(0.9) within group (order by ${col}), count(${col}))`
    );
  const moved = (state: ReturnState) => sql`min(a.created_at) filter (where a.changes->'state'->>1 = ${state})`;
  return one(
    db,
    sql<Handling>`(with r as (
        select r.created_at, r.credit_decided_at, m.approved_at, m.received_at from ${returns} r
        cross join lateral (select ${moved('approved')} as approved_at, ${moved('received')} as received_at
          from ${auditEvents} a where a.return_id = r.id) m
        where r.created_at >= ${at(period.start)} and r.created_at < ${at(period.end)}),
      d as (select extract(epoch from approved_at - created_at)::bigint as approval, extract(epoch from received_at - approved_at)::bigint as receipt,
          extract(epoch from credit_decided_at - received_at)::bigint as credit from r)
      select json_build_object('approval', ${spread('approval')}, 'receipt', ${spread('receipt')}, 'credit', ${spread('credit')},
        'waiting', (select json_object_agg(s.state, (select count(*)::int from ${returns} w where w.state = s.state and w.state_changed_at < ${at(waitSince)}))
          from unnest(${sql.raw(`array[${WAITING_STATES.map((s) => `'${s}'`).join(',')}]`)}) as s(state)))
      from d)`
  );
}

/** [submitted at, final decision kind or null, cancelled by the consumer, the return's state, its credit's decision] */
export type WithdrawalRow = [string, string | null, boolean, ReturnState | null, string | null];

/** The withdrawal statements submitted in the period, with what became of them. */
export async function withdrawalsIn(db: Db, period: Period): Promise<WithdrawalRow[]> {
  return one(
    db,
    sql<WithdrawalRow[]>`(select coalesce(json_agg(json_build_array(w.submitted_at, d.kind,
        exists (select 1 from withdrawal_decisions x where x.withdrawal_id = w.id and x.kind = 'cancelled'), r.state, r.credit_decided_at)), '[]')
      from withdrawals w
      left join withdrawal_decisions d on d.withdrawal_id = w.id and d.kind in ('matched','attached','closed')
      left join ${returns} r on r.withdrawal_id = w.id
      where w.submitted_at >= ${at(period.start)} and w.submitted_at < ${at(period.end)})`
  );
}
