/**
 * The dry run (docs/rules.md): what a rule set, saved or not, would have done to the shoppers' returns
 * of the last N days, against what staff decided. Reads by ranges (returns by creation date; for
 * customer conditions, the returns and credits before them; for return-rate conditions, the units of
 * the orders of the customers concerned), then the pure evaluation in memory: each return is replayed
 * at the instant it was requested, with the customer's history as it was then.
 */
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { RuleSet } from '#shared/schemas/rules.ts';
import { creditableCents, paidFor } from '#shared/settlement.ts';
import { endOfNthDayAfter } from '#shared/periods.ts';
import type { Db } from '../../db/client.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns } from '../../db/schema.ts';
import { decide, historyDays, lineScoped, lineTerms, rateDays, type PolicyCustomer, type PolicyLine } from './evaluate.ts';
import { countsInReturnRate } from './risk.ts';

const DAY_MS = 86_400_000;
const MAX_DIFFERENCES = 200;

export type DryRunOutcome = 'approve' | 'keep' | 'review' | 'refused' | 'none';
type Money = Record<string, number>;
type Tally = { returns: number; lines: number; cents: Money };

/** How staff decided a return, from its state now. */
type StaffDecision = 'approved' | 'rejected' | 'cancelled' | 'open';
const staffDecision = (state: string): StaffDecision =>
  state === 'rejected'
    ? 'rejected'
    : state === 'cancelled'
      ? 'cancelled'
      : state === 'requested' || state === 'in_progress'
        ? 'open'
        : 'approved';

type Row = {
  id: number;
  number: string;
  customerId: number;
  createdAt: Date;
  state: string;
  email: string;
  currency: string;
  totalCents: number;
  placedAt: Date;
  deliveredAt: Date | null;
  shippingCountry: string | null;
  line: PolicyLine;
  quantity: number;
  reasonCode: string;
  actionCode: string;
  feePercent: number;
};

/** The shoppers' own requests made since `from`: staff-made and withdrawal returns never go through rules. */
const shopperRequestsSince = (from: Date) =>
  and(gte(returns.createdAt, from), isNull(returns.withdrawalId), isNull(returns.createdByStaffId));

