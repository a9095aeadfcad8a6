import { and, asc, eq, gt, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { priceDifference } from '#shared/exchanges.ts';
import type { Db } from '../db/client.ts';
import { returnLines, stockReservations, variants } from '../db/schema.ts';

/**
 * Exchanges as the views read them (docs/decisions.md "Exchanges"): the variants a shopper may pick,
 * a line's replacement for the shopper and for staff. Reads only; the checks and writes are in
 * `exchanges.ts`.
 */

/**
 * Per return line (by order line id): its replacement as the views show it, the sku and label, the
 * units, the price difference, the stock on hand (staff) and whether it is reserved now.
 */
export async function replacementsOf(db: Db, returnId: number) {
  const rows = await db
    .select({
      returnLineId: returnLines.id,
      orderLineId: returnLines.orderLineId,
      variantId: variants.id,
      sku: variants.sku,
      label: variants.label,
      units: returnLines.replacementUnits,
      priceDifferenceCents: returnLines.priceDifferenceCents,
      stockOnHand: variants.stockOnHand,
      reservedAt: stockReservations.createdAt
    })
    .from(returnLines)
    .innerJoin(variants, eq(variants.id, returnLines.replacementVariantId))
    .leftJoin(stockReservations, and(eq(stockReservations.returnLineId, returnLines.id), isNull(stockReservations.releasedAt)))
    .where(eq(returnLines.returnId, returnId));
  return new Map(rows.map((r) => [r.orderLineId, r]));
}

/** A variant a line may be exchanged for; `priceDifferenceCents` is per unit (`priceDifference`). */
export type ExchangeOption = { variantId: number; label: string | null; sku: string; priceCents: number; priceDifferenceCents: number };

/**
 * What a shopper may exchange each order line for, while the shop allows exchanges: the other
 * variants of the line's product that are in stock, with their price difference per unit (never the
 * stock itself). Keyed by order line id; lines without a catalogue variant have none.
 */
export async function exchangeOptions(
  db: Db,
  lines: { id: number; variantId: number | null; unitPriceCents: number }[]
): Promise<Map<number, ExchangeOption[]>> {
  const bought = lines.filter((l) => l.variantId !== null);
  if (!bought.length) return new Map();
  const ordered = alias(variants, 'ordered');
  const rows = await db
    .select({
      orderedId: ordered.id,
      id: variants.id,
      label: variants.label,
      sku: variants.sku,
      priceCents: variants.priceCents
    })
    .from(ordered)
    .innerJoin(variants, and(eq(variants.productId, ordered.productId), ne(variants.id, ordered.id), gt(variants.stockOnHand, 0)))
    .where(
      inArray(
        ordered.id,
        bought.map((l) => l.variantId!)
      )
    )
    .orderBy(asc(variants.id));
  return new Map(
    bought.map((l) => [
      l.id,
      rows
        .filter((r) => r.orderedId === l.variantId)
        .map((r) => ({
          variantId: r.id,
          label: r.label,
          sku: r.sku,
          priceCents: r.priceCents,
          priceDifferenceCents: priceDifference(r.priceCents, l.unitPriceCents, 1)
        }))
    ])
  );
}

type ReplacementRow = Awaited<ReturnType<typeof replacementsOf>> extends Map<number, infer T> ? T : never;

export type ShopperReplacement = { sku: string; label: string | null; units: number; priceDifferenceCents: number };

/**
 * The replacement of the return line `rl` as the shopper sees it, as JSON (null: not an exchange):
 * what is sent, its units, the price difference. A fragment, so the shopper's return view reads it
 * in its own statement.
 */
export const shopperReplacementJson = (rl: SQL) =>
  sql<ShopperReplacement | null>`(select json_build_object('sku', v.sku, 'label', v.label, 'units', ${rl}.replacement_units,
    'priceDifferenceCents', ${rl}.price_difference_cents) from ${variants} v where v.id = ${rl}.replacement_variant_id)`;

/** A line's replacement as the shopper sees it (null: not an exchange); the same fields as `shopperReplacementJson`. */
function shopperReplacement(r: ReplacementRow | undefined): ShopperReplacement | null {
  if (!r) return null;
  return { sku: r.sku, label: r.label, units: r.units!, priceDifferenceCents: r.priceDifferenceCents! };
}

/** A line's replacement as staff see it: also the variant, its stock on hand and whether its units are reserved now. */
export function staffReplacement(r: ReplacementRow | undefined) {
  if (!r) return null;
  return { ...shopperReplacement(r)!, variantId: r.variantId, stockOnHand: r.stockOnHand, reserved: r.reservedAt !== null };
}
