/**
 * The pure evaluation of the shop's return rules (docs/rules.md). No database, no clock: the caller
 * reads the facts (`apply.ts` in a request, `dry-run.ts` for past ones) and passes `now`. Unit-tested in `evaluate.test.ts`.
 *
 * - Rules are read in their list order; a disabled rule, or a disabled set, never matches.
 * - Per line, the first matching rule that sets a window (or final sale) decides the window; the same
 *   for the offered actions and the restocking fee. These three come only from rules whose conditions
 *   are about the line and the order (`lineScoped`): the order page shows them before any request.
 * - The decision of a return: any matching `review` rule on any line flags it (review wins over any
 *   approval: a safety net); otherwise per line the first matching rule that approves or keeps decides
 *   it; the return is kept when every line is kept, approved when every line is approved or kept.
 */
import { defaultLineMethod } from '#shared/settlement.ts';
import type { Rule, RuleConditions, RuleSet } from '#shared/schemas/rules.ts';

const DAY_MS = 86_400_000;

export type PolicyLine = {
  orderLineId: number;
  sku: string;
  productName: string;
  variant: string | null;
  unitPriceCents: number;
  finalSale: boolean;
  tags: readonly string[];
};
/** `shippingCountry`: ISO 3166-1 alpha-2, null when the shop did not say. */
export type PolicyOrder = {
  totalCents: number;
  currency: string;
  placedAt: Date;
  deliveredAt: Date | null;
  shippingCountry: string | null;
};
/** Units on the customer's returns (not rejected nor cancelled) and units they bought, over the last `days` days before this request. */
export type UnitsOver = { days: number; returned: number; bought: number };
/**
 * The customer's history before this request: when each of their returns was made, their credits, and
 * their units returned and bought over each period a return-rate rule names (`rateDays`).
 */
export type PolicyCustomer = {
  email: string;
  returns: readonly Date[];
  credits: readonly { at: Date; cents: number; currency: string }[];
  units?: readonly UnitsOver[];
};
export type PolicyRequest = { reasonCode: string; actionCode: string; quantity: number };

type Context = {
  line: PolicyLine;
  order: PolicyOrder;
  customer?: PolicyCustomer;
  request?: PolicyRequest;
  /** Units asked on the whole request (every line), counted in the return rate. */
  unitsAsked?: number;
  now: Date;
  blocked: boolean;
};

/** Whether `email` or its domain is on the block list (entries `a@b.c`, `@b.c` or `b.c`, lower case). */
export function isBlocked(email: string, blockList: readonly string[]): boolean {
  const lower = email.trim().toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  return blockList.some((entry) => entry === lower || entry.replace(/^@/, '') === domain);
}

/** A rule whose conditions are only about the line and the order: it can decide before any request. */
export function lineScoped(rule: Rule): boolean {
  const w = rule.when;
  return (
    !w.reasons && !w.actions && !w.customerReturnsOver && !w.customerCreditedOver && !w.customerReturnRateOver && w.blocked === undefined
  );
}

/** The longest period a rule's customer-returns or credited condition names (0: none): the history the caller reads. */
export function historyDays(set: RuleSet): number {
  return Math.max(0, ...set.rules.map((r) => Math.max(r.when.customerReturnsOver?.days ?? 0, r.when.customerCreditedOver?.days ?? 0)));
}

/** The periods the enabled return-rate rules name, each once: the caller reads the customer's `units` over each. */
export function rateDays(set: RuleSet): number[] {
  const days = set.rules.flatMap((r) => (r.enabled && r.when.customerReturnRateOver ? [r.when.customerReturnRateOver.days] : []));
  return [...new Set(days)].sort((a, b) => a - b);
}

/**
 * Whether the customer's return rate over `days` is over `percent` %: (units returned before + units asked
 * now) × 100 > percent × units bought, in integers. No unit bought in the period (or no figure): no match.
 */
