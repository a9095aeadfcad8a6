import { asc, eq } from 'drizzle-orm';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import {
  creditableCents,
  defaultCondition,
  defaultMethod,
  paidFor,
  shippingDeduction,
  shippingRefundable,
  type Condition,
  type CreditMethod
} from '#shared/settlement.ts';
import type { Db } from '../db/client.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns } from '../db/schema.ts';
import { ApiError, type ApiErrorCode, type FieldErrors } from '../http/errors.ts';
import { queueReturnCredited } from '../outbound/webhooks.ts';

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
      amountOnLine: orderLines.amountCreditedCents
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(returnActions, eq(returnActions.id, returnLines.actionId))
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
  method: CreditMethod;
  shippingDeductionCents: number;
  /** The order's shipping refunded with this return (staff's choice, default 0). */
  shippingRefundedCents: number;
  totalCents: number;
  lines: { returnLineId: number; units: number; amountCents: number; keepItem: boolean }[];
};

/**
 * Decides the credit of a return moving to `credited`, once: per line the units (default: those that
 * arrived; more only with "keep the item") and the amount (default: `creditableCents`, at most what was
 * paid for the units), the method, the shop's return-shipping deduction. Checked against what the
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
  for (const line of lines) {
    const key = String(line.id);
    const field = `credit.lines.${key}`;
    const g = given[key] ?? {};
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
    decided.push({ returnLineId: line.id, units, amountCents, keepItem });
  }
  const linesCents = decided.reduce((sum, l) => sum + l.amountCents, 0);
  const method = input?.method ?? defaultMethod(lines.map((l) => l.actionCode));
  const deduction =
    (input?.deductShipping ?? true) && method !== 'replacement' ? shippingDeduction(linesCents, ctx.returnShippingCents) : 0;
  // Written in order-line order (the lock order of every writer of order lines); the triggers add them to the order lines.
  for (const l of decided) {
    await tx
      .update(returnLines)
      .set({ unitsCredited: l.units, amountCreditedCents: l.amountCents, keepItem: l.keepItem })
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
 */
export function creditView(ret: typeof returns.$inferSelect, currency: string) {
  if (!ret.creditDecidedAt) return null;
  return {
    method: ret.creditMethod as CreditMethod | null,
    currency,
    totalCents: ret.creditTotalCents,
    shippingDeductionCents: ret.shippingDeductionCents,
    /** Null on a credit decided before shipping refunds were kept. */
    shippingRefundedCents: ret.shippingRefundedCents,
    decidedAt: ret.creditDecidedAt.toISOString()
  };
}
