import type { Db } from '../../server/db/client.ts';
import { customers, orderLines, orders, products, staffUsers, variants } from '../../server/db/schema.ts';
import { testPasswords } from './passwords.ts';

const DAY = 86_400_000;
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export const PASSWORD = 'correct horse battery';

export async function createCustomer(
  db: Db,
  fields: { email?: string; firstName?: string; locale?: string; password?: string | null } = {}
) {
  const email = fields.email ?? `shopper-${unique()}@example.com`;
  const password = fields.password === undefined ? PASSWORD : fields.password;
  const [row] = await db
    .insert(customers)
    .values({
      email,
      firstName: fields.firstName ?? 'Test',
      locale: fields.locale ?? 'en',
      passwordHash: password ? await testPasswords.hash(password) : null
    })
    .returning();
  return { ...row!, password };
}

export async function createStaff(db: Db, role: 'staff' | 'admin' = 'staff', email = `staff-${unique()}@example.com`) {
  const [row] = await db
    .insert(staffUsers)
    .values({ email, name: `${role} ${email}`, role, passwordHash: await testPasswords.hash(PASSWORD) })
    .returning();
  return { ...row!, password: PASSWORD };
}

export async function createVariant(db: Db, opts: { stock?: number; finalSale?: boolean; price?: number; label?: string | null } = {}) {
  const sku = `SKU-${unique()}`;
  const [product] = await db
    .insert(products)
    .values({ sku, name: `Product ${sku}`, finalSale: opts.finalSale ?? false })
    .returning();
  const [variant] = await db
    .insert(variants)
    .values({
      productId: product!.id,
      sku: `${sku}-V`,
      label: opts.label === undefined ? 'M' : opts.label,
      priceCents: opts.price ?? 2000,
      stockOnHand: opts.stock ?? 10
    })
    .returning();
  return { product: product!, variant: variant! };
}

export type LineSpec = { quantity?: number; finalSale?: boolean; price?: number };

/** An order with one line per spec; delivered `deliveredDaysAgo` days before `now` (null: not delivered). */
export async function createOrder(
  db: Db,
  customer: { id: number; email: string },
  opts: { now: Date; lines?: LineSpec[]; placedDaysAgo?: number; deliveredDaysAgo?: number | null; number?: string }
) {
  const specs = opts.lines ?? [{ quantity: 2 }];
  const placedAt = new Date(opts.now.getTime() - (opts.placedDaysAgo ?? 10) * DAY);
  const delivered = opts.deliveredDaysAgo === undefined ? 5 : opts.deliveredDaysAgo;
  const deliveredAt = delivered === null ? null : new Date(opts.now.getTime() - delivered * DAY);
  const built = [];
  for (const spec of specs) built.push({ spec, ...(await createVariant(db, { finalSale: spec.finalSale, price: spec.price })) });
  const [order] = await db
    .insert(orders)
    .values({
      number: opts.number ?? `T${unique()}`.toUpperCase(),
      customerId: customer.id,
      email: customer.email,
      status: deliveredAt ? 'delivered' : 'shipped',
      totalCents: built.reduce((s, b) => s + b.variant.priceCents * (b.spec.quantity ?? 2), 0),
      placedAt,
      deliveredAt
    })
    .returning();
  const lines = await db
    .insert(orderLines)
    .values(
      built.map((b, position) => ({
        orderId: order!.id,
        variantId: b.variant.id,
        position,
        productName: b.product.name,
        variantLabel: b.variant.label,
        sku: b.variant.sku,
        unitPriceCents: b.variant.priceCents,
        quantity: b.spec.quantity ?? 2,
        finalSale: b.spec.finalSale ?? false
      }))
    )
    .returning();
  return { order: order!, lines, variants: built.map((b) => b.variant) };
}
