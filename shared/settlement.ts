/** Receipt and credit of a return: conditions, methods, the money rules. Pure: used by server and SPA (docs/decisions.md). */

export const CONDITIONS = ['resellable', 'damaged', 'missing'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** How a line is credited: money back, store credit, a replacement sent, or kept (nothing credited: the item stays with the shopper). */
export const CREDIT_METHODS = ['refund', 'store_credit', 'replacement', 'kept'] as const;
export type CreditMethod = (typeof CREDIT_METHODS)[number];
/** A return's credit as one word: its lines' one method, or `mixed` when they differ. */
export type ReturnCreditMethod = CreditMethod | 'mixed';
/** The methods a credit's total is split by (a line kept adds nothing). */
export const MONEY_METHODS = ['refund', 'store_credit', 'replacement'] as const;
export type CreditTotals = Record<(typeof MONEY_METHODS)[number], number>;

/** The condition staff start from for units that arrived: a defective product arrives damaged, anything else resellable. */
export function defaultCondition(reasonCode: string, unitsReceived: number): Condition {
  if (unitsReceived === 0) return 'missing';
  return reasonCode === 'defective' ? 'damaged' : 'resellable';
}

/** The method a line's credit starts from: what the shopper asked for on it (an exchange is a replacement; anything else a refund). */
export function defaultLineMethod(actionCode: string): CreditMethod {
  if (actionCode === 'store_credit') return 'store_credit';
  if (actionCode === 'replacement' || actionCode === 'exchange_size') return 'replacement';
  return 'refund';
}

/** A return's method in one word: the lines' method when they share one, else `mixed`. */
export function returnMethod(lineMethods: CreditMethod[]): ReturnCreditMethod {
  const [first, ...rest] = lineMethods;
  if (first === undefined) return 'refund';
  return rest.every((m) => m === first) ? first : 'mixed';
}

/** What the return-shipping deduction is taken from: the lines paid in money (refund and store credit), never a replacement. */
export function moneyLinesCents(lines: { method: CreditMethod | null; amountCents: number | null }[]): number {
  return lines.reduce((sum, l) => sum + (l.method === 'refund' || l.method === 'store_credit' ? (l.amountCents ?? 0) : 0), 0);
}

/**
 * A credit's total split by method (docs/decisions.md "A credit outcome per line"): each method's lines,
 * the return-shipping deduction taken from the refunded lines first, then from the store credit; the
 * shipping refunded goes to the original payment method (`refund`). The parts add up to the return's total.
 */
export function creditTotals(
  lines: { method: CreditMethod | null; amountCents: number | null }[],
  deductionCents: number,
  shippingRefundedCents: number
): CreditTotals {
  const sum = (method: CreditMethod) => lines.reduce((s, l) => s + (l.method === method ? (l.amountCents ?? 0) : 0), 0);
  const refundLines = sum('refund');
  const fromRefund = Math.min(deductionCents, refundLines);
  return {
    refund: refundLines - fromRefund + shippingRefundedCents,
    store_credit: sum('store_credit') - (deductionCents - fromRefund),
    replacement: sum('replacement')
  };
}

/**
 * THE rounding rule, the only place money is divided: a percentage of an amount in minor units,
 * rounded half up to a whole minor unit (12.5 → 13). Integers in, integer out.
 */
export function percentOf(amountCents: number, percent: number): number {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError('amount must be a non-negative integer');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError('percent must be an integer from 0 to 100');
  return Math.floor((amountCents * percent + 50) / 100);
}

/** What was paid for `units` units of a line. */
export function paidFor(unitPriceCents: number, units: number): number {
  return unitPriceCents * units;
}

/** What a line may be credited by default: paid for the units, minus the reason's restocking fee (rounded by percentOf). */
export function creditableCents(unitPriceCents: number, units: number, feePercent: number): number {
  const paid = paidFor(unitPriceCents, units);
  return paid - percentOf(paid, feePercent);
}

/** The return-shipping deduction actually taken: the shop's flat amount, never more than the lines' credit. */
export function shippingDeduction(linesCents: number, flatCents: number): number {
  return Math.min(linesCents, flatCents);
}

/** What may still be credited on an order line over all its returns: what was paid for the units bought, less what was credited. */
export function stillCreditableCents(unitPriceCents: number, bought: number, amountCreditedCents: number): number {
  return Math.max(0, paidFor(unitPriceCents, bought) - amountCreditedCents);
}

/** The order's shipping that may still be refunded (0 when unknown): its amount less what its returns refunded. */
export function shippingRefundable(shippingCents: number | null, refundedCents: number): number {
  return shippingCents === null ? 0 : Math.max(0, shippingCents - refundedCents);
}
