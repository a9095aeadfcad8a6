import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { creditTotals, type CreditMethod } from '#shared/settlement.ts';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { orderLines, orders, outbox, returnLines, returns, stockMovements, variants } from '../db/schema.ts';

/** Every event type Reprise sends (the OpenAPI document's `webhooks` describes each). */
export const WEBHOOK_TYPES = [
  'return.created',
  'return.state_changed',
  'stock.adjusted',
  'withdrawal.received',
  'return.credited',
  'exchange.requested',
  'claim.created'
] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** What the shop receives: the body of the POST, signed as a whole. */
export type WebhookEvent = { id: string; type: WebhookType; createdAt: string; data: Record<string, unknown> };

/**
 * Writes one event into the outbox in the caller's transaction: it is delivered only if the
 * change that caused it commits. The id is fixed here and sent as `Reprise-Event-Id` on every
 * attempt, so the shop can drop a delivery it has already processed.
 */
export async function queueWebhook(tx: Db, type: WebhookType, data: Record<string, unknown>, now: Date): Promise<void> {
  const event: WebhookEvent = { id: `evt_${randomUUID()}`, type, createdAt: now.toISOString(), data };
  await tx.insert(outbox).values({ createdAt: now, nextAttemptAt: now, kind: 'webhook', topic: type, recipient: null, payload: event });
}

const replacementOf = alias(variants, 'replacement_of');

async function returnRef(tx: Db, returnId: number) {
  const [row] = await tx
    .select({
      number: returns.number,
      state: returns.state,
      orderNumber: orders.number,
      customerEmail: orders.email,
      comment: returns.customerComment,
      createdAt: returns.createdAt,
      byStaff: returns.createdByStaffId
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, returnId));
  if (!row) throw new Error(`return ${returnId} not found`);
  return row;
}

/** A line of `return.created`, as its caller wrote it (ordered as the order's lines; `replacementSku`: an exchange's sku wanted instead, else null). */
export type CreatedLine = {
  sku: string;
  name: string;
  variant: string | null;
  quantity: number;
  reason: string;
  reasonText: string | null;
  action: string;
  replacementSku: string | null;
};

/**
 * `return.created` (`claim.created` for a claim, the same data): the return as the shopper sees it
 * (never the staff note or who on staff made it), with the lines its writer holds.
 */
export async function queueReturnCreated(
  tx: Db,
  type: 'return.created' | 'claim.created',
  returnId: number,
  now: Date,
  lines: CreatedLine[]
): Promise<void> {
  const ret = await returnRef(tx, returnId);
  await queueWebhook(
    tx,
    type,
    {
      returnNumber: ret.number,
      orderNumber: ret.orderNumber,
      state: ret.state,
      createdBy: ret.byStaff === null ? 'customer' : 'staff',
      customerEmail: ret.customerEmail,
      comment: ret.comment,
      // `replacementSku` only on an exchange's lines.
      lines: lines.map(({ replacementSku, ...line }) => (replacementSku === null ? line : { ...line, replacementSku }))
    },
    now
  );
}

/** `return.state_changed`: from one state to another. */
export async function queueReturnStateChanged(tx: Db, returnId: number, from: ReturnState, to: ReturnState, now: Date): Promise<void> {
  const ret = await returnRef(tx, returnId);
  await queueWebhook(tx, 'return.state_changed', { returnNumber: ret.number, orderNumber: ret.orderNumber, from, to }, now);
}

/** `stock.adjusted`: units of a variant put back in stock by one restocked return line. */
export async function queueStockAdjusted(tx: Db, returnLineId: number, now: Date): Promise<void> {
  const [row] = await tx
    .select({ sku: variants.sku, units: stockMovements.quantity, returnNumber: returns.number, orderNumber: orders.number })
    .from(returnLines)
    .innerJoin(stockMovements, eq(stockMovements.returnLineId, returnLines.id))
    .innerJoin(returns, eq(returns.id, returnLines.returnId))
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(variants, eq(variants.id, orderLines.variantId))
    .where(eq(returnLines.id, returnLineId));
  if (!row) return;
  await queueWebhook(
    tx,
    'stock.adjusted',
    { sku: row.sku, units: row.units, returnNumber: row.returnNumber, orderNumber: row.orderNumber },
    now
  );
}

/** `withdrawal.received`: a withdrawal statement as submitted, and the order it matched (null when none). */
export async function queueWithdrawalReceived(
  tx: Db,
  data: {
    reference: string;
    submittedAt: string;
    statement: {
      name: string;
      email: string;
      orderNumber: string;
      items: string;
      lines: { orderLineId: number; quantity: number }[];
      locale: string;
    };
    matchedOrderNumber: string | null;
    returnNumber: string | null;
  },
  now: Date
): Promise<void> {
  await queueWebhook(tx, 'withdrawal.received', data, now);
}

