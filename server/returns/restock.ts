import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { orderLines, returnLines, returnReasons, stockMovements, variants } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { queueStockAdjusted } from '../outbound/webhooks.ts';

/** Restock is decided once, when the return reaches `received`: decisions at any other time are refused. */
export function refuseRestockNow(decisions: Record<string, boolean> | undefined, decidesNow: boolean, message: string): void {
  if (decisions && Object.keys(decisions).length && !decidesNow) {
    throw new ApiError(422, 'restock_not_now', message, { fields: { restock: 'restock_not_now' } });
  }
}

/** Every key of `decisions` must name a line of this return (`lineKeys`). */
export function refuseUnknownRestockLines(decisions: Record<string, boolean>, lineKeys: string[]): void {
  for (const key of Object.keys(decisions)) {
    if (!lineKeys.includes(key)) {
      throw new ApiError(400, 'invalid_request', 'Restock names a line that is not on this return.', {
        fields: { [`restock.${key}`]: 'unknown_line' }
      });
    }
  }
}

/**
 * Decides restock for each line of a return reaching `received`, after its receipt (settlement.ts):
 * the given decision (by return line id), else the reason's default; only resellable units that
 * arrived; never with point-of-sale inventory. Each restocked line writes one
 * stock movement (unique per return line) and raises the variant's stock by the same units, once.
 */
export async function applyRestock(
  tx: Db,
  returnId: number,
  decisions: Record<string, boolean>,
  ctx: { posLinked: boolean; now: Date; webhooks: boolean }
): Promise<Record<string, boolean>> {
  if (ctx.posLinked && Object.values(decisions).some(Boolean)) {
    throw new ApiError(422, 'restock_unavailable', 'Stock cannot be updated here: the inventory is linked to a point of sale.', {
      fields: { restock: 'restock_unavailable' }
    });
  }
  const lines = await tx
    .select({
      id: returnLines.id,
      quantity: returnLines.quantity,
      unitsReceived: returnLines.unitsReceived,
      condition: returnLines.condition,
      restockDefault: returnReasons.restockDefault,
      variantId: orderLines.variantId,
      movementId: stockMovements.id
    })
    .from(returnLines)
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .leftJoin(stockMovements, eq(stockMovements.returnLineId, returnLines.id))
    .where(eq(returnLines.returnId, returnId))
    // Variants are updated in id order, like every other writer, so two saves cannot deadlock.
    .orderBy(asc(orderLines.variantId), asc(returnLines.id));
  refuseUnknownRestockLines(
    decisions,
    lines.map((l) => String(l.id))
  );
  const result: Record<string, boolean> = {};
  for (const line of lines) {
    // Only resellable units that arrived go back to stock (a condition not recorded, before receipts per line, counts as resellable).
    const units = line.unitsReceived ?? line.quantity;
    const resellable = units > 0 && (line.condition === null || line.condition === 'resellable');
    if (decisions[String(line.id)] === true && !resellable && line.movementId === null) {
      throw new ApiError(422, 'restock_not_resellable', 'Only resellable units that arrived can go back to stock.', {
        fields: { [`restock.${line.id}`]: 'not_resellable' }
      });
    }
    // Units that already went back (a reopened return received again) stay restocked: stock is not taken back.
    const restock =
      line.movementId !== null ||
      (!ctx.posLinked && resellable && line.variantId !== null && (decisions[String(line.id)] ?? line.restockDefault));
    result[String(line.id)] = restock;
    await tx.update(returnLines).set({ restock }).where(eq(returnLines.id, line.id));
    if (!restock) continue;
    const moved = await tx
      .insert(stockMovements)
      .values({ returnLineId: line.id, variantId: line.variantId!, quantity: units, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning({ id: stockMovements.id });
    if (moved.length) {
      await tx
        .update(variants)
        .set({ stockOnHand: sql`${variants.stockOnHand} + ${units}` })
        .where(eq(variants.id, line.variantId!));
      if (ctx.webhooks) await queueStockAdjusted(tx, line.id, ctx.now);
    }
  }
  return result;
}
