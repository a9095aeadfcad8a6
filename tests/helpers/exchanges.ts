/** Helpers shared by the exchange API tests (not a test file itself). */
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { orderLines, orders, products, shopSettings, stockReservations, variants } from '../../server/db/schema.ts';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const DAY = 86_400_000;

export async function setExchangesEnabled(db: Db, on: boolean) {
  await db.update(shopSettings).set({ exchangesEnabled: on }).where(eq(shopSettings.id, 1));
}

/**
 * A shirt in sizes S (bought, €20.00), M (€20.00, 5 in stock), L (€25.00, `lStock` in stock), XS
 * (€15.00, 3 in stock), XL (€20.00, none in stock); and a delivered order of `quantity` × S.
 */
export async function shirtOrder(
  db: Db,
  customer: { id: number; email: string },
  now: Date,
  opts: { quantity?: number; lStock?: number } = {}
) {
  const sku = `SHIRT-${unique()}`;
  const [product] = await db
    .insert(products)
    .values({ sku, name: `Shirt ${sku}` })
    .returning();
  const sizes = [
    { label: 'S', priceCents: 2000, stockOnHand: 4 },
    { label: 'M', priceCents: 2000, stockOnHand: 5 },
    { label: 'L', priceCents: 2500, stockOnHand: opts.lStock ?? 1 },
    { label: 'XS', priceCents: 1500, stockOnHand: 3 },
    { label: 'XL', priceCents: 2000, stockOnHand: 0 }
  ];
  const rows = await db
    .insert(variants)
    .values(sizes.map((s) => ({ ...s, productId: product!.id, sku: `${sku}-${s.label}` })))
    .returning();
  const size = (label: string) => rows.find((r) => r.label === label)!;
  const quantity = opts.quantity ?? 1;
  const [order] = await db
    .insert(orders)
    .values({
      number: `X${unique()}`.toUpperCase(),
      customerId: customer.id,
      email: customer.email,
      status: 'delivered',
      totalCents: 2000 * quantity,
      placedAt: new Date(now.getTime() - 10 * DAY),
      deliveredAt: new Date(now.getTime() - 5 * DAY)
    })
    .returning();
  const [line] = await db
    .insert(orderLines)
    .values({
      orderId: order!.id,
      variantId: size('S').id,
      productName: product!.name,
      variantLabel: 'S',
      sku: size('S').sku,
      unitPriceCents: 2000,
      quantity
    })
    .returning();
  return { product: product!, order: order!, line: line!, size };
}

export async function reservationsOf(db: Db, returnLineId: number) {
  return db.select().from(stockReservations).where(eq(stockReservations.returnLineId, returnLineId));
}