async function readReturns(db: Db, from: Date): Promise<Row[]> {
  const rows = await db
    .select({
      id: returns.id,
      number: returns.number,
      customerId: returns.customerId,
      createdAt: returns.createdAt,
      state: returns.state,
      email: orders.email,
      currency: orders.currency,
      totalCents: orders.totalCents,
      placedAt: orders.placedAt,
      deliveredAt: orders.deliveredAt,
      shippingCountry: orders.shippingCountry,
      orderLineId: orderLines.id,
      sku: orderLines.sku,
      productName: orderLines.productName,
      variant: orderLines.variantLabel,
      unitPriceCents: orderLines.unitPriceCents,
      finalSale: orderLines.finalSale,
      tags: orderLines.tags,
      quantity: returnLines.quantity,
      reasonCode: returnReasons.code,
      actionCode: returnActions.code,
      feePercent: returnReasons.restockingFeePercent
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(returnLines, eq(returnLines.returnId, returns.id))
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(returnActions, eq(returnActions.id, returnLines.actionId))
    .where(shopperRequestsSince(from));
  return rows.map((r) => ({
    ...r,
    line: {
      orderLineId: r.orderLineId,
      sku: r.sku,
      productName: r.productName,
      variant: r.variant,
      unitPriceCents: r.unitPriceCents,
      finalSale: r.finalSale,
      tags: r.tags
    }
  }));
}

type Past = { at: Date; creditAt: Date | null; cents: number | null; currency: string; units: number; inRate: boolean };
/** By customer: their returns (not cancelled) and credits, and the units of their orders (when a rate rule asks). */
type History = { returns: Map<number, Past[]>; bought: Map<number, { at: Date; units: number }[]> | null };

const byCustomer = <T extends { customerId: number }>(rows: T[]) => {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const list = map.get(r.customerId);
    if (list) list.push(r);
    else map.set(r.customerId, [r]);
  }
  return map;
};

/**
 * The units of each order a customer who asked in the period placed from their first request's longest
 * rate period before it to their last request: each order once, not once per return, its units from
 * `orders.units` (kept by triggers: no probe of its lines; summing the lines here cost most of the dry run's
 * time on the bench data, and PostgreSQL compiled that statement with JIT for longer than it ran).
 */
async function readBought(db: Db, from: Date, days: number) {
  const result = await db.execute(sql`
    select c.customer_id as "customerId", (extract(epoch from o.placed_at) * 1000)::float8 as "atMs", o.units
    from (select customer_id, min(created_at) - make_interval(days => ${days}::int) as lo, max(created_at) as hi
          from ${returns} where ${shopperRequestsSince(from)} group by customer_id) c
    join lateral (select o.placed_at, o.units from ${orders} o
      where o.customer_id = c.customer_id and o.placed_at >= c.lo and o.placed_at < c.hi) o on true`);
  // postgres.js answers the rows as an array, PGlite as { rows }.
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as {
    customerId: number;
    atMs: number;
    units: number;
  }[];
  return rows.map((r) => ({ customerId: Number(r.customerId), at: new Date(Number(r.atMs)), units: Number(r.units) }));
}

/**
 * The customers' returns (with their units) and credits over the longest period a customer rule names
 * before `from` (only when a rule asks about customers), by customer; with a return-rate rule, the units
 * of the orders of the customers who asked in the period, placed since its longest period before `from`
 * (read once each, summed in memory per return: a statement per return would read a busy customer's
 * orders once for each of their returns).
 */
async function readHistory(db: Db, set: RuleSet, from: Date): Promise<History> {
  const periods = rateDays(set);
  const since = new Date(from.getTime() - Math.max(historyDays(set), ...periods) * DAY_MS);
  const returnsRead = db
    .select({
      customerId: returns.customerId,
      at: returns.createdAt,
      creditAt: returns.creditDecidedAt,
      cents: returns.creditTotalCents,
      currency: orders.currency,
      state: returns.state,
      // Only a return-rate rule reads them.
      units: periods.length
        ? sql<number>`(select coalesce(sum(${returnLines.quantity}), 0)::int from ${returnLines} where ${returnLines.returnId} = ${returns.id})`
        : sql<number>`0`
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(and(gte(returns.createdAt, since), sql`${returns.state} <> 'cancelled'`));
  const [past, bought] = await Promise.all([
    returnsRead,
    periods.length ? readBought(db, from, Math.max(...periods)) : Promise.resolve(null)
  ]);
  return {
    returns: byCustomer(past.map((r) => ({ ...r, inRate: countsInReturnRate(r.state) }))),
    bought: bought && byCustomer(bought)
  };
}

const sumSince = (list: readonly { at: Date; units: number }[], from: number, to: number) =>
  list.reduce((n, x) => (x.at.getTime() >= from && x.at.getTime() < to ? n + x.units : n), 0);

/** The customer as they were when `r` was requested: what came before it only. */
function customerAt(set: RuleSet, history: History | null, r: Row): PolicyCustomer {
  const list = history?.returns.get(r.customerId) ?? [];
  const at = r.createdAt.getTime();
  const bought = history?.bought?.get(r.customerId) ?? [];
  const counted = list.filter((h) => h.inRate);
  return {
    email: r.email,
    returns: list.filter((h) => h.at.getTime() < at).map((h) => h.at),
    credits: list.flatMap((h) =>
      h.creditAt && h.cents && h.creditAt.getTime() < at ? [{ at: h.creditAt, cents: h.cents, currency: h.currency }] : []
    ),
    units: history?.bought
      ? rateDays(set).map((days) => ({
          days,
          returned: sumSince(counted, at - days * DAY_MS, at),
          bought: sumSince(bought, at - days * DAY_MS, at)
        }))
      : []
  };
}

const orderOf = (r: Row) => ({
  totalCents: r.totalCents,
  currency: r.currency,
  placedAt: r.placedAt,
  deliveredAt: r.deliveredAt,
  shippingCountry: r.shippingCountry
});

/** Would a rule's window or final sale have refused this line when it was asked for? */
function refusedByRules(set: RuleSet, r: Row, timeZone: string): boolean {
  const t = lineTerms(set, r.line, orderOf(r), r.createdAt);
  if (t.finalSale) return true;
  if (t.windowDays === null) return false;
  return r.createdAt.getTime() >= endOfNthDayAfter(r.deliveredAt ?? r.placedAt, t.windowDays, timeZone).getTime();
}

/** One return's verdict: its outcome, the deciding rule, its lines. */
function verdict(set: RuleSet, lines: Row[], history: History | null, timeZone: string) {
  const first = lines[0]!;
  if (lines.some((l) => refusedByRules(set, l, timeZone))) return { outcome: 'refused' as const, rule: null };
  const customer = customerAt(set, history, first);
  const asked = lines.map((l) => ({ line: l.line, request: { reasonCode: l.reasonCode, actionCode: l.actionCode, quantity: l.quantity } }));
  const d = decide(set, asked, orderOf(first), customer, first.createdAt);
  return d.outcome === null ? { outcome: 'none' as const, rule: null } : { outcome: d.outcome, rule: { id: d.rule.id, name: d.rule.name } };
}

/** Rules and staff disagree: the rules approve or keep what staff rejected, or refuse what staff approved. */
const differs = (outcome: DryRunOutcome, staff: StaffDecision) =>
  ((outcome === 'approve' || outcome === 'keep') && staff === 'rejected') || (outcome === 'refused' && staff === 'approved');

const emptyTally = (): Tally => ({ returns: 0, lines: 0, cents: {} });

/**
 * The dry run of `set` over the shoppers' returns requested in the last `days` days: per outcome the
 * returns, lines and money (the lines' value; for kept lines what would be refunded without them), and
 * the returns where the rules differ from what staff decided (newest first, at most 200 listed).
 */
export async function dryRun(db: Db, set: RuleSet, opts: { days: number; now: Date; timeZone: string }) {
  const from = new Date(opts.now.getTime() - opts.days * DAY_MS);
  const needsHistory = set.rules.some((r) => r.enabled && !lineScoped(r));
  const [rows, history] = await Promise.all([readReturns(db, from), needsHistory ? readHistory(db, set, from) : Promise.resolve(null)]);
  const byReturn = new Map<number, Row[]>();
  for (const r of rows) byReturn.set(r.id, [...(byReturn.get(r.id) ?? []), r]);
  const outcomes: Record<DryRunOutcome, Tally> = {
    approve: emptyTally(),
    keep: emptyTally(),
    review: emptyTally(),
    refused: emptyTally(),
    none: emptyTally()
  };
  const differences: {
    number: string;
    createdAt: string;
    outcome: DryRunOutcome;
    staff: StaffDecision;
    state: string;
    rule: { id: string; name: string } | null;
  }[] = [];
  for (const lines of byReturn.values()) {
    const v = verdict(set, lines, history, opts.timeZone);
    const tally = outcomes[v.outcome];
    tally.returns += 1;
    tally.lines += lines.length;
    for (const l of lines) {
      const cents =
        v.outcome === 'keep'
          ? creditableCents(l.line.unitPriceCents, l.quantity, l.feePercent)
          : paidFor(l.line.unitPriceCents, l.quantity);
      tally.cents[l.currency] = (tally.cents[l.currency] ?? 0) + cents;
    }
    const staff = staffDecision(lines[0]!.state);
    if (differs(v.outcome, staff)) {
      differences.push({
        number: lines[0]!.number,
        createdAt: lines[0]!.createdAt.toISOString(),
        outcome: v.outcome,
        staff,
        state: lines[0]!.state,
        rule: v.rule
      });
    }
  }
  differences.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    days: opts.days,
    from: from.toISOString(),
    to: opts.now.toISOString(),
    returns: byReturn.size,
    lines: rows.length,
    outcomes,
    differencesCount: differences.length,
    differences: differences.slice(0, MAX_DIFFERENCES)
  };
}
