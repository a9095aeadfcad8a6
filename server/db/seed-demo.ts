import type { Db } from './client.ts';
import { ensureDefaults } from './defaults.ts';
import { customers, orderLines, orders, products, shopSettings, staffUsers, variants } from './schema.ts';
import { eq, sql } from 'drizzle-orm';

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

/** The passwords of the demo accounts that have one. */
export type DemoPasswords = { shopper: string; frenchShopper: string; admin: string; staff: string };

/** The public demo passwords (README, start-up banner): only for the embedded demo's first start. */
export const PUBLIC_DEMO_PASSWORDS: DemoPasswords = {
  shopper: DEMO_ACCOUNTS.shopper.password,
  frenchShopper: DEMO_ACCOUNTS.frenchShopper.password,
  admin: DEMO_ACCOUNTS.admin.password,
  staff: DEMO_ACCOUNTS.staff.password
};

type Hasher = (password: string) => Promise<string>;

/**
 * Seeds the demo shop: customers, staff, products, orders of every kind, in one transaction (a
 * clash with an existing row leaves nothing behind). Dates are relative to `now`; the password
 * hasher is passed in (db/ knows nothing of auth/). `passwords` defaults to the public demo ones,
 * which only the embedded demo's first start uses; `renameShop: false` leaves the shop's name and
 * contact details alone.
 */
export async function seedDemo(
  db: Db,
  hashPassword: Hasher,
  now: Date = new Date(),
  opts: { passwords?: DemoPasswords; renameShop?: boolean } = {}
): Promise<void> {
  const passwords = opts.passwords ?? PUBLIC_DEMO_PASSWORDS;
  // Hashed first: the transaction does not wait on argon2.
  const hashes = {
    shopper: await hashPassword(passwords.shopper),
    frenchShopper: await hashPassword(passwords.frenchShopper),
    admin: await hashPassword(passwords.admin),
    staff: await hashPassword(passwords.staff)
  };
  await db.transaction((tx) => writeDemo(tx, hashes, now, opts.renameShop ?? true));
}

/** What `npm run seed:demo` found in the database before seeding (any of them means real data). */
export type ExistingData = { orders: number; customers: number; staff: number };

export type SeedOutcome =
  | { seeded: true; passwords: DemoPasswords }
  | { seeded: false; reason: 'has_data'; existing: ExistingData }
  | { seeded: false; reason: 'clash'; detail: string };

/** How many orders, customers and staff accounts the database holds. */
export async function existingData(db: Db): Promise<ExistingData> {
  const count = async (table: typeof orders | typeof customers | typeof staffUsers) => {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
    return Number(row?.n ?? 0);
  };
  return { orders: await count(orders), customers: await count(customers), staff: await count(staffUsers) };
}

/**
 * `npm run seed:demo`: refuses a database holding any order, customer or staff account unless
 * `force`; every demo account gets a fresh random password (returned, to be printed once), never a
 * public one; a forced run leaves the shop's name and contact details alone. All in one
 * transaction: a clash (a demo email or order number already taken) rolls everything back.
 */
export async function seedDemoCommand(
  db: Db,
  opts: { force: boolean; hashPassword: Hasher; newPassword: () => string; now?: Date }
): Promise<SeedOutcome> {
  if (!opts.force) {
    const existing = await existingData(db);
    if (existing.orders + existing.customers + existing.staff > 0) return { seeded: false, reason: 'has_data', existing };
  }
  const passwords: DemoPasswords = {
    shopper: opts.newPassword(),
    frenchShopper: opts.newPassword(),
    admin: opts.newPassword(),
    staff: opts.newPassword()
  };
  try {
    await seedDemo(db, opts.hashPassword, opts.now ?? new Date(), { passwords, renameShop: !opts.force });
  } catch (err) {
    // 23505: a unique row of the demo (an email, an order number, a SKU) is already there.
    const e = err as { code?: string; cause?: { code?: string; detail?: string }; detail?: string };
    const code = e.code ?? e.cause?.code;
    if (code === '23505') return { seeded: false, reason: 'clash', detail: e.detail ?? e.cause?.detail ?? (err as Error).message };
    throw err;
  }
  return { seeded: true, passwords };
}

async function writeDemo(db: Db, hashes: DemoPasswords, now: Date, renameShop: boolean): Promise<void> {
  await ensureDefaults(db);
  if (renameShop) {
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
  }
  const [alice, bob, chloe] = await db
    .insert(customers)
    .values([
      {
        email: DEMO_ACCOUNTS.shopper.email,
        firstName: 'Alice',
        lastName: 'Martin',
        locale: 'en',
        passwordHash: hashes.shopper,
        emailVerifiedAt: now
      },
      {
        email: DEMO_ACCOUNTS.frenchShopper.email,
        firstName: 'Bob',
        lastName: 'Durand',
        locale: 'fr',
        passwordHash: hashes.frenchShopper,
        emailVerifiedAt: now
      },
      { email: DEMO_ACCOUNTS.frenchGuest.email, firstName: 'Chloé', lastName: 'Petit', locale: 'fr', passwordHash: null }
    ])
    .returning();
  await db.insert(staffUsers).values([
    { email: DEMO_ACCOUNTS.admin.email, name: 'Ada Admin', role: 'admin', passwordHash: hashes.admin },
    { email: DEMO_ACCOUNTS.staff.email, name: 'Sam Staff', role: 'staff', passwordHash: hashes.staff }
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
