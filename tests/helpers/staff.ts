/** Helpers shared by the staff API tests (not a test file itself). */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { auditEvents, stockMovements, variants } from '../../server/db/schema.ts';
import { setupApp, type Agent, type TestContext } from './app.ts';
import { createCustomer, createOrder } from './fixtures.ts';
import { catalogIds } from './returns.ts';
import { signInShopper, signInStaff } from './sign-in.ts';

export type Ids = Awaited<ReturnType<typeof catalogIds>>;
export { catalogIds, signInShopper, signInStaff };

/** One app for a staff test file: the catalogue ids, a signed-in admin and a signed-in staff member (the file closes `t`). */
export async function staffSuite(env: Record<string, string> = {}) {
  const t = await setupApp(env);
  return staffMembers(t, await catalogIds(t.db));
}

/** The app `t` with its catalogue ids, a signed-in admin and a signed-in staff member. */
export async function staffMembers(t: TestContext, ids: Ids) {
  const { staff: adminMember, agent: admin } = await signInStaff(t, 'admin');
  const { staff: staffMember, agent: staff } = await signInStaff(t, 'staff');
  return { t, ids, admin, adminMember, staff, staffMember };
}

/** A customer and a delivered order (lines as given) ready for returns. */
export async function customerOrder(t: TestContext, opts: Partial<Parameters<typeof createOrder>[2]> = {}) {
  const customer = await createCustomer(t.db);
  const made = await createOrder(t.db, customer, { now: t.clock.now, ...opts });
  return { customer, ...made };
}

/** A new customer's delivered order (lines as given), and the customer signed in as `shopper`. */
export async function shopperOrder(t: TestContext, opts: Partial<Parameters<typeof createOrder>[2]> = {}) {
  const made = await customerOrder(t, opts);
  return { ...made, shopper: await signInShopper(t, made.customer) };
}

export const lineInput = (ids: Ids, orderLineId: number, quantity = 1, reason = 'wrong_size', action = 'refund') => ({
  orderLineId,
  quantity,
  reasonId: ids.reason(reason),
  actionId: ids.action(action)
});

/** Staff post a new return of one unit of one order line (wrong size, refund), with `fields` (state, restock, override…); the answer unchecked. */
export function postOneLine(agent: Agent, ids: Ids, orderNumber: string, orderLineId: number, fields: Record<string, unknown> = {}) {
  return agent.post('/api/staff/returns', { orderNumber, lines: [lineInput(ids, orderLineId)], ...fields });
}

/** Creates a return through the staff API and returns its detail. */
export async function staffCreate(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/staff/returns', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.return as { number: string; version: number; state: string; lines: { id: number; orderLineId: number }[] };
}

/** A line of `staffReturnOfOrder`'s order: its units (all returned) and price, the reason and action asked (default wrong size, refund). */
export type ReturnedLine = { quantity: number; price?: number; reason?: string; action?: string };

/**
 * A customer's delivered order of one line per spec, and the return staff create of every unit of it,
 * starting in `state`; `lineOf(i)` is the return's line of the order's line i.
 */
export async function staffReturnOfOrder(
  { t, ids, staff }: { t: TestContext; ids: Ids; staff: Agent },
  specs: ReturnedLine[],
  state: string
) {
  const made = await customerOrder(t, { lines: specs.map(({ quantity, price }) => ({ quantity, price })) });
  const ret = await staffCreate(staff, {
    orderNumber: made.order.number,
    lines: specs.map((s, i) => lineInput(ids, made.lines[i]!.id, s.quantity, s.reason, s.action)),
    state
  });
  const lineOf = (i: number) => ret.lines.find((l) => l.orderLineId === made.lines[i]!.id)!;
  return { ...made, ret, lineOf };
}

export async function save(agent: Agent, number: string, body: Record<string, unknown>) {
  return agent.patch(`/api/staff/returns/${encodeURIComponent(number)}`, body);
}

export async function detail(agent: Agent, number: string) {
  const res = await agent.get(`/api/staff/returns/${encodeURIComponent(number)}`);
  expect(res.status).toBe(200);
  return res.body.return;
}

export async function stockOf(db: Db, variantId: number): Promise<number> {
  const [v] = await db.select().from(variants).where(eq(variants.id, variantId));
  return v!.stockOnHand;
}

export async function movementsOf(db: Db, returnLineId: number) {
  return db.select().from(stockMovements).where(eq(stockMovements.returnLineId, returnLineId));
}

export async function auditOf(db: Db, entity: string, entityId: string | number) {
  return (await db.select().from(auditEvents).where(eq(auditEvents.entity, entity))).filter((e) => e.entityId === String(entityId));
}
