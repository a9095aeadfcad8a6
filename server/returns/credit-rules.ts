/**
 * The pure refusals and decisions of receipt and credit (docs/decisions.md "Receipt and credit"):
 * given what a return's lines are and what staff asked, the credit per line or the 4xx naming the
 * field. No database: `settlement.ts` reads the facts, calls these and writes; unit-tested in
 * `credit-rules.test.ts`.
 */
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import {
  creditableCents,
  defaultLineMethod,
  moneyLinesCents,
  paidFor,
  returnMethod,
  shippingDeduction,
  shippingRefundable,
  type CreditMethod,
  type ReturnCreditMethod
} from '#shared/settlement.ts';
import { ApiError, type ApiErrorCode, type FieldErrors } from '../http/errors.ts';

export const refusal = (status: number, code: ApiErrorCode, message: string, fields: FieldErrors) =>
  new ApiError(status, code, message, { fields });

/** Receipt and credit are decided on a given move only: `receipt` on reaching received, `credit` on reaching credited. */
export function refuseSettlementNow(input: { receipt?: ReceiptInput; credit?: CreditInput }, arrives: boolean, credits: boolean): void {
  if (input.receipt && Object.keys(input.receipt).length && !arrives) {
    throw refusal(422, 'receipt_not_now', 'What arrived is recorded when the return moves to Items received.', {
      receipt: 'receipt_not_now'
    });
  }
  if (input.credit && !credits) {
    throw refusal(422, 'credit_not_now', 'The credit is decided when the return moves to Items credited.', { credit: 'credit_not_now' });
  }
}

/** Every key of `input` names a line of this return (else 400 `invalid_request`, `<field>.<key>: unknown_line`). */
export function refuseUnknownLines(input: Record<string, unknown>, lineIds: number[], field: string): void {
  for (const key of Object.keys(input)) {
    if (!lineIds.includes(Number(key))) {
      throw refusal(400, 'invalid_request', 'The request names a line that is not on this return.', {
        [`${field}.${key}`]: 'unknown_line'
      });
    }
  }
}

/** A credit is decided once: asking for one again is 422 `credit_decided`; a move to credited without one keeps the first. */
export function refuseCreditDecided(input: CreditInput | undefined): void {
  if (input) throw refusal(422, 'credit_decided', 'The credit of this return is already decided.', { credit: 'credit_decided' });
}

/**
 * An exchange is never paid twice (docs/decisions.md "A credit outcome per line"): a line whose
 * replacement is reserved is credited as that replacement, unless staff release it in the same save
 * (`releaseReplacement`); a release is asked only of such a line credited otherwise.
 */
export function refuseReplacementPaidTwice(
  line: { reservedReplacement: number | null },
  method: CreditMethod,
  releaseReplacement: boolean,
  field: string
): void {
  const reserved = line.reservedReplacement !== null;
  if (reserved && method !== 'replacement' && !releaseReplacement) {
    throw refusal(
      422,
      'replacement_reserved',
      'This line’s replacement is reserved to be sent: credit it as the replacement, or release the replacement in the same save.',
      { [`${field}.method`]: 'replacement_reserved' }
    );
  }
  if (releaseReplacement && (!reserved || method === 'replacement')) {
    throw refusal(400, 'invalid_request', 'Only a reserved replacement credited otherwise is released.', {
      [`${field}.releaseReplacement`]: reserved ? 'credited_as_replacement' : 'nothing_reserved'
    });
  }
}

/**
 * The shipping staff refund with a credit (docs/decisions.md "Refunding shipping"): none unless the order's
 * shipping is known, and over all the order's returns never more than it (`shippingRefundable`).
 */
export function refuseShippingRefund(cents: number, order: { shippingCents: number | null; shippingRefundedCents: number }): number {
  if (cents === 0) return 0;
  const field = 'credit.refundShippingCents';
  if (order.shippingCents === null) {
    throw refusal(422, 'shipping_unknown', 'The order’s shipping amount is unknown, so no shipping can be refunded.', {
      [field]: 'shipping_unknown'
    });
  }
  if (cents > shippingRefundable(order.shippingCents, order.shippingRefundedCents)) {
    throw refusal(422, 'shipping_over_paid', 'With the other returns of this order, more shipping would be refunded than was paid.', {
      [field]: 'exceeds_shipping'
    });
  }
  return cents;
}

/** What the credit of one line depends on: the line, what arrived, its order line's money, its reserved replacement. */
export type CreditLineFacts = {
  id: number;
  quantity: number;
  unitsReceived: number | null;
  feePercent: number;
  actionCode: string;
  unitPriceCents: number;
  /** The order line's units bought, and what its returns already had credited (units, amount). */
  bought: number;
  creditedOnLine: number;
  amountOnLine: number;
  /** The line's replacement reserved now (an exchange approved), or null. */
  reservedReplacement: number | null;
};

