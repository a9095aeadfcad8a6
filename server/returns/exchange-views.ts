import { and, asc, eq, gt, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { priceDifference } from '#shared/exchanges.ts';
import type { Db } from '../db/client.ts';
import { variants } from '../db/schema.ts';

/**
 * Exchanges as the views read them (docs/decisions.md "Exchanges"): the variants a shopper may pick,
 * a line's replacement for the shopper and for staff. Reads only; the checks and writes are in
 * `exchanges.ts`.
 */

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

export type ShopperReplacement = { sku: string; label: string | null; units: number; priceDifferenceCents: number };

/**
 * The replacement of the return line `rl` as the shopper sees it, as JSON (null: not an exchange):
 * what is sent, its units, the price difference. A fragment, so the shopper's return view reads it
 * in its own statement.
 */
export const shopperReplacementJson = (rl: SQL) =>
  sql<ShopperReplacement | null>`(select json_build_object('sku', v.sku, 'label', v.label, 'units', ${rl}.replacement_units,
    'priceDifferenceCents', ${rl}.price_difference_cents) from ${variants} v where v.id = ${rl}.replacement_variant_id)`;
