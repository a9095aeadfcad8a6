/**
 * Risk signals staff see on the queue and a return's page (docs/rules.md): per customer, their returns
 * and return rate over the last 90 days, the keep-the-item refunds they received, and whether their
 * email or its domain is on the shop's block list. One statement for a page's customers, each figure
 * an index range: returns by `returns_customer_recent_idx`, their lines by `return_lines_line_uq`,
 * orders by `orders_customer_recent_idx` and their lines by `order_lines_order_idx` (no scan of all returns).
 */
import { inArray, sql } from 'drizzle-orm';
import { customers, orderLines, orders, returnLines, returns } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { isBlocked } from './evaluate.ts';
import { currentRuleSet } from './store.ts';

export const RISK_DAYS = 90;
// Written qualified: in a one-table select drizzle leaves columns bare, which the subqueries' own `id` would shadow.
const cid = sql.raw('"customers"."id"');
const DAY_MS = 86_400_000;

export type RiskSignals = {
  days: number;
  /** Returns made in the period (every state but cancelled). */
  returns: number;
  /** Units on those returns (not rejected or cancelled) over units bought in the period, percent with one decimal (null: none bought, or not counted). */
  returnRate: number | null;
  unitsReturned: number;
  /** Null on the queue (not counted there). */
  unitsBought: number | null;
  /** Lines credited while the customer kept the item, ever. */
  keptRefunds: number;
  blocked: boolean;
};

/**
 * The signals of each customer in `customerIds`, by customer id. `rate`: with the units bought in the
 * period (the return page); the queue leaves it out (null), as a customer with thousands of orders
 * would cost its page more than everything else on it (docs/decisions.md "Risk signals").
 */
export async function riskSignals(db: Db, customerIds: number[], now: Date, opts: { rate: boolean }): Promise<Map<number, RiskSignals>> {
  const ids = [...new Set(customerIds)];
  const found = new Map<number, RiskSignals>();
  if (!ids.length) return found;
  // As text: postgres.js takes no Date inside a raw fragment.
  const sinceText = new Date(now.getTime() - RISK_DAYS * DAY_MS).toISOString();
  const [rows, stored] = await Promise.all([
    db
      .select({
        id: customers.id,
        email: customers.email,
        returns: sql<number>`(select count(*)::int from ${returns} r where r.customer_id = ${cid}
          and r.created_at >= ${sinceText}::timestamptz and r.state <> 'cancelled')`,
        unitsReturned: sql<number>`(select coalesce(sum(rl.quantity), 0)::int from ${returns} r join ${returnLines} rl on rl.return_id = r.id
          where r.customer_id = ${cid} and r.created_at >= ${sinceText}::timestamptz and r.state not in ('rejected', 'cancelled'))`,
        unitsBought: opts.rate
          ? sql<number>`(select coalesce(sum(ol.quantity), 0)::int from ${orders} o join ${orderLines} ol on ol.order_id = o.id
          where o.customer_id = ${cid} and o.placed_at >= ${sinceText}::timestamptz)`
          : sql<null>`null::int`,
        kept: sql<number>`(select count(*)::int from ${returns} r join ${returnLines} rl on rl.return_id = r.id
          where r.customer_id = ${cid} and rl.keep_item)`
      })
      .from(customers)
      .where(inArray(customers.id, ids)),
    currentRuleSet(db)
  ]);
  for (const r of rows) {
    found.set(r.id, {
      days: RISK_DAYS,
      returns: r.returns,
      unitsReturned: r.unitsReturned,
      unitsBought: r.unitsBought,
      returnRate: r.unitsBought !== null && r.unitsBought > 0 ? Math.round((1000 * r.unitsReturned) / r.unitsBought) / 10 : null,
      keptRefunds: r.kept,
      blocked: isBlocked(r.email, stored.ruleSet.blockList)
    });
  }
  return found;
}
