/** Exchanges: which actions are one, and the price difference rule. Pure: used by server and SPA (docs/decisions.md "Exchanges"). */

/** Action codes that ask for another variant of the same product instead of the item returned. */
export const EXCHANGE_ACTIONS: readonly string[] = ['exchange_size'];

export const isExchangeAction = (code: string): boolean => EXCHANGE_ACTIONS.includes(code);

const ONE_SIZE_LABEL = /^(one[ -]size|taille unique|unique|tu|os)$/i;

/**
 * A one-size product: a single variant in the catalogue, whose label names no size (none, or "One
 * size" / « Taille unique »). A single variant labelled "M" is a sized product with one size in stock.
 */
export const isOneSize = (variantCount: number, label: string | null): boolean =>
  variantCount === 1 && (!label?.trim() || ONE_SIZE_LABEL.test(label.trim()));

/** Reason codes about the size, which a product made in one size cannot have. */
export const SIZE_REASONS: readonly string[] = ['wrong_size'];

/**
 * Whether a reason or action (by code) is offered on a line of a one-size product (one variant):
 * not "Wrong size", not an exchange for another size. Every other one is.
 */
export const offeredForOneSize = (code: string): boolean => !SIZE_REASONS.includes(code) && !EXCHANGE_ACTIONS.includes(code);

/** Action codes after which the shop sends something back: a replacement of the same item, or an exchange. */
export const REPLACEMENT_ACTIONS: readonly string[] = ['replacement', ...EXCHANGE_ACTIONS];

/**
 * Whether a return line has a replacement to send: its action asks for one, or a replacement variant
 * is recorded. Only then may a return move to `items_needed` ("Replacement being sent").
 */
export const sendsReplacement = (line: { actionCode: string; replacementVariantId: number | null }): boolean =>
  REPLACEMENT_ACTIONS.includes(line.actionCode) || line.replacementVariantId !== null;

/**
 * THE price difference of an exchange, in the order's minor units: (replacement price − unit price
 * paid on the order line) × units. Positive: the shopper owes it; negative: the shop owes it; zero: no
 * money moves. Integers in, integer out (no rounding: nothing is divided).
 */
export function priceDifference(replacementPriceCents: number, unitPricePaidCents: number, units: number): number {
  for (const n of [replacementPriceCents, unitPricePaidCents, units]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('prices and units must be non-negative integers');
  }
  return (replacementPriceCents - unitPricePaidCents) * units;
}
