/** The pure rules of returnability (SPEC §3), shared by the shopper and staff paths. */

export const DAY_MS = 86_400_000;

export type BlockedReason = 'not_delivered' | 'window_passed' | 'final_sale' | 'all_on_returns';

export type LineFacts = { quantity: number; unitsOnReturns: number; finalSale: boolean };
export type OrderFacts = { status: string; placedAt: Date; deliveredAt: Date | null };

/** Units still free to return: ordered minus units on returns that are not rejected/cancelled. */
export function returnableQuantity(line: LineFacts): number {
  return Math.max(0, line.quantity - line.unitsOnReturns);
}

/**
 * The instant the return window closes: `windowDays` × 24 h after delivery, or after the order date
 * when the order is delivered but the date of delivery is unknown. Null while not delivered.
 * An exact instant, so "the last day" is the same moment in every time zone.
 */
export function windowClosesAt(order: OrderFacts, windowDays: number): Date | null {
  if (order.status !== 'delivered') return null;
  const start = order.deliveredAt ?? order.placedAt;
  return new Date(start.getTime() + windowDays * DAY_MS);
}

/** Why a shopper cannot return this line now, or null when they can (some units, in the window). */
export function blockedReason(order: OrderFacts, line: LineFacts, windowDays: number, now: Date): BlockedReason | null {
  if (line.finalSale) return 'final_sale';
  const closes = windowClosesAt(order, windowDays);
  if (!closes) return 'not_delivered';
  if (now.getTime() >= closes.getTime()) return 'window_passed';
  if (returnableQuantity(line) === 0) return 'all_on_returns';
  return null;
}
