/** The pure rules of returnability (README, "Using it"), shared by the shopper and staff paths. */
import { offeredForOneSize } from '#shared/exchanges.ts';
import { endOfNthDayAfter } from '#shared/periods.ts';

export type BlockedReason = 'not_delivered' | 'window_passed' | 'final_sale' | 'all_on_returns';

export type LineFacts = { quantity: number; unitsOnReturns: number; finalSale: boolean };

/** What the shop's rules set for a line (docs/rules.md): its own window (null: the shop's), the actions offered on it (null: all). */
export type LineRuleTerms = { windowDays?: number | null; offeredActions?: string[] | null };
export type OrderFacts = { status: string; placedAt: Date; deliveredAt: Date | null };

/** Units still free to return: ordered minus units on returns that are not rejected/cancelled. */
export function returnableQuantity(line: LineFacts): number {
  return Math.max(0, line.quantity - line.unitsOnReturns);
}

/**
 * The instant the return window closes: at the end of the `windowDays`-th day after the day of
 * delivery (of the order, when the delivery date is unknown), in the shop's time zone. The answer
 * is that exclusive instant, the next local midnight; the last day shown to people is the day
 * before it. Null while not delivered.
 */
export function windowClosesAt(order: OrderFacts, windowDays: number, timeZone = 'UTC'): Date | null {
  if (order.status !== 'delivered') return null;
  return endOfNthDayAfter(order.deliveredAt ?? order.placedAt, windowDays, timeZone);
}

/** Why a shopper cannot return this line now, or null when they can (some units, in the window). */
export function blockedReason(order: OrderFacts, line: LineFacts, windowDays: number, now: Date, timeZone = 'UTC'): BlockedReason | null {
  if (line.finalSale) return 'final_sale';
  return claimBlockedReason(order, line, windowDays, now, timeZone);
}

/**
 * Why a shopper cannot claim this line now (docs/decisions.md "Claims"), or null: the claim window
 * counts from delivery like the return window; a final sale may be claimed (a missing or damaged
 * item is the delivery's fault, not a change of mind); units already on returns or claims are not.
 * A return's block is this one, with the final sale first (`blockedReason`).
 */
export function claimBlockedReason(
  order: OrderFacts,
  line: LineFacts,
  claimWindowDays: number,
  now: Date,
  timeZone = 'UTC'
): BlockedReason | null {
  const closes = windowClosesAt(order, claimWindowDays, timeZone);
  if (!closes) return 'not_delivered';
  if (now.getTime() >= closes.getTime()) return 'window_passed';
  if (returnableQuantity(line) === 0) return 'all_on_returns';
  return null;
}

/** Checks each claimed line (`lines.<i>.<field>` → why; empty when every line may be claimed as asked). */
export function checkClaimLines(
  requested: { orderLineId: number; quantity: number }[],
  facts: { order: OrderFacts; lines: (LineFacts & { id: number })[]; claimWindowDays: number; timeZone: string; now: Date }
): Record<string, string> {
  const fields: Record<string, string> = {};
  requested.forEach((req, i) => {
    const line = facts.lines.find((l) => l.id === req.orderLineId);
    if (!line) {
      fields[`lines.${i}.orderLineId`] = 'unknown_line';
      return;
    }
    const blocked = claimBlockedReason(facts.order, line, facts.claimWindowDays, facts.now, facts.timeZone);
    if (blocked && blocked !== 'all_on_returns') fields[`lines.${i}.orderLineId`] = blocked;
    if (req.quantity > returnableQuantity(line)) fields[`lines.${i}.quantity`] = 'exceeds_returnable';
  });
  return fields;
}

/** Lines staff may accept despite these (recorded in the audit trail); never "not delivered yet". */
export const OVERRIDABLE: readonly BlockedReason[] = ['window_passed', 'final_sale'];

export type LineRequest = { orderLineId: number; quantity: number; reasonId: number; reasonText?: string; actionId: number };

/** What checkLines needs to know of the order, the shop and the active reasons and actions. */
export type LineCheckFacts = {
  order: OrderFacts;
  /** `oneSize`: the line's product is made in one size (`isOneSize`), so no size reason nor size exchange. */
  lines: (LineFacts & LineRuleTerms & { id: number; oneSize?: boolean })[];
  reasons: { id: number; code: string; needsText: boolean }[];
  actions: { id: number; code: string }[];
  windowDays: number;
  /** The shop's time zone, in which the window's last day ends. */
  timeZone?: string;
  now: Date;
  /** Staff asked to accept lines outside the window or on final sale. */
  override: boolean;
};

export type LineCheck = {
  /** `lines.<i>.<field>` → why; empty when every line may be returned as asked. */
  fields: Record<string, string>;
  overridden: { orderLineId: number; reason: BlockedReason }[];
};

/**
 * Checks each requested line against the order: its line, window, units, reason and action (on a
 * one-size product, neither "Wrong size" nor an exchange for another size: `one_size`); a line's own
 * window and offered actions, when the shop's rules set them (`LineRuleTerms`: `action_not_offered`).
 */
export function checkLines(requested: LineRequest[], facts: LineCheckFacts): LineCheck {
  const fields: Record<string, string> = {};
  const overridden: LineCheck['overridden'] = [];
  requested.forEach((req, i) => {
    const line = facts.lines.find((l) => l.id === req.orderLineId);
    if (!line) {
      fields[`lines.${i}.orderLineId`] = 'unknown_line';
      return;
    }
    const blocked = blockedReason(facts.order, line, line.windowDays ?? facts.windowDays, facts.now, facts.timeZone);
    if (blocked && blocked !== 'all_on_returns') {
      if (facts.override && OVERRIDABLE.includes(blocked)) overridden.push({ orderLineId: line.id, reason: blocked });
      else fields[`lines.${i}.orderLineId`] = blocked;
    }
    if (req.quantity > returnableQuantity(line)) fields[`lines.${i}.quantity`] = 'exceeds_returnable';
    const reason = facts.reasons.find((r) => r.id === req.reasonId);
    if (!reason) fields[`lines.${i}.reasonId`] = 'invalid_reason';
    else if (line.oneSize && !offeredForOneSize(reason.code)) fields[`lines.${i}.reasonId`] = 'one_size';
    else if (reason.needsText && !req.reasonText) fields[`lines.${i}.reasonText`] = 'reason_text_required';
    const action = facts.actions.find((a) => a.id === req.actionId);
    if (!action) fields[`lines.${i}.actionId`] = 'invalid_action';
    else if (line.oneSize && !offeredForOneSize(action.code)) fields[`lines.${i}.actionId`] = 'one_size';
    else if (line.offeredActions && !line.offeredActions.includes(action.code)) fields[`lines.${i}.actionId`] = 'action_not_offered';
  });
  return { fields, overridden };
}

/** "Other" (code `other`, or an item labelled so) goes last in a menu, whatever is added after it; the rest keep their order. */
export function otherLast<T extends { code: string; labelEn: string }>(items: T[]): T[] {
  const isOther = (i: T) => i.code === 'other' || i.labelEn.trim().toLowerCase() === 'other';
  return [...items.filter((i) => !isOther(i)), ...items.filter(isOther)];
}
