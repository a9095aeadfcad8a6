/** Exchanges: which actions are one, and the price difference rule. Pure: used by server and SPA (docs/decisions.md "Exchanges"). */

/** Action codes that ask for another variant of the same product instead of the item returned. */
export const EXCHANGE_ACTIONS: readonly string[] = ['exchange_size'];

export const isExchangeAction = (code: string): boolean => EXCHANGE_ACTIONS.includes(code);

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

/**
 * States in which an exchange's replacement units are held for the return: from approval on. A
 * return entering one of them from elsewhere reserves them; one ending rejected or cancelled releases them.
 */
export const REPLACEMENT_HELD_STATES: readonly string[] = ['approved', 'received', 'items_needed', 'credited'];
