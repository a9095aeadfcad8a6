import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import { creditTotals, defaultCondition, type Condition, type CreditMethod, type ReturnCreditMethod } from '#shared/settlement.ts';
import type { Db } from '../db/client.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns, stockReservations } from '../db/schema.ts';
import { queueReturnCredited } from '../outbound/webhooks.ts';
import {
  creditLines,
  creditSummary,
  refuseCreditDecided,
  refuseShippingRefund,
  refuseUnknownLines,
  refusal,
  type CreditedLine,
  type CreditSummary
} from './credit-rules.ts';
import { releaseLineReplacements } from './exchanges.ts';

/**
 * Receipt and credit of a return (docs/decisions.md "Receipt and credit"): what arrived per line and
 * in what condition, then the credit decided once. The money rules are pure in `#shared/settlement.ts`;
 * the database holds the invariants (migration 0006_settlement_invariants): receipt and credit written once, never more
 * credited than paid for a line's units, nor over all of an order line's returns than bought and paid.
 * The refusals and the credit's arithmetic are pure, in `credit-rules.ts`; this file reads and writes.
 */

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
      /** A rule's fee for the line (docs/rules.md), else its reason's. */
      feePercent: sql<number>`coalesce(${returnLines.restockingFeePercent}, ${returnReasons.restockingFeePercent})`,
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

export type CreditDecision = CreditSummary & { lines: CreditedLine[] };

/**
 * Decides the credit of a return moving to `credited`, once: per line the method (default: what the
 * shopper asked for on it, `defaultLineMethod`; a line whose replacement is reserved is a replacement
 * unless its release is asked in the same save, else 422 `replacement_reserved`), the units (default:
 * those that arrived; more only with "keep the item"; none on a line kept) and the amount (default:
 * `creditableCents`, at most what was paid for the units; none on a line kept), the shop's
 * return-shipping deduction (from the lines paid in money); the rules in `credit-rules.ts`. Checked
 * against what the order line already had credited on other returns, under the order's lock. A
 * return whose credit is already decided (reopened, then credited again) keeps it: answers undefined.
 */
export async function decideCredit(
  tx: Db,
  ret: { id: number; orderId: number; creditDecidedAt: Date | null },
  input: CreditInput | undefined,
  ctx: { returnShippingCents: number; now: Date; webhooks: boolean }
): Promise<CreditDecision | undefined> {
  if (ret.creditDecidedAt) {
    refuseCreditDecided(input);
    return undefined;
  }
  // The order's lock first, as every writer of its lines takes it: credits on one order run one after the other.
  const [order] = await tx
    .select({ shippingCents: orders.shippingCents, shippingRefundedCents: orders.shippingRefundedCents })
    .from(orders)
    .where(eq(orders.id, ret.orderId))
    .for('update');
  const shippingRefund = refuseShippingRefund(input?.refundShippingCents ?? 0, order!);
  const { lines, release } = creditLines(await settlementLines(tx, ret.id), input);
  const decision: CreditDecision = { ...creditSummary(lines, input, ctx.returnShippingCents, shippingRefund), lines };
  // A reserved replacement credited otherwise goes back to stock first: the trigger of migration 0016 refuses the line's method while it is held.
  const released = new Set((await releaseLineReplacements(tx, release, ctx.now)).map((r) => r.returnLineId));
  // Written in order-line order (the lock order of every writer of order lines); the triggers add them to the order lines.
  for (const l of lines) {
    if (released.has(l.returnLineId)) l.replacementReleased = true;
    await tx
      .update(returnLines)
      .set({ creditMethod: l.method, unitsCredited: l.units, amountCreditedCents: l.amountCents, keepItem: l.keepItem })
      .where(eq(returnLines.id, l.returnLineId));
  }
  // The trigger adds the shipping refunded to the order's total, which its CHECK caps at the order's shipping (migration 0012).
  await tx
    .update(returns)
    .set({
      creditMethod: decision.method,
      creditDecidedAt: ctx.now,
      shippingDeductionCents: decision.shippingDeductionCents,
      shippingRefundedCents: decision.shippingRefundedCents,
      creditTotalCents: decision.totalCents
    })
    .where(eq(returns.id, ret.id));
  if (ctx.webhooks) await queueReturnCredited(tx, ret.id, ctx.now);
  return decision;
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
