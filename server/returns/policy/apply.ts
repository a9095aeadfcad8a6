/**
 * The shop's rules applied to a shopper's request, in its transaction (docs/rules.md): the steps
 * `request-return.ts` takes. With no rule set saved, or the set switched off, every step does nothing
 * and the request goes exactly as it did before rules existed.
 *
 * What a rule may never do: decide a withdrawal's return (that path never calls these), let a shopper
 * in while *returns allowed* is off (refused before), nor credit more than the settlement rules allow
 * (a kept line is credited by `decideCredit`, with its refusals and the database's CHECKs).
 */
import { and, eq, gte, ne, sql } from 'drizzle-orm';
import type { RuleDecisionRecord, RuleSet } from '#shared/schemas/rules.ts';
import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import type { CreditMethod } from '#shared/settlement.ts';
import { writeAudit } from '../../audit/write.ts';
import type { Db } from '../../db/client.ts';
import { customers, orders, returnLines, returns } from '../../db/schema.ts';
import type { ServiceContext } from '../../deps.ts';
import type { CreditDecision } from '../settlement.ts';
import { applyMove } from '../use-cases/state-move.ts';
import type { ReturnFacts, WrittenReturn } from '../use-cases/steps.ts';
import {
  decide,
  historyDays,
  lineScoped,
  lineTerms,
  rateDays,
  type LineTerms,
  type PolicyCustomer,
  type ReturnDecision,
  type UnitsOver
} from './evaluate.ts';
import { unitsBoughtSql, unitsReturnedSql } from './risk.ts';
import { currentRuleSet } from './store.ts';

const DAY_MS = 86_400_000;

/** The rule set in force when it can decide something (saved, switched on, a rule enabled), else null. */
export type Policy = { version: number; ruleSet: RuleSet };

/** Whether a rule set can decide anything: switched on, with a rule enabled. */
export const inForce = (set: RuleSet) => set.enabled && set.rules.some((r) => r.enabled);

/** Read: the rule set in force, or null (no rules: today's behaviour). */
export async function loadPolicy(tx: Db): Promise<Policy | null> {
  const stored = await currentRuleSet(tx);
  if (!inForce(stored.ruleSet)) return null;
  return { version: stored.version, ruleSet: stored.ruleSet };
}

const policyLine = (l: ReturnFacts['lines'][number]) => ({
  orderLineId: l.id,
  sku: l.sku,
  productName: l.productName,
  variant: l.variantLabel,
  unitPriceCents: l.unitPriceCents,
  finalSale: l.finalSale,
  tags: l.tags
});
const policyOrder = (o: ReturnFacts['order']) => ({
  totalCents: o.totalCents,
  currency: o.currency,
  placedAt: o.placedAt,
  deliveredAt: o.deliveredAt,
  shippingCountry: o.shippingCountry
});

/** Each order line's terms from the rules (window or final sale, actions offered, fee), by order line id. */
export function termsOf(policy: Policy | null, facts: ReturnFacts, now: Date): Map<number, LineTerms> {
  const terms = new Map<number, LineTerms>();
  if (!policy) return terms;
  for (const l of facts.lines) terms.set(l.id, lineTerms(policy.ruleSet, policyLine(l), policyOrder(facts.order), now));
  return terms;
}

/**
 * The facts with each line's window, final sale and offered actions as the rules set them (what
 * `checkLines` checks). `staff`: the offered actions do not bind staff (they still decide).
 */
export function withTerms(facts: ReturnFacts, terms: Map<number, LineTerms>, opts: { staff?: boolean } = {}): ReturnFacts {
  if (!terms.size) return facts;
  const lines = facts.lines.map((l) => {
    const t = terms.get(l.id);
    if (!t) return l;
    return { ...l, finalSale: l.finalSale || t.finalSale, windowDays: t.windowDays, offeredActions: opts.staff ? null : t.actions };
  });
  return { ...facts, lines };
}

/**
 * The customer's units returned and bought over each period a return-rate rule names, one statement
 * (the fragments the risk signals use: index ranges of this customer's returns and orders).
 */
async function unitsOver(tx: Db, customerId: number, periods: number[], now: Date): Promise<UnitsOver[]> {
  const customer = sql`${customerId}::int`;
  const figures = periods.map((days) => {
    const from = sql`${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`;
    return sql`json_build_object('days', ${days}::int, 'returned', ${unitsReturnedSql(customer, from)}, 'bought', ${unitsBoughtSql(customer, from)})`;
  });
  const [row] = await tx
    .select({ units: sql<UnitsOver[]>`json_build_array(${sql.join(figures, sql`, `)})` })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row?.units ?? [];
}

/**
 * Read the customer's history the rules ask about: their returns and credits over the longest period
 * a rule names (index `returns_customer_recent_idx`), and their units returned and bought over each
 * return-rate period. The customer's row is locked first (then read in statements of their own, which
 * see what a request decided before it committed), so two requests of one customer (on two orders) are
 * decided one after the other and each counts the other.
 */
