import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { movesFor, RETURN_STATES, STATE_TEXT, type Move, type ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { customers, orderLines, orders, returnLines, returns, staffUsers, stockMovements, variants } from '../db/schema.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { returnTrail, timelineOf } from '../audit/trail.ts';
import { linesOf } from '../returns/views.ts';
import { getSettings } from '../settings/views.ts';

export const QUEUE_PAGE_SIZE = 25;

const customerName = (c: { firstName: string; lastName: string }) => [c.firstName, c.lastName].filter(Boolean).join(' ');

/**
 * What the search box matches: a return number (any case), an order number, or a customer's email
 * (the whole address, or its beginning).
 */
function searchCondition(q: string | undefined): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const lower = text.toLowerCase();
  const prefix = `${lower.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return or(
    eq(returns.number, text),
    eq(returns.number, text.toUpperCase()),
    eq(orders.number, text),
    eq(customers.email, lower),
    sql`${customers.email} like ${prefix}`,
    eq(orders.email, lower)
  );
}

/** Counts per state for the queue's filter (of the returns the search matches). */
export async function countsByState(db: Db, q: string | undefined): Promise<Record<ReturnState, number>> {
  const rows = await db
    .select({ state: returns.state, n: sql<number>`count(*)::int` })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(searchCondition(q))
    .groupBy(returns.state);
  const counts = Object.fromEntries(RETURN_STATES.map((s) => [s, 0])) as Record<ReturnState, number>;
  for (const r of rows) counts[r.state as ReturnState] = r.n;
  return counts;
}

/** The staff queue: newest first, filtered by state and search, keyset pages (no OFFSET). */
export async function returnsQueue(db: Db, query: { state?: ReturnState; q?: string; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await db
    .select({ ret: returns, orderNumber: orders.number, customer: customers })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(
      and(
        query.state ? eq(returns.state, query.state) : undefined,
        searchCondition(query.q),
        // A row comparison is an index condition on (created_at, id): page 100 reads as few rows as page 1.
        cursor ? sql`(${returns.createdAt}, ${returns.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::int)` : undefined
      )
    )
    .orderBy(desc(returns.createdAt), desc(returns.id))
    .limit(QUEUE_PAGE_SIZE + 1);
  const page = rows.slice(0, QUEUE_PAGE_SIZE);
  const sums = page.length
    ? await db
        .select({
          returnId: returnLines.returnId,
          lines: sql<number>`count(*)::int`,
          units: sql<number>`sum(${returnLines.quantity})::int`
        })
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
    returns: page.map((r) => {
      const sum = sums.find((s) => s.returnId === r.ret.id);
      return {
        number: r.ret.number,
        orderNumber: r.orderNumber,
        customer: { email: r.customer.email, name: customerName(r.customer) },
        createdAt: r.ret.createdAt.toISOString(),
        state: r.ret.state as ReturnState,
        lineCount: sum?.lines ?? 0,
        itemCount: sum?.units ?? 0
      };
    }),
    counts: await countsByState(db, query.q),
    nextCursor: rows.length > QUEUE_PAGE_SIZE && last ? encodeCursor(last.ret.createdAt, last.ret.id) : null
  };
}

export type StaffMove = Move & { label: string; description: string };

/** The states a return may move to next, for this staff member, with their labels. */
export function allowedMoves(from: ReturnState, role: 'staff' | 'admin'): StaffMove[] {
  return movesFor(from, { type: 'staff', role }).map((m) => ({ ...m, ...STATE_TEXT[m.state].en }));
}

export async function findReturnId(db: Db, number: string): Promise<number> {
  const [row] = await db.select({ id: returns.id }).from(returns).where(eq(returns.number, number)).limit(1);
  if (!row) throw notFound('No such return.');
  return row.id;
}

/** Everything staff see of a return: order, customer, lines with restock, notes, allowed moves, audit trail. */
export async function staffReturnView(db: Db, returnId: number, viewer: { role: 'staff' | 'admin' }) {
  const [row] = await db
    .select({ ret: returns, order: orders, customer: customers, createdBy: staffUsers.name })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .leftJoin(staffUsers, eq(staffUsers.id, returns.createdByStaffId))
    .where(eq(returns.id, returnId));
  if (!row) throw notFound('No such return.');
  const settings = await getSettings(db);
  const lines = await linesOf(db, returnId);
  const lineIds = lines.map((l) => l.id);
  const variantIds = lines.map((l) => l.variantId).filter((v): v is number => v !== null);
  const stock = variantIds.length
    ? await db.select({ id: variants.id, stockOnHand: variants.stockOnHand }).from(variants).where(inArray(variants.id, variantIds))
    : [];
  const moved = lineIds.length
    ? await db
        .select({ returnLineId: stockMovements.returnLineId, quantity: stockMovements.quantity })
        .from(stockMovements)
        .where(inArray(stockMovements.returnLineId, lineIds))
    : [];
  const prices = lines.length
    ? await db
        .select({ id: orderLines.id, unitPriceCents: orderLines.unitPriceCents })
        .from(orderLines)
        .where(
          inArray(
            orderLines.id,
            lines.map((l) => l.orderLineId)
          )
        )
    : [];
  const state = row.ret.state as ReturnState;
  return {
    return: {
      number: row.ret.number,
      state,
      version: row.ret.version,
      createdAt: row.ret.createdAt.toISOString(),
      updatedAt: row.ret.updatedAt.toISOString(),
      createdByStaff: row.createdBy,
      customerComment: row.ret.customerComment,
      staffNote: row.ret.staffNote,
      customerMessage: row.ret.customerMessage,
      order: {
        number: row.order.number,
        status: row.order.status,
        placedAt: row.order.placedAt.toISOString(),
        deliveredAt: row.order.deliveredAt?.toISOString() ?? null,
        currency: row.order.currency,
        totalCents: row.order.totalCents,
        email: row.order.email
      },
      customer: {
        email: row.customer.email,
        firstName: row.customer.firstName,
        lastName: row.customer.lastName,
        locale: row.customer.locale
      },
      lines: lines.map((l) => ({
        id: l.id,
        orderLineId: l.orderLineId,
        name: l.name,
        variant: l.variant,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceCents: prices.find((p) => p.id === l.orderLineId)?.unitPriceCents ?? 0,
        reason: {
          id: l.reason.id,
          code: l.reason.code,
          labelEn: l.reason.labelEn,
          labelFr: l.reason.labelFr,
          needsText: l.reason.needsText
        },
        reasonText: l.reasonText,
        action: { id: l.action.id, code: l.action.code, labelEn: l.action.labelEn, labelFr: l.action.labelFr },
        /** The reason's default, used when staff decide nothing for this line. */
        restockDefault: l.reason.restockDefault,
        /** Null until the return reaches `received`. */
        restock: l.restock,
        restockedUnits: moved.find((m) => m.returnLineId === l.id)?.quantity ?? 0,
        /** False when the line has no variant in the catalogue (nothing to put back). */
        stockTracked: l.variantId !== null,
        stockOnHand: stock.find((s) => s.id === l.variantId)?.stockOnHand ?? null
      })),
      allowedMoves: allowedMoves(state, viewer.role),
      inventoryLinkedToPos: settings.inventoryLinkedToPos,
      timeline: await timelineOf(db, returnId),
      audit: await returnTrail(db, returnId)
    }
  };
}
export type StaffReturnDetail = Awaited<ReturnType<typeof staffReturnView>>['return'];
export type QueueAnswer = Awaited<ReturnType<typeof returnsQueue>>;