export function returnRateOver(cond: { percent: number; days: number }, customer: PolicyCustomer | undefined, unitsAsked: number): boolean {
  const u = customer?.units?.find((x) => x.days === cond.days);
  if (!u || u.bought === 0) return false;
  return (u.returned + unitsAsked) * 100 > cond.percent * u.bought;
}

const since = (now: Date, days: number) => now.getTime() - days * DAY_MS;

function lineHolds(w: RuleConditions, line: PolicyLine): boolean {
  if (w.skus && !w.skus.includes(line.sku)) return false;
  if (w.skuPrefixes && !w.skuPrefixes.some((p) => line.sku.startsWith(p))) return false;
  if (w.productName && !line.productName.toLowerCase().includes(w.productName.toLowerCase())) return false;
  if (w.variant && !(line.variant ?? '').toLowerCase().includes(w.variant.toLowerCase())) return false;
  if (w.unitPriceUnderCents !== undefined && !(line.unitPriceCents < w.unitPriceUnderCents)) return false;
  if (w.unitPriceAtLeastCents !== undefined && !(line.unitPriceCents >= w.unitPriceAtLeastCents)) return false;
  if (w.finalSale !== undefined && w.finalSale !== line.finalSale) return false;
  if (w.tags && !w.tags.some((t) => line.tags.some((lt) => lt.toLowerCase() === t.toLowerCase()))) return false;
  return true;
}

function orderHolds(w: RuleConditions, order: PolicyOrder, now: Date): boolean {
  if (w.orderTotalUnderCents !== undefined && !(order.totalCents < w.orderTotalUnderCents)) return false;
  if (w.orderTotalAtLeastCents !== undefined && !(order.totalCents >= w.orderTotalAtLeastCents)) return false;
  if (w.currencies && !w.currencies.includes(order.currency)) return false;
  // An order whose country is unknown matches no country.
  if (w.shippingCountries && !(order.shippingCountry !== null && w.shippingCountries.includes(order.shippingCountry))) return false;
  const age = Math.floor((now.getTime() - (order.deliveredAt ?? order.placedAt).getTime()) / DAY_MS);
  if (w.daysSinceDeliveryAtLeast !== undefined && !(age >= w.daysSinceDeliveryAtLeast)) return false;
  if (w.daysSinceDeliveryUnder !== undefined && !(age < w.daysSinceDeliveryUnder)) return false;
  return true;
}

function requestHolds(w: RuleConditions, ctx: Context): boolean {
  if (w.reasons && !(ctx.request && w.reasons.includes(ctx.request.reasonCode))) return false;
  if (w.actions && !(ctx.request && w.actions.includes(ctx.request.actionCode))) return false;
  const c = ctx.customer;
  if (w.customerReturnsOver) {
    const from = since(ctx.now, w.customerReturnsOver.days);
    if (!c || !(c.returns.filter((at) => at.getTime() >= from).length > w.customerReturnsOver.count)) return false;
  }
  if (w.customerCreditedOver) {
    const from = since(ctx.now, w.customerCreditedOver.days);
    const sum = (c?.credits ?? [])
      .filter((k) => k.at.getTime() >= from && k.currency === ctx.order.currency)
      .reduce((s, k) => s + k.cents, 0);
    if (!(sum > w.customerCreditedOver.cents)) return false;
  }
  if (w.customerReturnRateOver && !returnRateOver(w.customerReturnRateOver, c, ctx.unitsAsked ?? 0)) return false;
  if (w.blocked !== undefined && w.blocked !== ctx.blocked) return false;
  return true;
}

/** Whether every condition of `rule` holds for this line (an absent condition holds). */
export function ruleMatches(rule: Rule, ctx: Context): boolean {
  return rule.enabled && lineHolds(rule.when, ctx.line) && orderHolds(rule.when, ctx.order, ctx.now) && requestHolds(rule.when, ctx);
}

