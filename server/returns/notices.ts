import { eq } from 'drizzle-orm';
import type { ReturnState } from '#shared/states.ts';
import type { Locale } from '#shared/words/index.ts';
import type { Db } from '../db/client.ts';
import { customers, orders, returns, shopSettings } from '../db/schema.ts';
import { queueReturnStateEmail, queueShopNewRequestEmail } from '../outbound/outbox.ts';
import { creditView } from './settlement.ts';
import { getSettings, returnToOf } from '../settings/views.ts';
import { linesOf } from './views.ts';

/**
 * Queues the state email for the return's customer, in their language, with the message sent with it
 * (or none). `written`: the return's lines as `linesOf` reads them, when the caller holds them already.
 */
export async function notifyCustomer(
  tx: Db,
  returnId: number,
  publicUrl: URL,
  now: Date,
  message = '',
  written?: Awaited<ReturnType<typeof linesOf>>
): Promise<void> {
  // The shop's settings in the same statement (where to send the items back): one round trip, not two.
  const [row] = await tx
    .select({ ret: returns, order: orders, customer: customers, settings: shopSettings })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .leftJoin(shopSettings, eq(shopSettings.id, 1))
    .where(eq(returns.id, returnId));
  if (!row) return;
  const lines = written ?? (await linesOf(tx, returnId));
  const view = creditView(row.ret, row.order.currency, lines);
  const credit = view
    ? {
        method: view.method,
        totalCents: view.totalCents,
        totals: view.totals,
        currency: view.currency,
        shippingRefundedCents: view.shippingRefundedCents,
        lines: lines.map((l) => ({
          name: l.name,
          method: l.creditMethod,
          units: l.unitsCredited,
          amountCents: l.amountCreditedCents,
          replacement: l.replacement
        }))
      }
    : null;
  await queueReturnStateEmail(tx, {
    credit,
    to: row.order.email,
    locale: row.customer.locale,
    firstName: row.customer.firstName,
    orderNumber: row.order.number,
    returnNumber: row.ret.number,
    state: row.ret.state as ReturnState,
    items: lines,
    // Only the shopper's own comment: one typed by staff is staff-only.
    comment: row.ret.customerCommentBy === 'customer' ? row.ret.customerComment : '',
    message,
    publicUrl,
    returnTo: returnToOf(row.settings ?? (await getSettings(tx))),
    now
  });
}

/** What the shop's "new request" email lists: each line's product, variant, units, reason and action. */
export type RequestFacts = {
  shopEmail: string;
  /** The shop's language (settings): the email to its own address is written in it. */
  shopLocale: Locale;
  order: { number: string; email: string };
  lines: { name: string; variant: string | null; quantity: number; reason: string; action: string }[];
  comment: string;
};

/** A shopper's new request: "request received" to them, in their language, and a note to the shop's service address. */
export async function notifyNewRequest(
  tx: Db,
  ret: { id: number; number: string; lines: Awaited<ReturnType<typeof linesOf>> },
  facts: RequestFacts,
  ctx: { publicUrl: URL; now: Date }
): Promise<void> {
  await notifyCustomer(tx, ret.id, ctx.publicUrl, ctx.now, '', ret.lines);
  await queueShopNewRequestEmail(tx, {
    to: facts.shopEmail,
    locale: facts.shopLocale,
    returnNumber: ret.number,
    orderNumber: facts.order.number,
    customerEmail: facts.order.email,
    lines: facts.lines,
    comment: facts.comment,
    publicUrl: ctx.publicUrl,
    now: ctx.now
  });
}