export type CreditedLine = {
  returnLineId: number;
  method: CreditMethod;
  units: number;
  amountCents: number;
  keepItem: boolean;
  /** Its reserved replacement went back to stock with this credit. */
  replacementReleased?: true;
};

type LineAsk = NonNullable<CreditInput['lines']>[string];

/** A line the shopper keeps is credited nothing (422 `credit_kept_not_zero` when units or an amount are asked). */
function keptLine(line: CreditLineFacts, g: LineAsk, field: string): CreditedLine {
  if ((g.units ?? 0) > 0 || (g.amountCents ?? 0) > 0) {
    throw refusal(422, 'credit_kept_not_zero', 'A line the shopper keeps is credited nothing.', {
      [`${field}.${(g.units ?? 0) > 0 ? 'units' : 'amountCents'}`]: 'kept_is_zero'
    });
  }
  return { returnLineId: line.id, method: 'kept', units: 0, amountCents: 0, keepItem: false };
}

/** The units credited on a line: at most those on it, those that arrived unless "keep the item", and what the order line has left. */
function creditedUnits(line: CreditLineFacts, g: LineAsk, field: string): number {
  const keepItem = g.keepItem ?? false;
  const received = line.unitsReceived ?? 0;
  const units = g.units ?? (keepItem ? line.quantity : received);
  if (units > line.quantity) {
    throw refusal(422, 'credit_over_requested', 'More units credited than are on this line of the return.', {
      [`${field}.units`]: 'exceeds_requested'
    });
  }
  if (units > received && !keepItem) {
    throw refusal(
      422,
      'credit_over_received',
      'More units credited than arrived: choose "keep the item" to credit units that did not come back.',
      { [`${field}.units`]: 'exceeds_received' }
    );
  }
  if (line.creditedOnLine + units > line.bought) {
    throw refusal(422, 'credit_over_bought', 'These units are already credited on another return of this order line.', {
      [`${field}.units`]: 'exceeds_bought'
    });
  }
  return units;
}

/** The amount credited for `units`: default `creditableCents`; never more than paid for them, nor over the order line's returns. */
function creditedAmount(line: CreditLineFacts, units: number, g: LineAsk, field: string): number {
  const amountCents = g.amountCents ?? creditableCents(line.unitPriceCents, units, line.feePercent);
  if (amountCents > paidFor(line.unitPriceCents, units)) {
    throw refusal(422, 'credit_over_paid', 'The amount is more than was paid for these units.', {
      [`${field}.amountCents`]: 'exceeds_paid'
    });
  }
  if (line.amountOnLine + amountCents > paidFor(line.unitPriceCents, line.bought)) {
    throw refusal(422, 'credit_over_paid', 'With the other returns of this order line, more would be credited than was paid.', {
      [`${field}.amountCents`]: 'exceeds_paid'
    });
  }
  return amountCents;
}

/**
 * The credit of each line (`credit.lines.<id>`): the method (default: what the shopper asked for on
 * it, `defaultLineMethod`), the units and the amount, every refusal naming its field. Answers the
 * lines and the ids of those whose reserved replacement staff release with this credit.
 */
export function creditLines(lines: CreditLineFacts[], input: CreditInput | undefined): { lines: CreditedLine[]; release: number[] } {
  const given = input?.lines ?? {};
  refuseUnknownLines(
    given,
    lines.map((l) => l.id),
    'credit.lines'
  );
  const release: number[] = [];
  const decided = lines.map((line): CreditedLine => {
    const field = `credit.lines.${line.id}`;
    const g = given[String(line.id)] ?? {};
    const method = g.method ?? input?.method ?? defaultLineMethod(line.actionCode);
    refuseReplacementPaidTwice(line, method, g.releaseReplacement ?? false, field);
    if (g.releaseReplacement) release.push(line.id);
    if (method === 'kept') return keptLine(line, g, field);
    const units = creditedUnits(line, g, field);
    return { returnLineId: line.id, method, units, amountCents: creditedAmount(line, units, g, field), keepItem: g.keepItem ?? false };
  });
  return { lines: decided, release };
}

export type CreditSummary = {
  /** The lines' one method, or `mixed`. */
  method: ReturnCreditMethod;
  shippingDeductionCents: number;
  /** The order's shipping refunded with this return (staff's choice, default 0). */
  shippingRefundedCents: number;
  totalCents: number;
};

/** The return's credit from its lines: the method, the shop's return-shipping deduction (from the lines paid in money), the total. */
export function creditSummary(
  lines: CreditedLine[],
  input: CreditInput | undefined,
  returnShippingCents: number,
  shippingRefundedCents: number
): CreditSummary {
  const linesCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const deduction = (input?.deductShipping ?? true) ? shippingDeduction(moneyLinesCents(lines), returnShippingCents) : 0;
  return {
    method: returnMethod(lines.map((l) => l.method)),
    shippingDeductionCents: deduction,
    shippingRefundedCents,
    totalCents: linesCents - deduction + shippingRefundedCents
  };
}
