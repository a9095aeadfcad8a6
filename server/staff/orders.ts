import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { fixedLimit } from '../db/prepared.ts';
import { customers, orders } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { returnableQuantity } from '../returns/rules.ts';
import { lineExchangeOptions, orderParts } from '../orders/views.ts';
import { returnOptions } from '../returns/views.ts';
import { paidFor, stillCreditableCents } from '#shared/settlement.ts';
import { ordersMatching, searchText } from './search.ts';

export const ORDER_SEARCH_LIMIT = 20;

/**
 * The staff Orders page: the orders the search matches (search.ts), or without a search the shop's
 * newest orders (one index range); newest first, at most ORDER_SEARCH_LIMIT.
 */
export async function searchOrders(db: Db, q: string | undefined) {
  const text = searchText(q);
  // The orders first, from orders alone, then their customers (see returnsQueue in views.ts).
  const found = db
    .select()
    .from(orders)
    .where(text ? sql`${orders.id} = any(${ordersMatching(text)})` : undefined)
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(fixedLimit(ORDER_SEARCH_LIMIT))
    .as('found');
  const rows = await db
    .select({
      order: {
        number: found.number,
        status: found.status,
        placedAt: found.placedAt,
        currency: found.currency,
        totalCents: found.totalCents
      },
      customer: { email: customers.email, firstName: customers.firstName, lastName: customers.lastName }
    })
    .from(found)
    .innerJoin(customers, eq(customers.id, found.customerId))
    .orderBy(desc(found.placedAt), desc(found.id));
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
  const parts = await orderParts(db, order, now);
  const { reasons, actions } = await returnOptions(db, 'staff');
  const exchanges = await lineExchangeOptions(db, parts);
  return {
    order: {
      ...parts.header,
      email: order.email,
      customer: { email: customer.email, firstName: customer.firstName, lastName: customer.lastName, locale: customer.locale },
      windowClosesAt: parts.closes?.toISOString() ?? null,
      lines: parts.lines.map(({ line: l, blocked }) => ({
        id: l.id,
        name: l.productName,
        variant: l.variantLabel,
        sku: l.sku,
        unitPriceCents: l.unitPriceCents,
        quantity: l.quantity,
        /** Units not already on a live return (staff may return these, with override when blocked). */
        returnableQuantity: returnableQuantity(l),
        finalSale: l.finalSale,
        /** Why a shopper could not return it now; `final_sale` and `window_passed` can be overridden. */
        blockedReason: blocked,
        stockTracked: l.variantId !== null,
        /** Money over all the line's returns: paid for the units bought, credited, still creditable. */
        paidCents: paidFor(l.unitPriceCents, l.quantity),
        unitsOnReturns: l.unitsOnReturns,
        unitsCredited: l.unitsCredited,
        amountCreditedCents: l.amountCreditedCents,
        stillCreditableCents: stillCreditableCents(l.unitPriceCents, l.quantity, l.amountCreditedCents),
        /** Other variants of the product in stock, to exchange for (empty when the shop does not allow exchanges). */
        exchangeOptions: exchanges.get(l.id) ?? []
      })),
      /** The shipping the shopper paid (null: unknown), what the order's returns refunded of it. */
      shippingCents: order.shippingCents,
      shippingRefundedCents: order.shippingRefundedCents,
      returns: parts.returns
    },
    options: { reasons, actions },
    settings: {
      returnsAllowed: parts.settings.returnsAllowed,
      inventoryLinkedToPos: parts.settings.inventoryLinkedToPos,
      windowDays: parts.settings.windowDays
    }
  };
}
export type StaffOrderAnswer = Awaited<ReturnType<typeof staffOrderView>>;
export type OrderSearchAnswer = Awaited<ReturnType<typeof searchOrders>>;