async function customerHistory(tx: Db, set: RuleSet, facts: ReturnFacts, now: Date): Promise<PolicyCustomer> {
  const email = facts.order.email;
  const days = historyDays(set);
  const periods = rateDays(set);
  if (days === 0 && periods.length === 0) return { email, returns: [], credits: [] };
  const customerId = facts.order.customerId;
  await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for('update');
  const units = periods.length ? await unitsOver(tx, customerId, periods, now) : [];
  if (days === 0) return { email, returns: [], credits: [], units };
  const rows = await tx
    .select({ at: returns.createdAt, creditAt: returns.creditDecidedAt, cents: returns.creditTotalCents, currency: orders.currency })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(
      and(
        eq(returns.customerId, customerId),
        gte(returns.createdAt, new Date(now.getTime() - days * DAY_MS)),
        ne(returns.state, 'cancelled')
      )
    );
  return {
    email,
    returns: rows.map((r) => r.at),
    credits: rows.flatMap((r) => (r.creditAt && r.cents ? [{ at: r.creditAt, cents: r.cents, currency: r.currency }] : [])),
    units
  };
}

/** Decide: what the rules say of this request (nothing without a policy). */
export async function decideRequest(
  tx: Db,
  policy: Policy | null,
  facts: ReturnFacts,
  requested: CreateReturnInput['lines'],
  now: Date
): Promise<ReturnDecision | null> {
  if (!policy) return null;
  const set = policy.ruleSet;
  const customer = set.rules.some((r) => r.enabled && !lineScoped(r)) ? await customerHistory(tx, set, facts, now) : null;
  const asked = requested.map((l) => ({
    line: policyLine(facts.lines.find((ol) => ol.id === l.orderLineId)!),
    request: {
      reasonCode: facts.reasons.find((r) => r.id === l.reasonId)!.code,
      actionCode: facts.actions.find((a) => a.id === l.actionId)!.code,
      quantity: l.quantity
    }
  }));
  const decision = decide(set, asked, policyOrder(facts.order), customer ?? { email: facts.order.email, returns: [], credits: [] }, now);
  return decision;
}

/** Write: a rule's restocking fee on the lines it sets one for (the settlement reads it instead of the reason's). */
export async function writeFees(tx: Db, written: WrittenReturn, terms: Map<number, LineTerms>): Promise<void> {
  for (const line of written.lines) {
    const fee = terms.get(line.orderLineId)?.restockingFeePercent;
    if (fee !== null && fee !== undefined)
      await tx.update(returnLines).set({ restockingFeePercent: fee }).where(eq(returnLines.id, line.id));
  }
}

function recordOf(decision: Exclude<ReturnDecision, { outcome: null }>, version: number): RuleDecisionRecord {
  return {
    outcome: decision.outcome,
    ruleId: decision.rule.id,
    ruleName: decision.rule.name,
    version,
    ...(decision.outcome === 'review'
      ? { review: decision.reviews.map((r) => ({ ruleId: r.rule.id, ruleName: r.rule.name, reason: r.reason })) }
      : {})
  };
}

/** The written lines as credited, so the answer and the email show the kept lines' credit without reading them again. */
function creditedLines(written: WrittenReturn, credit: CreditDecision | undefined): WrittenReturn['lines'] {
  if (!credit) return written.lines;
  return written.lines.map((l) => {
    const c = credit.lines.find((d) => d.returnLineId === l.id);
    return c
      ? { ...l, unitsCredited: c.units, amountCreditedCents: c.amountCents, creditMethod: c.method as CreditMethod, keepItem: c.keepItem }
      : l;
  });
}

/**
 * Apply: the decision on the return just written. Review: a flag (the return stays `requested`).
 * Approve: the move to `approved` (what a staff approval does: replacements reserved, webhooks).
 * Keep: the move to `credited`, every line kept (`keepItem`: no parcel, no receipt, no restock) and
 * credited what the settlement rules give. One audit row by the actor `rule`, naming the rule and
 * the version. Answers the return as it now is.
 */
export async function applyDecision(
  tx: Db,
  policy: Policy | null,
  decision: ReturnDecision | null,
  written: WrittenReturn,
  ctx: ServiceContext
): Promise<WrittenReturn> {
  if (!policy || !decision || decision.outcome === null) return written;
  const record = recordOf(decision, policy.version);
  const { ret } = written;
  const to = decision.outcome === 'approve' ? 'approved' : decision.outcome === 'keep' ? 'credited' : ret.state;
  const credit = { lines: Object.fromEntries(written.lines.map((l) => [String(l.id), { keepItem: true }])) };
  const changes = to === ret.state ? {} : await applyMove(tx, ret, to as 'approved', to === 'credited' ? { credit } : {}, ctx);
  const [updated] = await tx
    .update(returns)
    .set({ state: to, ruleDecision: record, ...(to !== ret.state ? { version: ret.version + 1, updatedAt: ctx.now } : {}) })
    .where(eq(returns.id, ret.id))
    .returning();
  await writeAudit(
    tx,
    { type: 'rule', id: null },
    {
      entity: 'return',
      entityId: ret.number,
      returnId: ret.id,
      action: decision.outcome === 'review' ? 'flagged' : 'updated',
      changes: {
        ...changes,
        rule: { id: record.ruleId, name: record.ruleName, version: record.version, outcome: record.outcome },
        ...(record.review ? { review: record.review } : {})
      },
      now: ctx.now
    }
  );
  const decided = (changes as { credit?: [null, CreditDecision] }).credit?.[1];
  return { ret: updated!, lines: creditedLines(written, decided) };
}
