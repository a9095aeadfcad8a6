import { and, asc, desc, eq, inArray, notExists, notInArray, sql } from 'drizzle-orm';
import { FINAL_STATES } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { customers, orderLines, orders, returns, staffUsers, withdrawalDecisions, withdrawals } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { returnableQuantity } from '../returns/rules.ts';
import { getSettings } from '../settings/views.ts';
import { differences } from './differences.ts';
import { refundDeadline } from './rules.ts';
import { shopLoad, statementOfLink } from './service.ts';

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
  notExists(
    sql`(select 1 from ${withdrawalDecisions} d where d.withdrawal_id = ${id} and d.kind in ('matched','attached','closed','cancelled'))`
  );

/**
 * "Withdrawals to match": statements with no final decision, oldest first (the soonest deadline),
 * with why they wait (null: not matched yet, a moment after it came in), and the shop's hourly load
 * (`reached`: the form refuses new statements until `freesAt`).
 */
export async function withdrawalsToMatch(db: Db, now: Date) {
  const settings = await getSettings(db);
  const load = await shopLoad(db, now);
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
    })),
    hourlyLimit: { reached: load.reached, limit: load.limit, lastHour: load.lastHour, freesAt: load.freesAt?.toISOString() ?? null },
    identityMissing: settings.withdrawalEnabled && (!settings.legalName.trim() || !settings.legalAddress.trim())
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
      staff: staffUsers.name,
      confirmedDifferences: withdrawalDecisions.confirmedDifferences
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

/**
 * What staff check before attaching a statement to an order: whether the order exists, its
 * customer's email and name beside the statement's, what differs (to confirm), and its lines with
 * the units still free to pick. A read: writes nothing.
 */
export async function attachPreview(db: Db, id: number, asked: string | undefined) {
  const [s] = await db.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (!s) throw notFound('No such withdrawal.');
  const orderNumber = asked ?? s.orderNumber;
  const statement = { name: s.name, email: s.email, orderNumber: s.orderNumber };
  const [order] = await db
    .select({
      id: orders.id,
      number: orders.number,
      email: orders.email,
      status: orders.status,
      firstName: customers.firstName,
      lastName: customers.lastName
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.number, orderNumber))
    .limit(1);
  if (!order) return { statement, order: null, differences: [] };
  const lines = await db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.position), asc(orderLines.id));
  return {
    statement,
    order: {
      number: order.number,
      email: order.email,
      customerName: `${order.firstName} ${order.lastName}`.trim(),
      status: order.status,
      lines: lines.map((l) => ({
        id: l.id,
        productName: l.productName,
        variantLabel: l.variantLabel,
        sku: l.sku,
        quantity: l.quantity,
        // A return is made only on a delivered order (staff may override the window, never delivery).
        returnable: order.status === 'delivered' ? returnableQuantity(l) : 0
      }))
    },
    differences: differences(s, order, order)
  };
}

/**
 * What the acknowledgement's link shows its mailbox: the statement as submitted and where it stands
 * (`waiting`, `matched` with its return, `closed`, `cancelled`), and whether it can still be
 * cancelled there. Null for a link that is not (or no longer) valid.
 */
export async function statementByLink(db: Db, token: string, now: Date) {
  const s = await statementOfLink(db, token, now);
  if (!s) return null;
  const settings = await getSettings(db);
  const decisions = await db
    .select({ kind: withdrawalDecisions.kind, returnNumber: returns.number, returnState: returns.state, orderEmail: orders.email })
    .from(withdrawalDecisions)
    .leftJoin(returns, eq(returns.id, withdrawalDecisions.returnId))
    .leftJoin(orders, eq(orders.id, withdrawalDecisions.orderId))
    .where(eq(withdrawalDecisions.withdrawalId, s.id))
    .orderBy(asc(withdrawalDecisions.id));
  const final = decisions.findLast((d) => d.kind !== 'unmatched');
  const status = !final ? 'waiting' : final.kind === 'matched' || final.kind === 'attached' ? 'matched' : final.kind;
  const returnState = final?.returnState ?? null;
  return {
    statement: {
      reference: s.reference,
      name: s.name,
      email: s.email,
      orderNumber: s.orderNumber,
      items: s.items,
      locale: s.locale,
      submittedAt: s.submittedAt.toISOString(),
      refundDeadline: refundDeadline(s.submittedAt, settings.timeZone).toISOString()
    },
    status: status as 'waiting' | 'matched' | 'closed' | 'cancelled',
    // The return (on someone's order) is named only to that order's own address.
    returnNumber: status === 'matched' && final?.orderEmail === s.linkEmail ? (final?.returnNumber ?? null) : null,
    canCancel: status === 'waiting' || (status === 'matched' && (returnState === 'requested' || returnState === 'cancelled'))
  };
}

/**
 * What the staff dashboard warns about: the function on while the trader's legal name or address is
 * empty (the acknowledgement then lacks them), and the shop's hourly limit reached.
 */
export async function withdrawalWarnings(db: Db, now: Date) {
  const settings = await getSettings(db);
  const load = await shopLoad(db, now);
  return {
    identityMissing: settings.withdrawalEnabled && (!settings.legalName.trim() || !settings.legalAddress.trim()),
    hourlyLimit: { reached: load.reached, limit: load.limit, lastHour: load.lastHour, freesAt: load.freesAt?.toISOString() ?? null }
  };
}
