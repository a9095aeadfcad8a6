import type { Db } from './client.ts';
import { ensureDefaults } from './defaults.ts';
import { customers, orderLines, orders, products, shopSettings, staffUsers, variants } from './schema.ts';
import { eq } from 'drizzle-orm';

/** The demo accounts printed at start (a demo shop only: never seeded into a production database unless asked). */
export const DEMO_ACCOUNTS = {
  shopper: { email: 'alice@example.com', password: 'reprise-demo' },
  admin: { email: 'admin@example.com', password: 'reprise-admin' },
  staff: { email: 'staff@example.com', password: 'reprise-staff' },
  /** A French shopper with a password, and a French guest pushed by the shop (no password: a portal link, lookup or sign-in link). */
  frenchShopper: { email: 'bob@example.com', password: 'reprise-demo' },
  frenchGuest: { email: 'chloe@example.com' }
} as const;

const DAY = 86_400_000;

type ProductSeed = { sku: string; name: string; price: number; sizes?: string[]; finalSale?: boolean };
const PRODUCTS: ProductSeed[] = [
  { sku: 'TEE-ORG', name: 'Organic cotton T-shirt', price: 2500, sizes: ['S', 'M', 'L', 'XL'] },
  { sku: 'HOOD-GRY', name: 'Grey hoodie', price: 5900, sizes: ['S', 'M', 'L'] },
  { sku: 'JEAN-SLM', name: 'Slim jeans', price: 7900, sizes: ['38', '40', '42', '44'] },
  { sku: 'SNK-WHT', name: 'White sneakers', price: 8900, sizes: ['40', '41', '42', '43'] },
  { sku: 'SCARF-WL', name: 'Wool scarf', price: 3500 },
  { sku: 'CAP-NVY', name: 'Navy cap', price: 1900 },
  { sku: 'BAG-TOTE', name: 'Canvas tote bag', price: 2200 },
  { sku: 'SOCK-3P', name: 'Socks, pack of 3', price: 1200, sizes: ['39-42', '43-46'] },
  { sku: 'JKT-RAIN', name: 'Rain jacket', price: 11900, sizes: ['M', 'L'] },
  { sku: 'BELT-LTH', name: 'Leather belt', price: 4500, sizes: ['85', '95'] },
  { sku: 'MUG-CER', name: 'Ceramic mug', price: 1500 },
  { sku: 'SUN-CLR', name: 'Sunglasses (clearance)', price: 2900, finalSale: true },
  { sku: 'BOTTLE-S', name: 'Steel water bottle', price: 2400 }
];

