/** Receipt and credit of a return: conditions, methods, the money rules. Pure: used by server and SPA (docs/decisions.md). */

export const CONDITIONS = ['resellable', 'damaged', 'missing'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const CREDIT_METHODS = ['refund', 'store_credit', 'replacement'] as const;
export type CreditMethod = (typeof CREDIT_METHODS)[number];

/** The condition staff start from for units that arrived: a defective product arrives damaged, anything else resellable. */
export function defaultCondition(reasonCode: string, unitsReceived: number): Condition {
  if (unitsReceived === 0) return 'missing';
  return reasonCode === 'defective' ? 'damaged' : 'resellable';
}

/** The method a credit starts from: what the shopper asked for on the first line (an exchange is a replacement). */
export function defaultMethod(actionCodes: string[]): CreditMethod {
  const first = actionCodes[0];
  if (first === 'store_credit') return 'store_credit';
  if (first === 'replacement' || first === 'exchange_size') return 'replacement';
  return 'refund';
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

/** How a credit is given, in the shopper's words (emails; the SPA has the same texts in its message catalogues). */
export const CREDIT_METHOD_TEXT: Record<CreditMethod, Record<'en' | 'fr', string>> = {
  refund: { en: 'refund to your original payment method', fr: 'remboursement sur votre moyen de paiement d’origine' },
  store_credit: { en: 'store credit', fr: 'avoir en boutique' },
  replacement: { en: 'replacement', fr: 'remplacement' }
};

/** The credit in one plain sentence: "€45.00 will be refunded to your original payment method." */
export function creditSentence(method: CreditMethod | null, amount: string | null, locale: 'en' | 'fr'): string {
  if (method === null || amount === null) {
    return locale === 'fr' ? 'Le montant de ce crédit n’a pas été enregistré.' : 'The amount of this credit was not recorded.';
  }
  const text = {
    refund: {
      en: `${amount} will be refunded to your original payment method.`,
      fr: `${amount} vous sera remboursé sur votre moyen de paiement d’origine.`
    },
    store_credit: { en: `${amount} will be given to you as store credit.`, fr: `${amount} vous sera accordé en avoir en boutique.` },
    replacement: {
      en: `A replacement worth ${amount} will be sent to you.`,
      fr: `Un remplacement d’une valeur de ${amount} vous sera envoyé.`
    }
  };
  return text[method][locale];
}
