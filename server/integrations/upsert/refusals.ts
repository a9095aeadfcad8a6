import { eq, inArray } from 'drizzle-orm';
import type { PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../../db/client.ts';
import { customers, returnLines, returns } from '../../db/schema.ts';
import { ApiError, type FieldErrors } from '../../http/errors.ts';
import { lastSignedPush } from '../../audit/trail.ts';
import type { OrderFields, StoredLine, StoredOrder } from './types.ts';

/** A push signed before the last applied one would bring back older data: 409 `stale_push`. */
export async function refuseStalePush(tx: Db, current: StoredOrder, signedAt: Date | undefined): Promise<void> {
  if (!signedAt) return;
  // The push is the order's whole state: one signed before the last applied one would bring back older data.
  const last = await lastSignedPush(tx, current.number);
  if (last && signedAt.toISOString() < last) {
    throw new ApiError(
      409,
      'stale_push',
      'A push signed later than this one was already applied to this order: push its current state again.',
      {
        fields: { 'Reprise-Signature': 'older_than_last_push' }
      }
    );
  }
}

/** Stored lines repeating a sku cannot be matched to pushed ones: 422 `order_not_updatable`. */
export function refuseDuplicateStoredSkus(existing: StoredLine[]): void {
  if (new Set(existing.map((l) => l.sku)).size !== existing.length) {
    throw new ApiError(422, 'order_not_updatable', 'This order has several lines with the same sku, so a push cannot tell them apart.', {
      fields: { lines: 'duplicate_stored_sku' }
    });
  }
}

/** An order is never moved silently from one account (a customer with a password) to another, nor once it has returns. */
async function customerRefusals(tx: Db, current: StoredOrder, customerId: number, refusals: FieldErrors): Promise<void> {
  if (current.customerId === customerId) return;
  const [hasReturn] = await tx.select({ id: returns.id }).from(returns).where(eq(returns.orderId, current.id)).limit(1);
  const [owner] = await tx.select({ passwordHash: customers.passwordHash }).from(customers).where(eq(customers.id, current.customerId));
  if (hasReturn) refusals['customer.email'] = 'order_has_returns';
  else if (owner?.passwordHash) refusals['customer.email'] = 'order_belongs_to_account';
}

/** Units on returns stay covered; open returns show and refund what the line says (price, name, final sale). */
function lineRefusals(input: PushedOrder, existing: StoredLine[], refusals: FieldErrors): void {
  input.lines.forEach((l, i) => {
    const line = existing.find((e) => e.sku === l.sku);
    if (!line) return;
    if (l.quantity < line.unitsOnReturns) refusals[`lines.${i}.quantity`] = 'below_units_on_returns';
    if (line.unitsOnReturns > 0) {
      if (l.unitPriceCents !== line.unitPriceCents) refusals[`lines.${i}.unitPriceCents`] = 'line_on_return';
      if (l.name !== line.productName) refusals[`lines.${i}.name`] = 'line_on_return';
      if ((l.finalSale ?? false) !== line.finalSale) refusals[`lines.${i}.finalSale`] = 'line_on_return';
    }
  });
}

/** With units on returns, the currency, a delivered status and the delivery date stay; refunded shipping stays covered. */
function orderRefusals(current: StoredOrder, fields: OrderFields, existing: StoredLine[], refusals: FieldErrors): void {
  if (existing.some((l) => l.unitsOnReturns > 0)) {
    if (fields.currency !== current.currency) refusals.currency = 'order_has_units_on_returns';
    if (current.status === 'delivered' && (fields.status === 'placed' || fields.status === 'shipped'))
      refusals.status = 'order_has_units_on_returns';
    if (current.deliveredAt && !fields.deliveredAt) refusals.deliveredAt = 'order_has_units_on_returns';
  }
  if (current.shippingRefundedCents > (fields.shippingCents ?? 0)) refusals.shippingCents = 'below_shipping_refunded';
}

/** The stored lines that are on a return (any state). */
async function linesOnReturns(tx: Db, existing: StoredLine[]): Promise<Set<number>> {
  if (!existing.length) return new Set();
  const rows = await tx
    .selectDistinct({ id: returnLines.orderLineId })
    .from(returnLines)
    .where(
      inArray(
        returnLines.orderLineId,
        existing.map((l) => l.id)
      )
    );
  return new Set(rows.map((r) => r.id));
}

/**
 * Every reason the pushed state cannot replace the stored one, all at once: 422 `order_not_updatable`
 * naming each field (a line on a return is never dropped, nor its units taken away).
 */
export async function refuseUnsafeUpdate(
  tx: Db,
  current: StoredOrder,
  input: PushedOrder,
  fields: OrderFields,
  existing: StoredLine[],
  removed: StoredLine[]
): Promise<void> {
  const refusals: FieldErrors = {};
  await customerRefusals(tx, current, fields.customerId, refusals);
  lineRefusals(input, existing, refusals);
  orderRefusals(current, fields, existing, refusals);
  const onReturns = await linesOnReturns(tx, existing);
  for (const line of removed) if (onReturns.has(line.id)) refusals[`removedLines.${line.sku}`] = 'line_on_return';
  if (Object.keys(refusals).length) {
    throw new ApiError(422, 'order_not_updatable', 'This update would take away units, lines or shipping that are on returns.', {
      fields: refusals
    });
  }
}