/** A line's terms from the rules: its window (or final sale), the actions offered, the restocking fee, each with the rule that set it. */
export type LineTerms = {
  windowDays: number | null;
  finalSale: boolean;
  windowRule: string | null;
  actions: string[] | null;
  restockingFeePercent: number | null;
};

/** The line's terms (`lineScoped` rules only): what the order page shows and what a request is checked against. */
export function lineTerms(set: RuleSet, line: PolicyLine, order: PolicyOrder, now: Date): LineTerms {
  const terms: LineTerms = { windowDays: null, finalSale: false, windowRule: null, actions: null, restockingFeePercent: null };
  if (!set.enabled) return terms;
  let windowSet = false;
  for (const rule of set.rules) {
    if (!lineScoped(rule) || !ruleMatches(rule, { line, order, now, blocked: false })) continue;
    const t = rule.then;
    if (!windowSet && (t.windowDays !== undefined || t.finalSale)) {
      windowSet = true;
      terms.windowDays = t.windowDays ?? null;
      terms.finalSale = t.finalSale === true;
      terms.windowRule = rule.id;
    }
    if (terms.actions === null && t.actions) terms.actions = [...t.actions];
    if (terms.restockingFeePercent === null && t.restockingFeePercent !== undefined) terms.restockingFeePercent = t.restockingFeePercent;
  }
  return terms;
}

export type LineDecision = { kind: 'approve' | 'keep' | null; rule: Rule | null; review: { rule: Rule; reason: string } | null };

/** One requested line's decision: its first review rule, and its first rule that approves or keeps (keep only on a line paid back in money). */
export function lineDecision(set: RuleSet, ctx: Context & { request: PolicyRequest }): LineDecision {
  const decision: LineDecision = { kind: null, rule: null, review: null };
  if (!set.enabled) return decision;
  for (const rule of set.rules) {
    const t = rule.then;
    if (!t.review && !t.approve && !t.keepItem) continue;
    if (!ruleMatches(rule, ctx)) continue;
    if (t.review && !decision.review) decision.review = { rule, reason: t.review };
    if (decision.kind === null && (t.approve || t.keepItem)) {
      const money = defaultLineMethod(ctx.request.actionCode) !== 'replacement';
      decision.kind = t.keepItem && money ? 'keep' : 'approve';
      decision.rule = rule;
    }
  }
  return decision;
}

export type ReturnDecision =
  | { outcome: null; lines: LineDecision[] }
  | { outcome: 'approve' | 'keep'; rule: Rule; lines: LineDecision[] }
  | { outcome: 'review'; rule: Rule; reviews: { rule: Rule; reason: string }[]; lines: LineDecision[] };

/** The decision of a whole return from its lines' decisions (see the file's comment). */
export function returnDecision(lines: LineDecision[]): ReturnDecision {
  const reviews = lines.flatMap((l) => (l.review ? [l.review] : []));
  const unique = reviews.filter((r, i) => reviews.findIndex((o) => o.rule.id === r.rule.id) === i);
  if (unique.length) return { outcome: 'review', rule: unique[0]!.rule, reviews: unique, lines };
  if (!lines.length || lines.some((l) => l.kind === null)) return { outcome: null, lines };
  const outcome = lines.every((l) => l.kind === 'keep') ? 'keep' : 'approve';
  const rule = (outcome === 'approve' ? lines.find((l) => l.kind === 'approve') : lines[0])!.rule!;
  return { outcome, rule, lines };
}

/** Evaluates a request: each line's decision, then the return's. */
export function decide(
  set: RuleSet,
  requested: { line: PolicyLine; request: PolicyRequest }[],
  order: PolicyOrder,
  customer: PolicyCustomer,
  now: Date
): ReturnDecision {
  const blocked = isBlocked(customer.email, set.blockList);
  const unitsAsked = requested.reduce((n, r) => n + r.request.quantity, 0);
  return returnDecision(
    requested.map(({ line, request }) => lineDecision(set, { line, request, order, customer, unitsAsked, now, blocked }))
  );
}
