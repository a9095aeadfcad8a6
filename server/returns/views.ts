import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { moveOf, type ReturnState } from '#shared/states.ts';
import { timelineOf } from '../audit/trail.ts';
import type { Db } from '../db/client.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns } from '../db/schema.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';

const label = (r: { code: string; labelEn: string; labelFr: string }) => ({ code: r.code, labelEn: r.labelEn, labelFr: r.labelFr });

/** The lines of a return with product, reason and action (shared by shopper and staff views). */
export async function linesOf(db: Db, returnId: number) {
  return db
    .select({
      id: returnLines.id,
      orderLineId: returnLines.orderLineId,
      name: orderLines.productName,
      variant: orderLines.variantLabel,
      sku: orderLines.sku,
      variantId: orderLines.variantId,
      quantity: returnLines.quantity,
      reason: returnReasons,
      reasonText: returnLines.reasonText,
      action: returnActions,
      restock: returnLines.restock
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(returnActions, eq(returnActions.id, returnLines.actionId))
    .where(eq(returnLines.returnId, returnId))
    .orderBy(asc(orderLines.position), asc(returnLines.id));
}

/**
 * What a shopper may see of a return: built field by field, so the staff note, restock decisions
 * and staff identities can never leak by a new column.
 */
export async function shopperReturnView(db: Db, returnId: number) {
  const [row] = await db
    .select({ ret: returns, orderNumber: orders.number })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, returnId));
  if (!row) throw notFound('No such return.');
  const lines = await linesOf(db, returnId);
  return {
    return: {
      number: row.ret.number,
      orderNumber: row.orderNumber,
      state: row.ret.state as ReturnState,
      createdAt: row.ret.createdAt.toISOString(),
      updatedAt: row.ret.updatedAt.toISOString(),
      version: row.ret.version,
      customerComment: row.ret.customerComment,
      customerMessage: row.ret.customerMessage,
      canCancel: moveOf(row.ret.state as ReturnState, 'cancelled', { type: 'customer' }) !== undefined,
      lines: lines.map((l) => ({
        orderLineId: l.orderLineId,
        name: l.name,
        variant: l.variant,
        quantity: l.quantity,
        reason: label(l.reason),
        reasonText: l.reasonText,
        action: label(l.action)
      })),
      timeline: await timelineOf(db, returnId)
    }
  };
}

export async function findCustomerReturnId(db: Db, customerId: number, number: string): Promise<number> {
  const [row] = await db
    .select({ id: returns.id })
    .from(returns)
    .where(and(eq(returns.number, number), eq(returns.customerId, customerId)));
  if (!row) throw notFound('No such return.');
  return row.id;
}

export const RETURNS_PAGE_SIZE = 20;

/** A shopper's returns, newest first, keyset pages. */
export async function listCustomerReturns(db: Db, customerId: number, cursorText: string | undefined) {
  const cursor = decodeCursor(cursorText);
  const rows = await db
    .select({ ret: returns, orderNumber: orders.number })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(
      and(
        eq(returns.customerId, customerId),
        cursor ? or(lt(returns.createdAt, cursor.at), and(eq(returns.createdAt, cursor.at), lt(returns.id, cursor.id))) : undefined
      )
    )
    .orderBy(desc(returns.createdAt), desc(returns.id))
    .limit(RETURNS_PAGE_SIZE + 1);
  const page = rows.slice(0, RETURNS_PAGE_SIZE);
  const counts = page.length
    ? await db
        .select({ returnId: returnLines.returnId, n: sql<number>`sum(${returnLines.quantity})::int` })
        .from(returnLines)
        .where(
          inArray(
            returnLines.returnId,
            page.map((r) => r.ret.id)
          )
        )
        .groupBy(returnLines.returnId)
    : [];
  const last = page.at(-1);
  return {
    returns: page.map((r) => ({
      number: r.ret.number,
      orderNumber: r.orderNumber,
      state: r.ret.state as ReturnState,
      createdAt: r.ret.createdAt.toISOString(),
      itemCount: counts.find((c) => c.returnId === r.ret.id)?.n ?? 0
    })),
    nextCursor: rows.length > RETURNS_PAGE_SIZE && last ? encodeCursor(last.ret.createdAt, last.ret.id) : null
  };
}

/** Active reasons and actions in the shop's order, for the return form; restock defaults for staff only. */
export async function returnOptions(db: Db, view: 'shopper' | 'staff' = 'shopper') {
  const reasons = await db
    .select()
    .from(returnReasons)
    .where(eq(returnReasons.active, true))
    .orderBy(asc(returnReasons.position), asc(returnReasons.id));
  const actions = await db
    .select()
    .from(returnActions)
    .where(eq(returnActions.active, true))
    .orderBy(asc(returnActions.position), asc(returnActions.id));
  return {
    reasons: reasons.map((r) => ({
      id: r.id,
      ...label(r),
      needsText: r.needsText,
      ...(view === 'staff' ? { restockDefault: r.restockDefault } : {})
    })),
    actions: actions.map((a) => ({ id: a.id, ...label(a) }))
  };
}
