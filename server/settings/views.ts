import { eq } from 'drizzle-orm';
import type { ReturnTo } from '#shared/return-to.ts';
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

/** Where and how shoppers send the items back, as the emails and the shopper's return page use it. */
export function returnToOf(s: ShopSettings): ReturnTo {
  return { address: s.returnAddress, instructions: { en: s.returnInstructionsEn, fr: s.returnInstructionsFr } };
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
