/**
 * The dry run (docs/rules.md): what a rule set, saved or not, would have done to the shoppers' returns
 * of the last N days, against what staff decided. Two reads by index ranges (returns by creation date;
 * for customer conditions, the returns and credits before them), then the pure evaluation in memory:
 * each return is replayed at the instant it was requested, with the customer's history as it was then.
 */
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { RuleSet } from '#shared/schemas/rules.ts';
import { creditableCents, paidFor } from '#shared/settlement.ts';
import { endOfNthDayAfter } from '#shared/periods.ts';
import type { Db } from '../../db/client.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns } from '../../db/schema.ts';
import { decide, lineScoped, lineTerms, type PolicyCustomer, type PolicyLine } from './evaluate.ts';

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
  line: PolicyLine;
  quantity: number;
  reasonCode: string;
  actionCode: string;
  feePercent: number;
};

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
    // The shoppers' own requests: staff-made and withdrawal returns never go through rules.
    .where(and(gte(returns.createdAt, from), isNull(returns.withdrawalId), isNull(returns.createdByStaffId)));
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

type History = Map<number, { at: Date; creditAt: Date | null; cents: number | null; currency: string }[]>;

/** The customers' returns and credits since `from` (only when a rule asks about customers), by customer. */
async function readHistory(db: Db, set: RuleSet, from: Date): Promise<History | null> {
  const days = Math.max(
    0,
    ...set.rules.map((r) => Math.max(r.when.customerReturnsOver?.days ?? 0, r.when.customerCreditedOver?.days ?? 0))
  );
  if (days === 0) return null;
  const rows = await db
    .select({
      customerId: returns.customerId,
      at: returns.createdAt,
      creditAt: returns.creditDecidedAt,
      cents: returns.creditTotalCents,
      currency: orders.currency
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(and(gte(returns.createdAt, new Date(from.getTime() - days * DAY_MS)), sql`${returns.state} <> 'cancelled'`));
  const history: History = new Map();
  for (const r of rows) {
    const list = history.get(r.customerId) ?? [];
    list.push(r);
    history.set(r.customerId, list);
  }
  return history;
}

function customerAt(history: History | null, customerId: number, email: string, at: Date): PolicyCustomer {
  const list = history?.get(customerId) ?? [];
  const before = list.filter((h) => h.at.getTime() < at.getTime());
  return {
    email,
    returns: before.map((h) => h.at),
    credits: list.flatMap((h) =>
      h.creditAt && h.cents && h.creditAt.getTime() < at.getTime() ? [{ at: h.creditAt, cents: h.cents, currency: h.currency }] : []
    )
  };
}

/** Would a rule's window or final sale have refused this line when it was asked for? */
function refusedByRules(set: RuleSet, r: Row, timeZone: string): boolean {
  const order = { totalCents: r.totalCents, currency: r.currency, placedAt: r.placedAt, deliveredAt: r.deliveredAt };
  const t = lineTerms(set, r.line, order, r.createdAt);
  if (t.finalSale) return true;
  if (t.windowDays === null) return false;
  return r.createdAt.getTime() >= endOfNthDayAfter(r.deliveredAt ?? r.placedAt, t.windowDays, timeZone).getTime();
}

/** One return's verdict: its outcome, the deciding rule, its lines. */
function verdict(set: RuleSet, lines: Row[], history: History | null, timeZone: string) {
  const first = lines[0]!;
  if (lines.some((l) => refusedByRules(set, l, timeZone))) return { outcome: 'refused' as const, rule: null };
  const order = { totalCents: first.totalCents, currency: first.currency, placedAt: first.placedAt, deliveredAt: first.deliveredAt };
  const customer = customerAt(history, first.customerId, first.email, first.createdAt);
  const asked = lines.map((l) => ({ line: l.line, request: { reasonCode: l.reasonCode, actionCode: l.actionCode } }));
  const d = decide(set, asked, order, customer, first.createdAt);
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
