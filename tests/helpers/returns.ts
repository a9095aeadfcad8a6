import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { orderLines, returnActions, returnReasons, shopSettings } from '../../server/db/schema.ts';
import type { Agent } from './app.ts';
import { PASSWORD } from './fixtures.ts';

/** The default reason and action ids by code. */
export async function catalogIds(db: Db) {
  const reasons = await db.select().from(returnReasons);
  const actions = await db.select().from(returnActions);
  const reason = (code: string) => reasons.find((r) => r.code === code)!.id;
  const action = (code: string) => actions.find((a) => a.code === code)!.id;
  return { reason, action };
}

export async function signIn(agent: Agent, email: string) {
  const res = await agent.post('/api/auth/sign-in', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return agent;
}

export async function unitsOnReturns(db: Db, orderLineId: number) {
  const [line] = await db.select().from(orderLines).where(eq(orderLines.id, orderLineId));
  return line!.unitsOnReturns;
}

export async function setReturnsAllowed(db: Db, allowed: boolean) {
  await db.update(shopSettings).set({ returnsAllowed: allowed }).where(eq(shopSettings.id, 1));
}
