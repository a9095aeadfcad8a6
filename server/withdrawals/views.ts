import { and, asc, desc, eq, inArray, notExists, notInArray, sql } from 'drizzle-orm';
import { FINAL_STATES } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { customers, orders, returns, staffUsers, withdrawalDecisions, withdrawals } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { getSettings } from '../settings/views.ts';
import { refundDeadline } from './rules.ts';

export const TO_MATCH_LIMIT = 100;

type Statement = typeof withdrawals.$inferSelect;

/** The statement as staff see it: every field as submitted, with its refund deadline. */
export function statementView(s: Statement, timeZone: string) {
  return {
    id: s.id,
    reference: s.reference,
    name: s.name,
    email: s.email,
    orderNumber: s.orderNumber,
    items: s.items,
    lines: s.lines,
    locale: s.locale,
    clientAddress: s.clientAddress,
    submittedAt: s.submittedAt.toISOString(),
    refundDeadline: refundDeadline(s.submittedAt, timeZone).toISOString()
  };
}

const decided = (id: typeof withdrawals.id) =>
  notExists(sql`(select 1 from ${withdrawalDecisions} d where d.withdrawal_id = ${id} and d.kind in ('matched','attached','closed'))`);

/** "Withdrawals to match": statements with no final decision, oldest first (the soonest deadline), with why they wait. */
export async function withdrawalsToMatch(db: Db) {
  const settings = await getSettings(db);
  const rows = await db
    .select()
    .from(withdrawals)
    .where(decided(withdrawals.id))
    .orderBy(asc(withdrawals.submittedAt), asc(withdrawals.id))
    .limit(TO_MATCH_LIMIT);
  const reasons = rows.length
    ? await db
        .select({ withdrawalId: withdrawalDecisions.withdrawalId, reason: withdrawalDecisions.reason })
        .from(withdrawalDecisions)
        .where(
          and(
            inArray(
              withdrawalDecisions.withdrawalId,
              rows.map((r) => r.id)
            ),
            eq(withdrawalDecisions.kind, 'unmatched')
          )
        )
    : [];
  return {
    withdrawals: rows.map((r) => ({
      ...statementView(r, settings.timeZone),
      unmatchedReason: reasons.find((x) => x.withdrawalId === r.id)?.reason ?? null
    }))
  };
}

/** One statement for staff, with its decisions and who took them (a read: writes nothing). */
export async function staffWithdrawalView(db: Db, id: number) {
  const [s] = await db.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (!s) throw notFound('No such withdrawal.');
  const settings = await getSettings(db);
  const decisions = await db
    .select({
      kind: withdrawalDecisions.kind,
      reason: withdrawalDecisions.reason,
      note: withdrawalDecisions.note,
      at: withdrawalDecisions.createdAt,
      orderNumber: orders.number,
      returnNumber: returns.number,
      staff: staffUsers.name
    })
    .from(withdrawalDecisions)
    .leftJoin(orders, eq(orders.id, withdrawalDecisions.orderId))
    .leftJoin(returns, eq(returns.id, withdrawalDecisions.returnId))
    .leftJoin(staffUsers, eq(staffUsers.id, withdrawalDecisions.staffId))
    .where(eq(withdrawalDecisions.withdrawalId, id))
    .orderBy(asc(withdrawalDecisions.id));
  return {
    withdrawal: {
      ...statementView(s, settings.timeZone),
      decisions: decisions.map((d) => ({ ...d, at: d.at.toISOString() }))
    }
  };
}

/** The statement a return was made for, as staff see it on the return page (null: not a withdrawal). */
export async function withdrawalOfReturn(db: Db, withdrawalId: number | null, timeZone: string) {
  if (withdrawalId === null) return null;
  const [s] = await db.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId));
  return s ? statementView(s, timeZone) : null;
}

/**
 * The returns queue filtered to withdrawals still open (not in a final state), soonest refund deadline
 * first: a query of its own, so the main queue's keyset query stays as it is.
 */
export async function withdrawalReturnsQueue(db: Db) {
  const settings = await getSettings(db);
  const rows = await db
    .select({
      number: returns.number,
      state: returns.state,
      createdAt: returns.createdAt,
      orderNumber: orders.number,
      customer: { email: customers.email, firstName: customers.firstName, lastName: customers.lastName },
      submittedAt: withdrawals.submittedAt,
      reference: withdrawals.reference,
      lineCount: sql<number>`(select count(*)::int from return_lines rl where rl.return_id = ${returns.id})`,
      itemCount: sql<number>`(select coalesce(sum(rl.quantity), 0)::int from return_lines rl where rl.return_id = ${returns.id})`
    })
    .from(withdrawals)
    .innerJoin(returns, eq(returns.withdrawalId, withdrawals.id))
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(notInArray(returns.state, [...FINAL_STATES]))
    .orderBy(asc(withdrawals.submittedAt), desc(returns.id))
    .limit(TO_MATCH_LIMIT);
  return rows.map((r) => ({ ...r, refundDeadline: refundDeadline(r.submittedAt, settings.timeZone) }));
}
