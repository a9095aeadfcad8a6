import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { orderLines, returnActions, returnReasons, shopSettings } from '../../server/db/schema.ts';

/** The default reason and action ids by code. */
export async function catalogIds(db: Db) {
  const reasons = await db.select().from(returnReasons);
  const actions = await db.select().from(returnActions);
  const reason = (code: string) => reasons.find((r) => r.code === code)!.id;
  const action = (code: string) => actions.find((a) => a.code === code)!.id;
  return { reason, action };
}

export async function unitsOnReturns(db: Db, orderLineId: number) {
  const [line] = await db.select().from(orderLines).where(eq(orderLines.id, orderLineId));
  return line!.unitsOnReturns;
}

export async function setReturnsAllowed(db: Db, allowed: boolean) {
  await db.update(shopSettings).set({ returnsAllowed: allowed }).where(eq(shopSettings.id, 1));
}
