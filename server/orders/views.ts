import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { orderLines, orders, returns } from '../db/schema.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { blockedReason, returnableQuantity, windowClosesAt } from '../returns/rules.ts';
import { getSettings } from '../settings/views.ts';

export const ORDERS_PAGE_SIZE = 10;

export type OrderSummary = {
  number: string;
  status: string;
  placedAt: string;
  deliveredAt: string | null;
  currency: string;
  totalCents: number;
  itemCount: number;
  items: { name: string; variant: string | null; quantity: number }[];
};

/** A shopper's orders, newest first, one keyset page at a time. */
export async function listCustomerOrders(
  db: Db,
  customerId: number,
  cursorText: string | undefined,
  pageSize = ORDERS_PAGE_SIZE
): Promise<{ orders: OrderSummary[]; nextCursor: string | null }> {
  const cursor = decodeCursor(cursorText);
  const rows = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.customerId, customerId),
        cursor ? or(lt(orders.placedAt, cursor.at), and(eq(orders.placedAt, cursor.at), lt(orders.id, cursor.id))) : undefined
      )
    )
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const lines = page.length
    ? await db
        .select({
          orderId: orderLines.orderId,
          name: orderLines.productName,
          variant: orderLines.variantLabel,
          quantity: orderLines.quantity
        })
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            page.map((o) => o.id)
          )
        )
        .orderBy(orderLines.orderId, orderLines.position, orderLines.id)
    : [];
  const last = page.at(-1);
  return {
    orders: page.map((o) => {
      const items = lines.filter((l) => l.orderId === o.id).map(({ orderId: _o, ...l }) => l);
      return {
        number: o.number,
        status: o.status,
        placedAt: o.placedAt.toISOString(),
        deliveredAt: o.deliveredAt?.toISOString() ?? null,
        currency: o.currency,
        totalCents: o.totalCents,
        itemCount: items.reduce((n, l) => n + l.quantity, 0),
        items
      };
    }),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last.placedAt, last.id) : null
  };
}

export async function countCustomerOrders(db: Db, customerId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(eq(orders.customerId, customerId));
  return row?.n ?? 0;
}

type OrderRow = typeof orders.$inferSelect;

/**
 * What the shopper's and the staff's order pages share: the order's header, its lines with why a
 * shopper could not return each (or null), the window's end, and its returns (newest first).
 */
export async function orderParts(db: Db, order: OrderRow, now: Date) {
  const settings = await getSettings(db);
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position, orderLines.id);
  const orderReturns = await db
    .select({ number: returns.number, state: returns.state, createdAt: returns.createdAt })
    .from(returns)
    .where(eq(returns.orderId, order.id))
    .orderBy(desc(returns.createdAt), desc(returns.id));
  return {
    settings,
    closes: windowClosesAt(order, settings.windowDays),
    header: {
      number: order.number,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      deliveredAt: order.deliveredAt?.toISOString() ?? null,
      currency: order.currency,
      totalCents: order.totalCents
    },
    lines: lines.map((line) => ({ line, blocked: blockedReason(order, line, settings.windowDays, now) })),
    returns: orderReturns.map((r) => ({ number: r.number, state: r.state as ReturnState, createdAt: r.createdAt.toISOString() }))
  };
}

/** One of the shopper's orders with, per line, what can be returned and until when (or why not). */
export async function getCustomerOrder(db: Db, customerId: number, number: string, now: Date) {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.number, number), eq(orders.customerId, customerId)))
    .limit(1);
  if (!order) throw notFound('No such order.');
  const parts = await orderParts(db, order, now);
  return {
    order: {
      ...parts.header,
      lines: parts.lines.map(({ line: l, blocked }) => ({
        id: l.id,
        name: l.productName,
        variant: l.variantLabel,
        sku: l.sku,
        imageUrl: l.imageUrl,
        unitPriceCents: l.unitPriceCents,
        quantity: l.quantity,
        returnableQuantity: blocked ? 0 : returnableQuantity(l),
        windowClosesAt: parts.closes?.toISOString() ?? null,
        blockedReason: blocked
      })),
      returns: parts.returns
    },
    returnsAllowed: parts.settings.returnsAllowed
  };
}