/** A small deterministic generator, so the demo shop looks the same on every first run. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
}

/** Seeds the demo shop: customers, staff, products, orders of every kind. Dates are relative to `now`; the password hasher is passed in (db/ knows nothing of auth/). */
export async function seedDemo(db: Db, hashPassword: (password: string) => Promise<string>, now: Date = new Date()): Promise<void> {
  await ensureDefaults(db);
  await db
    .update(shopSettings)
    // The demo shop allows exchanges: a shopper can swap a T-shirt for another size (every size is in stock).
    .set({
      shopName: 'Maison Demo',
      contactEmail: 'help@maison-demo.example',
      contactPhone: '+33 1 23 45 67 89',
      exchangesEnabled: true,
      // Where and how to send the items back, shown once a return is approved.
      returnAddress: 'Maison Demo — Returns\n12 rue des Retours\n75011 Paris\nFrance',
      returnInstructionsEn:
        'Pack the items in their original packaging if you can, write your return number on the parcel, and keep the proof of postage.',
      returnInstructionsFr:
        'Emballez si possible les articles dans leur emballage d’origine, notez votre numéro de retour sur le colis et gardez la preuve de dépôt.'
    })
    .where(eq(shopSettings.id, 1));
  const [alice, bob, chloe] = await db
    .insert(customers)
    .values([
      {
        email: DEMO_ACCOUNTS.shopper.email,
        firstName: 'Alice',
        lastName: 'Martin',
        locale: 'en',
        passwordHash: await hashPassword(DEMO_ACCOUNTS.shopper.password),
        emailVerifiedAt: now
      },
      {
        email: DEMO_ACCOUNTS.frenchShopper.email,
        firstName: 'Bob',
        lastName: 'Durand',
        locale: 'fr',
        passwordHash: await hashPassword(DEMO_ACCOUNTS.frenchShopper.password),
        emailVerifiedAt: now
      },
      { email: DEMO_ACCOUNTS.frenchGuest.email, firstName: 'Chloé', lastName: 'Petit', locale: 'fr', passwordHash: null }
    ])
    .returning();
  await db.insert(staffUsers).values([
    { email: DEMO_ACCOUNTS.admin.email, name: 'Ada Admin', role: 'admin', passwordHash: await hashPassword(DEMO_ACCOUNTS.admin.password) },
    { email: DEMO_ACCOUNTS.staff.email, name: 'Sam Staff', role: 'staff', passwordHash: await hashPassword(DEMO_ACCOUNTS.staff.password) }
  ]);

  const catalog: { product: ProductSeed; variantId: number; label: string | null; sku: string }[] = [];
  for (const p of PRODUCTS) {
    const [row] = await db
      .insert(products)
      .values({ sku: p.sku, name: p.name, finalSale: p.finalSale ?? false })
      .returning();
    const labels = p.sizes ?? [null];
    const vs = await db
      .insert(variants)
      .values(
        labels.map((label) => ({
          productId: row!.id,
          sku: label ? `${p.sku}-${label}` : p.sku,
          label,
          priceCents: p.price,
          stockOnHand: 20
        }))
      )
      .returning();
    for (const v of vs) catalog.push({ product: p, variantId: v.id, label: v.label, sku: v.sku });
  }

  const random = rng(42);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const regular = catalog.filter((c) => !c.product.finalSale);
  const finalSale = catalog.find((c) => c.product.finalSale)!;
  // [customer, days since placed, days from placed to delivery (null: not delivered yet)]
  const plan: [typeof alice, number, number | null][] = [
    [alice, 2, null],
    [alice, 5, 3],
    [alice, 9, 4],
    [alice, 14, 3],
    [alice, 20, 5],
    [alice, 27, 2],
    [alice, 40, 3],
    [alice, 55, 4],
    [alice, 70, 3],
    [alice, 95, 6],
    [alice, 130, 4],
    [alice, 200, 5],
    [bob, 1, null],
    [bob, 6, 2],
    [bob, 12, 3],
    [bob, 33, 3],
    [bob, 60, 4],
    [chloe, 4, 2],
    [chloe, 18, 3],
    [chloe, 90, 5],
    [alice, 8, 3],
    // More recent deliveries for Alice, so a demo (and the browser tests) have returnable orders to spare.
    [alice, 3, 1],
    [alice, 6, 2],
    [alice, 11, 2],
    [alice, 16, 3],
    [alice, 22, 2]
  ];
  let number = 1001;
  // Oldest first so order numbers grow with time.
  const ordered = plan.map((p, i) => ({ p, i })).sort((a, b) => b.p[1] - a.p[1]);
  for (const { p, i } of ordered) {
    const [customer, ago, deliveryAfter] = p;
    const placedAt = new Date(now.getTime() - ago * DAY - Math.floor(random() * 8) * 3600_000);
    const deliveredAt = deliveryAfter === null ? null : new Date(placedAt.getTime() + deliveryAfter * DAY);
    const lineCount = 1 + Math.floor(random() * 3);
    const chosen = new Map<number, (typeof catalog)[number]>();
    while (chosen.size < lineCount) {
      const c = pick(regular);
      chosen.set(c.variantId, c);
    }
    // The last planned order (Alice, 8 days ago) holds a final-sale item.
    if (i === plan.length - 1) chosen.set(finalSale.variantId, finalSale);
    const lines = [...chosen.values()].map((c, position) => ({
      position,
      variantId: c.variantId,
      productName: c.product.name,
      variantLabel: c.label,
      sku: c.sku,
      unitPriceCents: c.product.price,
      quantity: 1 + Math.floor(random() * 2),
      finalSale: c.product.finalSale ?? false
    }));
    const [order] = await db
      .insert(orders)
      .values({
        number: String(number++),
        customerId: customer!.id,
        email: customer!.email,
        status: deliveredAt ? 'delivered' : ago < 2 ? 'placed' : 'shipped',
        totalCents: lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0),
        placedAt,
        deliveredAt,
        // A flat €4.95 shipping, as a shop's push would say it (staff may refund it with a credit).
        shippingCents: 495,
        updatedAt: deliveredAt ?? placedAt
      })
      .returning();
    await db.insert(orderLines).values(lines.map((l) => ({ ...l, orderId: order!.id })));
  }
}