/**
 * `return.credited`: the credit decided for a return, once (README, "Webhooks"): per line its method
 * (refund, store_credit, replacement, kept), units and amount in the order's minor units; the total and
 * `totals` per method (they add up to it); the currency, `method` (the lines' one method, or `mixed`),
 * the order's shipping refunded with it, and `creditId` to deduplicate on: one credit per return,
 * whatever is retried or redelivered.
 */
export async function queueReturnCredited(tx: Db, returnId: number, now: Date): Promise<void> {
  const [row] = await tx
    .select({
      number: returns.number,
      orderNumber: orders.number,
      currency: orders.currency,
      method: returns.creditMethod,
      totalCents: returns.creditTotalCents,
      shippingDeductionCents: returns.shippingDeductionCents,
      shippingRefundedCents: returns.shippingRefundedCents
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, returnId));
  if (!row) return;
  const lines = await tx
    .select({
      sku: orderLines.sku,
      name: orderLines.productName,
      unitPriceCents: orderLines.unitPriceCents,
      unitsRequested: returnLines.quantity,
      unitsReceived: returnLines.unitsReceived,
      condition: returnLines.condition,
      method: sql<CreditMethod | null>`${returnLines.creditMethod}`,
      unitsCredited: returnLines.unitsCredited,
      amountCents: returnLines.amountCreditedCents,
      keepItem: returnLines.keepItem,
      /** An exchange credited as its replacement: the sku sent (see `exchange.requested`). */
      replacementSku: replacementOf.sku
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .leftJoin(replacementOf, eq(replacementOf.id, returnLines.replacementVariantId))
    .where(eq(returnLines.returnId, returnId))
    .orderBy(asc(orderLines.position), asc(returnLines.id));
  await queueWebhook(
    tx,
    'return.credited',
    {
      creditId: `credit_${row.number}`,
      returnNumber: row.number,
      orderNumber: row.orderNumber,
      method: row.method,
      currency: row.currency,
      totalCents: row.totalCents,
      totals: creditTotals(lines, row.shippingDeductionCents ?? 0, row.shippingRefundedCents ?? 0),
      shippingDeductionCents: row.shippingDeductionCents,
      shippingRefundedCents: row.shippingRefundedCents,
      // `replacementSku` only on a line credited as its replacement.
      lines: lines.map(({ replacementSku, ...line }) =>
        line.method === 'replacement' && replacementSku !== null ? { ...line, replacementSku } : line
      )
    },
    now
  );
}

/**
 * `exchange.requested`: the return reached `items_needed` and the shop is to ship the replacements
 * (README, "Webhooks"): per exchange line the sku and units to send, the sku returned, and the price
 * difference (positive: the shopper owes it; negative: the shop does), with `exchangeId` to deduplicate
 * on: one per return, the same on every delivery and if the return reaches `items_needed` again.
 * Nothing is queued for a return without a replacement.
 */
export async function queueExchangeRequested(tx: Db, returnId: number, now: Date): Promise<void> {
  const replacement = replacementOf;
  const lines = await tx
    .select({
      sku: replacement.sku,
      variant: replacement.label,
      units: returnLines.replacementUnits,
      returnedSku: orderLines.sku,
      returnedUnits: returnLines.quantity,
      name: orderLines.productName,
      priceDifferenceCents: returnLines.priceDifferenceCents
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(replacement, eq(replacement.id, returnLines.replacementVariantId))
    .where(and(eq(returnLines.returnId, returnId), isNotNull(returnLines.replacementVariantId)))
    .orderBy(asc(orderLines.position), asc(returnLines.id));
  if (!lines.length) return;
  const ret = await returnRef(tx, returnId);
  const [order] = await tx
    .select({ currency: orders.currency })
    .from(orders)
    .innerJoin(returns, eq(returns.orderId, orders.id))
    .where(eq(returns.id, returnId));
  await queueWebhook(
    tx,
    'exchange.requested',
    {
      exchangeId: `exchange_${ret.number}`,
      returnNumber: ret.number,
      orderNumber: ret.orderNumber,
      customerEmail: ret.customerEmail,
      currency: order!.currency,
      priceDifferenceCents: lines.reduce((sum, l) => sum + (l.priceDifferenceCents ?? 0), 0),
      lines
    },
    now
  );
}
