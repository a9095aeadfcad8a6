import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import {
  creditableCents,
  creditTotals,
  defaultCondition,
  defaultLineMethod,
  moneyLinesCents,
  paidFor,
  returnMethod,
  shippingDeduction,
  shippingRefundable,
  type Condition,
  type CreditMethod,
  type ReturnCreditMethod
} from '#shared/settlement.ts';
import type { Db } from '../db/client.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns, stockReservations } from '../db/schema.ts';
import { ApiError, type ApiErrorCode, type FieldErrors } from '../http/errors.ts';
import { queueReturnCredited } from '../outbound/webhooks.ts';
import { releaseLineReplacements } from './exchanges.ts';

/**
 * Receipt and credit of a return (docs/decisions.md "Receipt and credit"): what arrived per line and
 * in what condition, then the credit decided once. The money rules are pure in `#shared/settlement.ts`;
 * the database holds the invariants (migration 0006_settlement_invariants): receipt and credit written once, never more
 * credited than paid for a line's units, nor over all of an order line's returns than bought and paid.
 */

const refusal = (status: number, code: ApiErrorCode, message: string, fields: FieldErrors) =>
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

async function settlementLines(tx: Db, returnId: number) {
  return tx
    .select({
      id: returnLines.id,
      orderLineId: returnLines.orderLineId,
      quantity: returnLines.quantity,
      unitsReceived: returnLines.unitsReceived,
      condition: returnLines.condition,
      unitsCredited: returnLines.unitsCredited,
      reasonCode: returnReasons.code,
      feePercent: returnReasons.restockingFeePercent,
      actionCode: returnActions.code,
      unitPriceCents: orderLines.unitPriceCents,
      bought: orderLines.quantity,
      creditedOnLine: orderLines.unitsCredited,
      amountOnLine: orderLines.amountCreditedCents,
      /** The line's replacement reserved now (an exchange approved): the units set aside to be sent. */
      reservedReplacement: stockReservations.id
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(returnActions, eq(returnActions.id, returnLines.actionId))
    .leftJoin(stockReservations, and(eq(stockReservations.returnLineId, returnLines.id), isNull(stockReservations.releasedAt)))
    .where(eq(returnLines.returnId, returnId))
    .orderBy(asc(returnLines.orderLineId), asc(returnLines.id));
}

function refuseUnknownLines(input: Record<string, unknown>, lineIds: number[], field: string): void {
  for (const key of Object.keys(input)) {
    if (!lineIds.includes(Number(key))) {
      throw refusal(400, 'invalid_request', 'The request names a line that is not on this return.', {
        [`${field}.${key}`]: 'unknown_line'
      });
    }
  }
}

/**
 * Records, for each line of a return reaching `received`, the units that arrived (default: all
 * requested) and their condition (default: `defaultCondition`, or resellable when staff restock the
 * line). A line already received (a reopened return received again) keeps its first receipt.
 * Answers the receipt per return line id, for the audit row.
 */
export async function recordReceipt(
  tx: Db,
  returnId: number,
  receipt: ReceiptInput,
  restock: Record<string, boolean>
): Promise<Record<string, { units: number | null; condition: string | null }>> {
  const lines = await settlementLines(tx, returnId);
  refuseUnknownLines(
    receipt,
    lines.map((l) => l.id),
    'receipt'
  );
  const result: Record<string, { units: number | null; condition: string | null }> = {};
  for (const line of lines) {
    const key = String(line.id);
    const given = receipt[key];
    if (line.unitsReceived !== null) {
      if (given)
        throw refusal(422, 'receipt_decided', 'What arrived on this line is already recorded.', { [`receipt.${key}`]: 'receipt_decided' });
      result[key] = { units: line.unitsReceived, condition: line.condition };
      continue;
    }
    const units = given?.units ?? line.quantity;
    if (units > line.quantity) {
      throw refusal(422, 'receipt_over_requested', 'More units received than were asked to be returned on this line.', {
        [`receipt.${key}.units`]: 'exceeds_requested'
      });
    }
    const condition: Condition =
      given?.condition ?? (units > 0 && restock[key] === true ? 'resellable' : defaultCondition(line.reasonCode, units));
    if ((units === 0) !== (condition === 'missing')) {
      throw refusal(422, 'receipt_condition', 'A line is missing exactly when none of its units arrived.', {
        [`receipt.${key}.condition`]: units === 0 ? 'must_be_missing' : 'cannot_be_missing'
      });
    }
    await tx.update(returnLines).set({ unitsReceived: units, condition }).where(eq(returnLines.id, line.id));
    result[key] = { units, condition };
  }
  return result;
}

export type CreditDecision = {
  /** The lines' one method, or `mixed`. */
  method: ReturnCreditMethod;
  shippingDeductionCents: number;
  /** The order's shipping refunded with this return (staff's choice, default 0). */
  shippingRefundedCents: number;
  totalCents: number;
  lines: {
    returnLineId: number;
    method: CreditMethod;
    units: number;
    amountCents: number;
    keepItem: boolean;
    /** Its reserved replacement went back to stock with this credit. */
    replacementReleased?: true;
  }[];
};

/**
 * Decides the credit of a return moving to `credited`, once: per line the method (default: what the
 * shopper asked for on it, `defaultLineMethod`; a line whose replacement is reserved is a replacement
 * unless its release is asked in the same save, else 422 `replacement_reserved`), the units (default:
 * those that arrived; more only with "keep the item"; none on a line kept) and the amount (default:
 * `creditableCents`, at most what was paid for the units; none on a line kept), the shop's
 * return-shipping deduction (from the lines paid in money). Checked against what the
 * order line already had credited on other returns, under the order's lock. A return whose credit is
 * already decided (reopened, then credited again) keeps it: answers undefined.
 */
export async function decideCredit(
  tx: Db,
  ret: { id: number; orderId: number; creditDecidedAt: Date | null },
  input: CreditInput | undefined,
  ctx: { returnShippingCents: number; now: Date; webhooks: boolean }
): Promise<CreditDecision | undefined> {
  if (ret.creditDecidedAt) {
    if (input) throw refusal(422, 'credit_decided', 'The credit of this return is already decided.', { credit: 'credit_decided' });
    return undefined;
  }
  // The order's lock first, as every writer of its lines takes it: credits on one order run one after the other.
  const [order] = await tx
    .select({ shippingCents: orders.shippingCents, shippingRefundedCents: orders.shippingRefundedCents })
    .from(orders)
    .where(eq(orders.id, ret.orderId))
    .for('update');
  const shippingRefund = refuseShippingRefund(input?.refundShippingCents ?? 0, order!);
  const lines = await settlementLines(tx, ret.id);
  const given = input?.lines ?? {};
  refuseUnknownLines(
    given,
    lines.map((l) => l.id),
    'credit.lines'
  );
  const decided: CreditDecision['lines'] = [];
  const release: number[] = [];
  for (const line of lines) {
    const key = String(line.id);
    const field = `credit.lines.${key}`;
    const g = given[key] ?? {};
    const method = g.method ?? input?.method ?? defaultLineMethod(line.actionCode);
    refuseReplacementPaidTwice(line, method, g.releaseReplacement ?? false, field);
    if (g.releaseReplacement) release.push(line.id);
    if (method === 'kept') {
      if ((g.units ?? 0) > 0 || (g.amountCents ?? 0) > 0) {
        throw refusal(422, 'credit_kept_not_zero', 'A line the shopper keeps is credited nothing.', {
          [`${field}.${(g.units ?? 0) > 0 ? 'units' : 'amountCents'}`]: 'kept_is_zero'
        });
      }
      decided.push({ returnLineId: line.id, method, units: 0, amountCents: 0, keepItem: false });
      continue;
    }
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
        {
          [`${field}.units`]: 'exceeds_received'
        }
      );
    }
    if (line.creditedOnLine + units > line.bought) {
      throw refusal(422, 'credit_over_bought', 'These units are already credited on another return of this order line.', {
        [`${field}.units`]: 'exceeds_bought'
      });
    }
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
    decided.push({ returnLineId: line.id, method, units, amountCents, keepItem });
  }
  const linesCents = decided.reduce((sum, l) => sum + l.amountCents, 0);
  const method = returnMethod(decided.map((l) => l.method));
  const deduction = (input?.deductShipping ?? true) ? shippingDeduction(moneyLinesCents(decided), ctx.returnShippingCents) : 0;
  // A reserved replacement credited otherwise goes back to stock first: the trigger of migration 0016 refuses the line's method while it is held.
  const released = new Set((await releaseLineReplacements(tx, release, ctx.now)).map((r) => r.returnLineId));
  // Written in order-line order (the lock order of every writer of order lines); the triggers add them to the order lines.
  for (const l of decided) {
    if (released.has(l.returnLineId)) l.replacementReleased = true;
    await tx
      .update(returnLines)
      .set({ creditMethod: l.method, unitsCredited: l.units, amountCreditedCents: l.amountCents, keepItem: l.keepItem })
      .where(eq(returnLines.id, l.returnLineId));
  }
  const decision: CreditDecision = {
    method,
    shippingDeductionCents: deduction,
    shippingRefundedCents: shippingRefund,
    totalCents: linesCents - deduction + shippingRefund,
    lines: decided
  };
  // The trigger adds the shipping refunded to the order's total, which its CHECK caps at the order's shipping (migration 0012).
  await tx
    .update(returns)
    .set({
      creditMethod: method,
      creditDecidedAt: ctx.now,
      shippingDeductionCents: deduction,
      shippingRefundedCents: shippingRefund,
      creditTotalCents: decision.totalCents
    })
    .where(eq(returns.id, ret.id));
  if (ctx.webhooks) await queueReturnCredited(tx, ret.id, ctx.now);
  return decision;
}

