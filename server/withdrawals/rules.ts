/** The pure rules of the EU withdrawal function (Article 11a of 2011/83/EU as amended by 2023/2673). */
import { endOfNthDayAfter } from '#shared/periods.ts';

/** The refund is due within 14 days of the trader being informed of the withdrawal (Article 13). */
export const REFUND_DAYS = 14;

/** Why a statement was not matched to an order automatically (staff see it; the consumer never does). */
export type UnmatchedReason = 'no_order' | 'out_of_period' | 'not_delivered' | 'nothing_returnable' | 'items_to_pick';

/**
 * The mailbox an address reaches, for the per-email limit: case ignored and a `+tag` dropped from
 * the part before `@` (`Victim+1@x` counts as `victim@x`), since most mail services deliver both to
 * the same person.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.toLowerCase();
  const local = email.slice(0, at).replace(/\+.*$/, '');
  return `${local}@${email.slice(at + 1)}`.toLowerCase();
}

/**
 * The instant the withdrawal period is over: the end of the `days`-th day after delivery in the shop's
 * time zone (after the order date when the date of delivery is unknown). Null while not delivered.
 */
export function withdrawalClosesAt(
  order: { status: string; placedAt: Date; deliveredAt: Date | null },
  settings: { withdrawalDays: number; timeZone: string }
): Date | null {
  if (order.status !== 'delivered') return null;
  return endOfNthDayAfter(order.deliveredAt ?? order.placedAt, settings.withdrawalDays, settings.timeZone);
}

/** Whether an order is still within its withdrawal period at `now` (only delivered orders are matched). */
export function withinPeriod(
  order: { status: string; placedAt: Date; deliveredAt: Date | null },
  settings: { withdrawalDays: number; timeZone: string },
  now: Date
): 'within' | 'out_of_period' | 'not_delivered' {
  const closes = withdrawalClosesAt(order, settings);
  if (!closes) return 'not_delivered';
  return now.getTime() < closes.getTime() ? 'within' : 'out_of_period';
}

/** When the shop must have refunded: the end of the 14th day after the statement, in the shop's time zone. */
export function refundDeadline(submittedAt: Date, timeZone: string): Date {
  return endOfNthDayAfter(submittedAt, REFUND_DAYS, timeZone);
}
