import { and, eq, inArray, notExists } from 'drizzle-orm';
import type { PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { customers, products, variants } from '../db/schema.ts';
import { ApiError, type FieldErrors } from '../http/errors.ts';

/** The rows a pushed order points at, found or created first: its customer and the catalog's variants. */

/**
 * Finds or creates the variant of every sku (and a product for a new one), so restock has a variant to raise.
 * A sku that is an existing product's (with no variant of that sku) is refused: the push would otherwise
 * add a stock-0 variant to that product.
 */
export async function ensureVariants(tx: Db, lines: PushedOrder['lines']): Promise<Map<string, number>> {
  const skus = lines.map((l) => l.sku).sort();
  const found = async () =>
    new Map(
      (await tx.select({ id: variants.id, sku: variants.sku }).from(variants).where(inArray(variants.sku, skus))).map((v) => [v.sku, v.id])
    );
  let bySku = await found();
  const missing = lines.filter((l) => !bySku.has(l.sku)).sort((a, b) => (a.sku < b.sku ? -1 : 1));
  if (missing.length === 0) return bySku;
  // One statement (one snapshot): a product made by a concurrent push comes with its variant, so it is not taken for a catalog product.
  const productSkus = new Set(
    (
      await tx
        .select({ sku: products.sku })
        .from(products)
        .where(
          and(
            inArray(
              products.sku,
              missing.map((l) => l.sku)
            ),
            notExists(tx.select({ id: variants.id }).from(variants).where(eq(variants.sku, products.sku)))
          )
        )
    ).map((p) => p.sku)
  );
  if (productSkus.size) {
    const fields: FieldErrors = {};
    lines.forEach((l, i) => {
      if (productSkus.has(l.sku)) fields[`lines.${i}.sku`] = 'sku_is_a_product';
    });
    throw new ApiError(422, 'sku_not_usable', 'A line names a product of the catalog, not one of its variants: push the variant’s sku.', {
      fields
    });
  }
  // Existing catalog rows are never changed here (stock, prices and names belong to the catalog);
  // new skus get a product of their own. Inserted in sku order, so concurrent pushes cannot deadlock.
  await tx
    .insert(products)
    .values(missing.map((l) => ({ sku: l.sku, name: l.name, imageUrl: l.imageUrl ?? null, finalSale: l.finalSale ?? false })))
    .onConflictDoNothing();
  const productIds = new Map(
    (
      await tx
        .select({ id: products.id, sku: products.sku })
        .from(products)
        .where(
          inArray(
            products.sku,
            missing.map((l) => l.sku)
          )
        )
    ).map((p) => [p.sku, p.id])
  );
  await tx
    .insert(variants)
    .values(
      missing.map((l) => ({
        productId: productIds.get(l.sku)!,
        sku: l.sku,
        label: l.variant ?? null,
        priceCents: l.unitPriceCents,
        stockOnHand: 0
      }))
    )
    .onConflictDoNothing();
  bySku = await found();
  return bySku;
}

/** The customer with this email, created as a guest (no password) when new; an existing one is left as they are. */
export async function ensureCustomer(tx: Db, c: PushedOrder['customer'], now: Date): Promise<{ id: number; created: boolean }> {
  const [inserted] = await tx
    .insert(customers)
    .values({
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName ?? '',
      locale: c.locale ?? 'en',
      passwordHash: null,
      createdAt: now
    })
    .onConflictDoNothing()
    .returning({ id: customers.id });
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.email, c.email));
  return { id: existing!.id, created: false };
}
