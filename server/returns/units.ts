import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { orderLines, returnLines } from '../db/schema.ts';
import { ApiError, type FieldErrors } from '../http/errors.ts';

/**
 * 422 naming each refused line's field: `one_size_product` when every problem is a size reason or
 * a size exchange on a one-size product (the shopper picks another), else `return_not_allowed`.
 */
export const lineRefusal = (fields: FieldErrors) =>
  Object.values(fields).every((why) => why === 'one_size')
    ? new ApiError(422, 'one_size_product', 'This product is made in one size: no size reason nor size exchange on it.', { fields })
    : new ApiError(422, 'return_not_allowed', 'Some lines cannot be returned as asked.', { fields });

/**
 * Units on returns ("take" and "release"; "reserve" names only an exchange's replacement stock,
 * exchanges.ts): a return takes units of its order lines (`units_on_returns`), so no other return
 * asks for them again.
 */

/**
 * Takes the units of a new return on its order lines, atomically, in id order (the same order as
 * every other writer: no deadlock); a concurrent writer that got there first makes this match no row.
 */
export async function takeUnits(tx: Db, lines: { orderLineId: number; quantity: number }[]): Promise<void> {
  for (const [i, req] of [...lines.entries()].sort(([, a], [, b]) => a.orderLineId - b.orderLineId)) {
    const updated = await tx
      .update(orderLines)
      .set({ unitsOnReturns: sql`${orderLines.unitsOnReturns} + ${req.quantity}` })
      .where(and(eq(orderLines.id, req.orderLineId), sql`${orderLines.unitsOnReturns} + ${req.quantity} <= ${orderLines.quantity}`))
      .returning({ id: orderLines.id });
    if (updated.length === 0) throw lineRefusal({ [`lines.${i}.quantity`]: 'exceeds_returnable' });
  }
}

/** Gives the units of a return back to (`release`) or takes them again from (`take`) its order lines. */
export async function moveUnits(tx: Db, returnId: number, direction: 'release' | 'take'): Promise<void> {
  const lines = await tx.select().from(returnLines).where(eq(returnLines.returnId, returnId)).orderBy(asc(returnLines.orderLineId));
  for (const line of lines) {
    const delta = direction === 'release' ? -line.quantity : line.quantity;
    const updated = await tx
      .update(orderLines)
      .set({ unitsOnReturns: sql`${orderLines.unitsOnReturns} + ${delta}` })
      .where(and(eq(orderLines.id, line.orderLineId), sql`${orderLines.unitsOnReturns} + ${delta} between 0 and ${orderLines.quantity}`))
      .returning({ id: orderLines.id });
    if (updated.length === 0) {
      throw new ApiError(422, 'units_no_longer_available', 'These units are now on another return; this one cannot be reopened.');
    }
  }
}
