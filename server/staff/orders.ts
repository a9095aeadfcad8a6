import { asc, desc, eq, or, sql } from 'drizzle-orm';
import type { ReturnState } from '../../shared/states.ts';
import type { Db } from '../db/client.ts';
import { customers, orderLines, orders, returnActions, returnReasons, returns } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { blockedReason, returnableQuantity, windowClosesAt } from '../returns/rules.ts';
import { getSettings } from '../settings/service.ts';

export const ORDER_SEARCH_LIMIT = 20;

/** Orders whose number is `q`, or whose customer's email is `q` (or starts with it); newest first. */
export async function searchOrders(db: Db, q: string) {
  const text = q.trim();
  const lower = text.toLowerCase();
  const prefix = `${lower.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = await db
    .select({ order: orders, customer: customers })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(or(eq(orders.number, text), eq(orders.email, lower), eq(customers.email, lower), sql`${customers.email} like ${prefix}`))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(ORDER_SEARCH_LIMIT);
  return {
    orders: rows.map(({ order, customer }) => ({
      number: order.number,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      currency: order.currency,
      totalCents: order.totalCents,
      customer: { email: customer.email, name: [customer.firstName, customer.lastName].filter(Boolean).join(' ') }
    }))
  };
}

/**
 * An order as staff see it to create a return: every line with what is left to return and, when a
 * shopper could not return it, why (staff may override the window and final sale).
 */
export async function staffOrderView(db: Db, number: string, now: Date) {
  const [row] = await db
    .select({ order: orders, customer: customers })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.number, number))
    .limit(1);
  if (!row) throw notFound('No such order.');
  const { order, customer } = row;
  const settings = await getSettings(db);
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position), asc(orderLines.id));
  const orderReturns = await db
    .select({ number: returns.number, state: returns.state, createdAt: returns.createdAt })
    .from(returns)
    .where(eq(returns.orderId, order.id))
    .orderBy(desc(returns.createdAt), desc(returns.id));
  const reasons = await db.select().from(returnReasons).where(eq(returnReasons.active, true)).orderBy(asc(returnReasons.position), asc(returnReasons.id));
  const actions = await db.select().from(returnActions).where(eq(returnActions.active, true)).orderBy(asc(returnActions.position), asc(returnActions.id));
  const closes = windowClosesAt(order, settings.windowDays);
  return {
    order: {
      number: order.number,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      deliveredAt: order.deliveredAt?.toISOString() ?? null,
      currency: order.currency,
      totalCents: order.totalCents,
      email: order.email,
      customer: { email: customer.email, firstName: customer.firstName, lastName: customer.lastName, locale: customer.locale },
      windowClosesAt: closes?.toISOString() ?? null,
      lines: lines.map((l) => {
        const blocked = blockedReason(order, l, settings.windowDays, now);
        return {
          id: l.id,
          name: l.productName,
          variant: l.variantLabel,
          sku: l.sku,
          unitPriceCents: l.unitPriceCents,
          quantity: l.quantity,
          /** Units not already on a live return (staff may return these, with override when blocked). */
          returnableQuantity: returnableQuantity(l),
          finalSale: l.finalSale,
          /** Why a shopper could not return it now; `final_sale`, `window_passed`, `not_delivered` need an override. */
          blockedReason: blocked,
          stockTracked: l.variantId !== null
        };
      }),
      returns: orderReturns.map((r) => ({ number: r.number, state: r.state as ReturnState, createdAt: r.createdAt.toISOString() }))
    },
    options: {
      reasons: reasons.map((r) => ({ id: r.id, code: r.code, labelEn: r.labelEn, labelFr: r.labelFr, needsText: r.needsText, restockDefault: r.restockDefault })),
      actions: actions.map((a) => ({ id: a.id, code: a.code, labelEn: a.labelEn, labelFr: a.labelFr }))
    },
    settings: { returnsAllowed: settings.returnsAllowed, inventoryLinkedToPos: settings.inventoryLinkedToPos, windowDays: settings.windowDays }
  };
}
export type StaffOrderAnswer = Awaited<ReturnType<typeof staffOrderView>>;
export type OrderSearchAnswer = Awaited<ReturnType<typeof searchOrders>>;
