/**
 * Risk signals staff see on the queue and a return's page (docs/rules.md): per customer, their returns
 * and return rate over the last 90 days, the keep-the-item refunds they received, and whether their
 * email or its domain is on the shop's block list. Fragments folded into the views' own statements,
 * each figure an index range: returns counted by the partial `returns_customer_counted_idx` (no row
 * read), returns with their lines by `returns_customer_recent_idx` then `return_lines_line_uq`, the
 * lines kept by the partial `return_lines_kept_idx` (migration 0029_risk_signal_indexes), orders by
 * `orders_customer_recent_idx` (their units kept on the order by triggers, migration
 * 0027_order_units): no scan of all returns.
 */
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { orders, returnLines, returns, ruleSets } from '../../db/schema.ts';
import { isBlocked } from './evaluate.ts';

export const RISK_DAYS = 90;
const DAY_MS = 86_400_000;

export type RiskSignals = {
  days: number;
  /** Returns made in the period (every state but cancelled). */
  returns: number;
  /** Units on those returns (not rejected or cancelled) over units bought in the period, percent with one decimal (null: none bought, or not counted). */
  returnRate: number | null;
  /** Null on the queue (not counted there), as `unitsBought`. */
  unitsReturned: number | null;
  /** Null on the queue (not counted there). */
  unitsBought: number | null;
  /** Lines credited while the customer kept the item, ever. */
  keptRefunds: number;
  blocked: boolean;
};

/** The raw figures of `riskJson`, before `riskOf` makes them signals. */
export type RiskRow = {
  email: string;
  returns: number;
  unitsReturned: number | null;
  unitsBought: number | null;
  kept: number;
  blockList: string[] | null;
};

/** The start of the period, as the text a fragment takes (postgres.js takes no Date inside a raw fragment). */
export const riskSince = (now: Date) => new Date(now.getTime() - RISK_DAYS * DAY_MS).toISOString();

/** Returns whose units do not count as returned in the return rate: refused by staff, or withdrawn. */
const UNCOUNTED = ['rejected', 'cancelled'] as const;

/**
 * The units on the customer's returns made from `from`, not rejected nor cancelled: the return rate's
 * numerator, for the risk signals and the return-rate rules alike (`returns_customer_recent_idx`, then
 * `return_lines_line_uq`). `customerId`, `from`: SQL of the outer statement (a column, a placeholder, a
 * value); the inner tables are aliased `ur`/`url`, so an outer `returns` column stays the outer one.
 */
export const unitsReturnedSql = (customerId: SQL, from: SQL): SQL<number> =>
  sql<number>`(select coalesce(sum(url.quantity), 0)::int from ${returns} ur join ${returnLines} url on url.return_id = ur.id
    where ur.customer_id = ${customerId} and ur.created_at >= ${from} and ur.state not in (${sql.raw(UNCOUNTED.map((s) => `'${s}'`).join(', '))}))`;

/** Whether a return in this state counts in the return rate (the dry run's figures, summed in memory). */
export const countsInReturnRate = (state: string) => !(UNCOUNTED as readonly string[]).includes(state);

/** The units the customer bought from `from`: the return rate's denominator (`orders_customer_recent_idx`; `orders.units`, kept by triggers). */
export const unitsBoughtSql = (customerId: SQL, from: SQL): SQL<number> =>
  sql<number>`(select coalesce(sum(ub.units), 0)::int from ${orders} ub where ub.customer_id = ${customerId} and ub.placed_at >= ${from})`;

/**
 * The figures of the customer `customerId` (a column of the outer statement) as one JSON value, for a
 * period starting at `since` (text or a placeholder). `rate`: with the units returned and bought in
 * the period (the return page); the queue shows neither and leaves them out (null), as a customer
 * with hundreds of returns or thousands of orders would cost its page more than everything else on it
 * (docs/decisions.md "Return rules"; the bench's staff queue).
 */
export function riskJson(customerId: SQL, email: SQL, since: SQL | Placeholder | string, opts: { rate: boolean }): SQL<RiskRow> {
  const from = sql`${since}::timestamptz`;
  const returned = opts.rate ? unitsReturnedSql(customerId, from) : sql`null::int`;
  const bought = opts.rate ? unitsBoughtSql(customerId, from) : sql`null::int`;
  return sql<RiskRow>`json_build_object('email', ${email},
    'returns', (select count(*)::int from ${returns} r where r.customer_id = ${customerId} and r.created_at >= ${from} and r.state <> 'cancelled'),
    'unitsReturned', ${returned},
    'unitsBought', ${bought},
    'kept', (select count(*)::int from ${returns} r join ${returnLines} rl on rl.return_id = r.id where r.customer_id = ${customerId} and rl.keep_item),
    'blockList', (select ${ruleSets.document} -> 'blockList' from ${ruleSets} order by ${ruleSets.version} desc limit 1))`;
}

/** The signals from the figures of `riskJson`. */
export function riskOf(r: RiskRow): RiskSignals {
  return {
    days: RISK_DAYS,
    returns: r.returns,
    unitsReturned: r.unitsReturned,
    unitsBought: r.unitsBought,
    returnRate: r.unitsReturned !== null && r.unitsBought ? Math.round((1000 * r.unitsReturned) / r.unitsBought) / 10 : null,
    keptRefunds: r.kept,
    blocked: isBlocked(r.email, r.blockList ?? [])
  };
}
