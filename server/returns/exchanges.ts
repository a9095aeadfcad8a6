import { and, asc, eq, inArray, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { isExchangeAction, priceDifference, sendsReplacement } from '#shared/exchanges.ts';
import type { Db } from '../db/client.ts';
import { returnActions, returnLines, stockReservations, variants } from '../db/schema.ts';
import { ApiError, type FieldErrors } from '../http/errors.ts';

/**
 * Exchanges (docs/decisions.md "Exchanges"): the shopper picks another variant of the same product,
 * in stock; the line records it with its units and the price difference (`priceDifference`).
 * Approving reserves the replacement's units (one held `stock_reservations` row per line; a trigger
 * takes them off stock), a return ending rejected or cancelled releases them, once. The database
 * holds the same rules (migration 0014_exchange_invariants); these functions answer a 4xx naming the line first.
 * Checks and writes only; what the views read of an exchange is in `exchange-views.ts`.
 */

/** A line's replacement as checked: the variant, its sku and label, its name for people (label, else sku), the units and the price difference. */
export type Replacement = {
  variantId: number;
  sku: string;
  label: string | null;
  name: string;
  units: number;
  priceDifferenceCents: number;
};

type RequestedLine = { orderLineId: number; quantity: number; actionId: number; replacementVariantId?: number };

/**
 * Checks the replacement of each requested line (`lines.<i>.replacementVariantId`): exchanges on,
 * an exchange action, a known variant of the same product other than the one bought, enough in stock
 * for the line's units. A shopper asking for an exchange while exchanges are on must pick one.
 * Answers the replacement per request index, or throws (409 `replacement_out_of_stock` when stock is
 * the only problem, else 422 `replacement_not_allowed`); nothing is written.
 */
export async function checkReplacements(
  tx: Db,
  requested: RequestedLine[],
  facts: {
    lines: { id: number; variantId: number | null; unitPriceCents: number }[];
    actions: { id: number; code: string }[];
    exchangesEnabled: boolean;
    requireChoice: boolean;
  }
): Promise<Map<number, Replacement>> {
  const wanted = requested.map((r) => r.replacementVariantId).filter((v): v is number => v !== undefined);
  const known = wanted.length
    ? await tx
        .select({
          id: variants.id,
          productId: variants.productId,
          label: variants.label,
          sku: variants.sku,
          priceCents: variants.priceCents,
          stockOnHand: variants.stockOnHand
        })
        .from(variants)
        .where(inArray(variants.id, wanted))
    : [];
  // The products bought matter only to a line that names a replacement.
  const bought = wanted.length
    ? await productsOf(
        tx,
        facts.lines.map((l) => l.variantId)
      )
    : new Map<number, number>();
  const fields: FieldErrors = {};
  const result = new Map<number, Replacement>();
  requested.forEach((req, i) => {
    const field = `lines.${i}.replacementVariantId`;
    const exchange = isExchangeAction(facts.actions.find((a) => a.id === req.actionId)?.code ?? '');
    const line = facts.lines.find((l) => l.id === req.orderLineId);
    if (req.replacementVariantId === undefined) {
      if (exchange && facts.exchangesEnabled && facts.requireChoice) fields[field] = 'replacement_required';
      return;
    }
    const variant = known.find((v) => v.id === req.replacementVariantId);
    if (!facts.exchangesEnabled) fields[field] = 'exchanges_disabled';
    else if (!exchange) fields[field] = 'not_an_exchange';
    else if (!variant) fields[field] = 'unknown_variant';
    else if (!line || line.variantId === null || bought.get(line.variantId) !== variant.productId) fields[field] = 'other_product';
    else if (variant.id === line.variantId) fields[field] = 'same_variant';
    else if (variant.stockOnHand < req.quantity) fields[field] = 'out_of_stock';
    else {
      result.set(i, {
        variantId: variant.id,
        sku: variant.sku,
        label: variant.label,
        name: variant.label ?? variant.sku,
        units: req.quantity,
        priceDifferenceCents: priceDifference(variant.priceCents, line.unitPriceCents, req.quantity)
      });
    }
  });
  const problems = Object.values(fields);
  if (problems.length && problems.every((p) => p === 'out_of_stock')) {
    throw new ApiError(409, 'replacement_out_of_stock', 'The replacement asked for is not in stock for these units.', { fields });
  }
  if (problems.length) throw new ApiError(422, 'replacement_not_allowed', 'Some replacements cannot be sent as asked.', { fields });
  return result;
}

/** Variant id → its product id. */
async function productsOf(tx: Db, variantIds: (number | null)[]): Promise<Map<number, number>> {
  const ids = variantIds.filter((v): v is number => v !== null);
  if (!ids.length) return new Map();
  const rows = await tx.select({ id: variants.id, productId: variants.productId }).from(variants).where(inArray(variants.id, ids));
  return new Map(rows.map((r) => [r.id, r.productId]));
}

/**
 * Reserves the replacement of every exchange line of a return that holds none yet (and is not credited
 * otherwise than as a replacement, e.g. refunded, then the return reopened and approved again): locks the
 * variants (in id order, as every writer of variants does), refuses the whole approval when one is
 * short (409 `replacement_out_of_stock`, `lines.<return line id>.replacement`), else writes one held
 * reservation per line (the trigger takes the units off stock). Answers what was reserved, for the audit row.
 */
export async function reserveReplacements(
  tx: Db,
  returnId: number,
  now: Date
): Promise<{ returnLineId: number; sku: string; units: number }[]> {
  const held = alias(stockReservations, 'held');
  const lines = await tx
    .select({ id: returnLines.id, variantId: returnLines.replacementVariantId, units: returnLines.replacementUnits })
    .from(returnLines)
    .leftJoin(held, and(eq(held.returnLineId, returnLines.id), isNull(held.releasedAt)))
    .where(
      and(
        eq(returnLines.returnId, returnId),
        isNotNull(returnLines.replacementVariantId),
        isNull(held.id),
        or(isNull(returnLines.creditMethod), eq(returnLines.creditMethod, 'replacement'))
      )
    )
    .orderBy(asc(returnLines.replacementVariantId), asc(returnLines.id));
  if (!lines.length) return [];
  const stock = await tx
    .select({ id: variants.id, sku: variants.sku, stockOnHand: variants.stockOnHand })
    .from(variants)
    .where(
      inArray(
        variants.id,
        lines.map((l) => l.variantId!)
      )
    )
    .orderBy(asc(variants.id))
    .for('update');
  const left = new Map(stock.map((v) => [v.id, v.stockOnHand]));
  const fields: FieldErrors = {};
  for (const line of lines) {
    const available = left.get(line.variantId!) ?? 0;
    if (available < line.units!) fields[`lines.${line.id}.replacement`] = 'out_of_stock';
    else left.set(line.variantId!, available - line.units!);
  }
  if (Object.keys(fields).length) {
    throw new ApiError(
      409,
      'replacement_out_of_stock',
      'A replacement is out of stock: it cannot be reserved. Switch that line to a refund, or wait for stock.',
      { fields }
    );
  }
  await tx
    .insert(stockReservations)
    .values(lines.map((l) => ({ returnLineId: l.id, variantId: l.variantId!, units: l.units!, createdAt: now })));
  return lines.map((l) => ({ returnLineId: l.id, sku: stock.find((v) => v.id === l.variantId)!.sku, units: l.units! }));
}

/**
 * Releases the held reservations of a return (rejected or cancelled): each once, since only a held
 * one (`released_at` null) matches and the trigger refuses a second release; the trigger gives the
 * units back to stock. Line by line in variant id order. Answers the lines released.
 */
export async function releaseReplacements(tx: Db, returnId: number, now: Date): Promise<{ returnLineId: number; units: number }[]> {
  return releaseHeld(tx, eq(returnLines.returnId, returnId), now);
}

/**
 * Releases the held reservations of the given return lines (a reserved replacement staff credit otherwise,
 * settlement.ts `decideCredit`), each once, as `releaseReplacements` does. Answers the lines released.
 */
export async function releaseLineReplacements(
  tx: Db,
  returnLineIds: number[],
  now: Date
): Promise<{ returnLineId: number; units: number }[]> {
  if (!returnLineIds.length) return [];
  return releaseHeld(tx, inArray(returnLines.id, returnLineIds), now);
}

async function releaseHeld(tx: Db, which: SQL | undefined, now: Date): Promise<{ returnLineId: number; units: number }[]> {
  const heldRows = await tx
    .select({ id: stockReservations.id, returnLineId: stockReservations.returnLineId, units: stockReservations.units })
    .from(stockReservations)
    .innerJoin(returnLines, eq(returnLines.id, stockReservations.returnLineId))
    .where(and(which, isNull(stockReservations.releasedAt)))
    .orderBy(asc(stockReservations.variantId), asc(stockReservations.id));
  const released = [];
  for (const r of heldRows) {
    const [row] = await tx
      .update(stockReservations)
      .set({ releasedAt: now })
      .where(and(eq(stockReservations.id, r.id), isNull(stockReservations.releasedAt)))
      .returning({ id: stockReservations.id });
    if (row) released.push({ returnLineId: r.returnLineId, units: r.units });
  }
  return released;
}

/**
 * Staff turn exchange lines of a return into refunds (the replacement is out of stock, or the shopper
 * changed their mind): the action becomes the shop's `refund`, the replacement is taken off. Only
 * lines of this return with a replacement none of which is reserved (`refundInstead.<id>`). Answers
 * what changed, for the audit row.
 */
export async function switchToRefund(
  tx: Db,
  returnId: number,
  lineIds: string[]
): Promise<{ returnLineId: number; replacementSku: string | null; actionId: [number, number] }[]> {
  if (!lineIds.length) return [];
  const [refund] = await tx.select({ id: returnActions.id }).from(returnActions).where(eq(returnActions.code, 'refund'));
  if (!refund) throw new ApiError(422, 'refund_unavailable', 'The shop has no refund action.');
  const replacement = alias(variants, 'replacement');
  const lines = await tx
    .select({
      id: returnLines.id,
      actionId: returnLines.actionId,
      variantId: returnLines.replacementVariantId,
      sku: replacement.sku,
      held: stockReservations.id
    })
    .from(returnLines)
    .leftJoin(replacement, eq(replacement.id, returnLines.replacementVariantId))
    .leftJoin(stockReservations, and(eq(stockReservations.returnLineId, returnLines.id), isNull(stockReservations.releasedAt)))
    .where(eq(returnLines.returnId, returnId));
  const fields: FieldErrors = {};
  for (const key of lineIds) {
    const line = lines.find((l) => String(l.id) === key);
    if (!line) fields[`refundInstead.${key}`] = 'unknown_line';
    else if (line.variantId === null) fields[`refundInstead.${key}`] = 'not_an_exchange';
    else if (line.held !== null) fields[`refundInstead.${key}`] = 'replacement_reserved';
  }
  if (Object.keys(fields).length) {
    const status = Object.values(fields).includes('unknown_line') ? 400 : 422;
    throw new ApiError(status, status === 400 ? 'invalid_request' : 'refund_instead_not_allowed', 'These lines cannot become refunds.', {
      fields
    });
  }
  const changed = [];
  for (const key of [...new Set(lineIds)]) {
    const line = lines.find((l) => String(l.id) === key)!;
    await tx
      .update(returnLines)
      .set({ actionId: refund.id, replacementVariantId: null, replacementUnits: null, priceDifferenceCents: null })
      .where(eq(returnLines.id, line.id));
    changed.push({ returnLineId: line.id, replacementSku: line.sku, actionId: [line.actionId, refund.id] as [number, number] });
  }
  return changed;
}

/** Whether a line of the return has a replacement to send (`sendsReplacement`): what `items_needed` needs. */
export async function hasReplacement(db: Db, returnId: number): Promise<boolean> {
  const lines = await db
    .select({ actionCode: returnActions.code, replacementVariantId: returnLines.replacementVariantId })
    .from(returnLines)
    .innerJoin(returnActions, eq(returnActions.id, returnLines.actionId))
    .where(eq(returnLines.returnId, returnId));
  return lines.some(sendsReplacement);
}

/** 422 `no_replacement`: "Replacement being sent" (`items_needed`) is for a return with a replacement or exchange to send. */
export const noReplacement = () =>
  new ApiError(422, 'no_replacement', 'No line of this return has a replacement or exchange to send: it cannot move to items_needed.', {
    fields: { state: 'no_replacement' }
  });
