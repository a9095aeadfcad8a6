import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { shopSettings } from '../db/schema.ts';

export type ShopSettings = typeof shopSettings.$inferSelect;

/** The settings row; created with defaults the first time it is read. */
export async function getSettings(db: Db): Promise<ShopSettings> {
  const [row] = await db.select().from(shopSettings).where(eq(shopSettings.id, 1)).limit(1);
  if (row) return row;
  await db.insert(shopSettings).values({ id: 1 }).onConflictDoNothing();
  const [created] = await db.select().from(shopSettings).where(eq(shopSettings.id, 1)).limit(1);
  return created!;
}

/** What the portal may show anyone: name, colours, contact, whether returns are open. */
export function publicSettings(s: ShopSettings) {
  return {
    shopName: s.shopName,
    contactEmail: s.contactEmail,
    contactPhone: s.contactPhone,
    primaryColor: s.primaryColor,
    accentColor: s.accentColor,
    returnsAllowed: s.returnsAllowed,
    windowDays: s.windowDays,
    withdrawalEnabled: s.withdrawalEnabled
  };
}