/**
 * An exchange is never paid twice (docs/decisions.md "A credit outcome per line"): a line whose
 * replacement is reserved is credited as that replacement, unless staff release it in the same save
 * (`releaseReplacement`); a release is asked only of such a line credited otherwise.
 */
function refuseReplacementPaidTwice(
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
function refuseShippingRefund(cents: number, order: { shippingCents: number | null; shippingRefundedCents: number }): number {
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

/**
 * The credit of a return as the views show it: null until decided; a decided credit whose total is
 * null was made before amounts were recorded (migration 0006_settlement_invariants) and is shown as unknown, never as zero.
 * `totals` splits the total by method (`creditTotals`; null when unknown); each line carries its own method.
 */
export function creditView(
  ret: typeof returns.$inferSelect,
  currency: string,
  lines: { creditMethod: string | null; amountCreditedCents: number | null }[]
) {
  if (!ret.creditDecidedAt) return null;
  const known = ret.creditTotalCents !== null && lines.every((l) => l.creditMethod !== null || l.amountCreditedCents === null);
  return {
    method: ret.creditMethod as ReturnCreditMethod | null,
    currency,
    totalCents: ret.creditTotalCents,
    totals: known
      ? creditTotals(
          lines.map((l) => ({ method: l.creditMethod as CreditMethod | null, amountCents: l.amountCreditedCents })),
          ret.shippingDeductionCents ?? 0,
          ret.shippingRefundedCents ?? 0
        )
      : null,
    shippingDeductionCents: ret.shippingDeductionCents,
    /** Null on a credit decided before shipping refunds were kept. */
    shippingRefundedCents: ret.shippingRefundedCents,
    decidedAt: ret.creditDecidedAt.toISOString()
  };
}
