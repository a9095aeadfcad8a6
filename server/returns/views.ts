import { photosJson } from './photos/store.ts';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Condition, CreditMethod } from '#shared/settlement.ts';
import { moveOf, type ReturnState } from '#shared/states.ts';
import { timelineFromJson, timelineJson } from '../audit/trail.ts';
import type { Db } from '../db/client.ts';
import { preparedPer } from '../db/prepared.ts';
import { alias } from 'drizzle-orm/pg-core';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns, variants } from '../db/schema.ts';
import { afterCursor, cursorValues, decodeCursor, keysetPage } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { getSettings, returnToOf } from '../settings/views.ts';
import { creditView } from './settlement.ts';
import { shopperReplacementJson, type ShopperReplacement } from './exchange-views.ts';
import { messagesFromJson, messagesJson } from './messages.ts';
import { otherLast } from './rules.ts';

const replacementVariant = alias(variants, 'replacement_variant');

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
      restock: returnLines.restock,
      unitsReceived: returnLines.unitsReceived,
      condition: returnLines.condition,
      unitsCredited: returnLines.unitsCredited,
      amountCreditedCents: returnLines.amountCreditedCents,
      /** How the line is credited (null: not yet, or unknown). */
      creditMethod: sql<CreditMethod | null>`${returnLines.creditMethod}`,
      keepItem: returnLines.keepItem,
      /** An exchange: the replacement's label (else its sku); null when the line is not one. */
      replacement: sql<string | null>`coalesce(${replacementVariant.label}, ${replacementVariant.sku})`
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(returnActions, eq(returnActions.id, returnLines.actionId))
    .leftJoin(replacementVariant, eq(replacementVariant.id, returnLines.replacementVariantId))
    .where(eq(returnLines.returnId, returnId))
    .orderBy(asc(orderLines.position), asc(returnLines.id));
}

type ShopperLine = {
  orderLineId: number;
  name: string;
  variant: string | null;
  quantity: number;
  reason: ReturnType<typeof label>;
  reasonText: string | null;
  action: ReturnType<typeof label>;
  /** What arrived (null: not received yet) and what was credited (null: not credited, or unknown). */
  unitsReceived: number | null;
  condition: Condition | null;
  unitsCredited: number | null;
  amountCreditedCents: number | null;
  /** How the line is credited: refund, store credit, replacement or kept (null: not credited, or unknown). */
  creditMethod: CreditMethod | null;
  /** An exchange: the variant sent instead, its units and the price difference; else null. */
  replacement: ShopperReplacement | null;
};

/** A return's line as `linesOf` reads it. */
export type ReturnLine = Awaited<ReturnType<typeof linesOf>>[number];

/** A new return's line as its writer holds it (use-cases/steps.ts `writeReturn`): `linesOf`'s, with its replacement's sku, label, units and price difference (an exchange; else null). */
export type WrittenLine = ReturnLine & {
  replacementSku: string | null;
  replacementLabel: string | null;
  replacementUnits: number | null;
  priceDifferenceCents: number | null;
};

/** A written line as the shopper sees it: the same fields as the JSON `shopperReturn` builds. */
function shopperLine(l: WrittenLine): ShopperLine {
  return {
    orderLineId: l.orderLineId,
    name: l.name,
    variant: l.variant,
    quantity: l.quantity,
    reason: label(l.reason),
    reasonText: l.reasonText,
    action: label(l.action),
    unitsReceived: l.unitsReceived,
    condition: l.condition as Condition | null,
    unitsCredited: l.unitsCredited,
    amountCreditedCents: l.amountCreditedCents,
    creditMethod: l.creditMethod,
    replacement:
      l.replacementSku === null
        ? null
        : { sku: l.replacementSku, label: l.replacementLabel, units: l.replacementUnits!, priceDifferenceCents: l.priceDifferenceCents! }
  };
}

/** The return, its order number, its messages and its timeline (the head of the shopper's view). */
const shopperHead = () => ({
  ret: returns,
  orderNumber: orders.number,
  currency: orders.currency,
  messages: messagesJson(sql`${returns.id}`),
  timeline: timelineJson(sql`${returns.id}`),
  photos: photosJson(sql`${returns.id}`)
});

// The head and the lines (as JSON, field by field) in one statement.
const shopperReturn = preparedPer((db) =>
  db
    .select({
      ...shopperHead(),
      lines: sql<ShopperLine[]>`(select coalesce(json_agg(json_build_object('orderLineId', rl.order_line_id, 'name', ol.product_name,
        'variant', ol.variant_label, 'quantity', rl.quantity,
        'reason', json_build_object('code', rr.code, 'labelEn', rr.label_en, 'labelFr', rr.label_fr), 'reasonText', rl.reason_text,
        'action', json_build_object('code', ra.code, 'labelEn', ra.label_en, 'labelFr', ra.label_fr),
        'unitsReceived', rl.units_received, 'condition', rl.condition, 'unitsCredited', rl.units_credited,
        'amountCreditedCents', rl.amount_credited_cents, 'creditMethod', rl.credit_method, 'replacement', ${shopperReplacementJson(sql`rl`)}) order by ol.position, rl.id), '[]')
        from ${returnLines} rl join ${orderLines} ol on ol.id = rl.order_line_id
        join ${returnReasons} rr on rr.id = rl.reason_id join ${returnActions} ra on ra.id = rl.action_id
        where rl.return_id = ${returns.id})`
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, sql.placeholder('id')))
    .prepare('shopper_return')
);

// The head only, for a return whose writer holds its lines.
const shopperReturnHead = preparedPer((db) =>
  db
    .select(shopperHead())
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, sql.placeholder('id')))
    .prepare('shopper_return_head')
);

/**
 * What a shopper may see of a return: built field by field, so the staff note, restock decisions
 * and staff identities can never leak by a new column. `written`: the lines of a return just made,
 * as its writer holds them (not read again).
 */
export async function shopperReturnView(db: Db, returnId: number, written?: WrittenLine[]) {
  const [row] = written ? await shopperReturnHead(db).execute({ id: returnId }) : await shopperReturn(db).execute({ id: returnId });
  if (!row) throw notFound('No such return.');
  const lines: ShopperLine[] = 'lines' in row ? (row.lines as ShopperLine[]) : written!.map(shopperLine);
  return {
    return: {
      number: row.ret.number,
      orderNumber: row.orderNumber,
      state: row.ret.state as ReturnState,
      /** A return, or a claim (a problem with the delivery: nothing to send back, no slip). */
      kind: row.ret.kind as 'return' | 'claim',
      createdAt: row.ret.createdAt.toISOString(),
      updatedAt: row.ret.updatedAt.toISOString(),
      version: row.ret.version,
      /** Only the shopper's own comment: one typed by staff at the counter is staff-only. */
      customerComment: row.ret.customerCommentBy === 'customer' ? row.ret.customerComment : '',
      /** The shop's messages, oldest first, each with its date and its author's role. */
      messages: messagesFromJson(row.messages),
      canCancel: moveOf(row.ret.state as ReturnState, 'cancelled', { type: 'customer' }) !== undefined,
      /** Each line with its replacement (an exchange: the variant sent instead and the price difference; else null). */
      lines,
      currency: row.currency,
      credit: creditView(row.ret, row.currency, lines),
      /** Once approved (the parcel is to be sent): where and how to send it, as the shop set it; else null (always for a claim). */
      sendTo: row.ret.state === 'approved' && row.ret.kind === 'return' ? returnToOf(await getSettings(db)) : null,
      timeline: timelineFromJson(row.timeline),
      /** Their photos, per line (by order line): ids for `GET /api/returns/{number}/photos/{id}`. */
      photos: row.photos
    }
  };
}

const customerReturnId = preparedPer((db) =>
  db
    .select({ id: returns.id, orderId: returns.orderId })
    .from(returns)
    .where(and(eq(returns.number, sql.placeholder('number')), eq(returns.customerId, sql.placeholder('customerId'))))
    .prepare('customer_return_id')
);

/** The id of one of the customer's returns; with `orderId` (an order-scoped session), only a return on that order. */
export async function findCustomerReturnId(db: Db, customerId: number, number: string, orderId?: number): Promise<number> {
  const [row] = await customerReturnId(db).execute({ number, customerId });
  if (!row || (orderId !== undefined && row.orderId !== orderId)) throw notFound('No such return.');
  return row.id;
}

export const RETURNS_PAGE_SIZE = 20;

const returnsPage = (name: string, after?: { at: unknown; id: unknown }) =>
  preparedPer((db) =>
    db
      .select({
        id: returns.id,
        number: returns.number,
        orderNumber: orders.number,
        state: returns.state,
        kind: returns.kind,
        createdAt: returns.createdAt,
        itemCount: sql<number>`(select coalesce(sum(rl.quantity), 0)::int from ${returnLines} rl where rl.return_id = ${returns.id})`
      })
      .from(returns)
      .innerJoin(orders, eq(orders.id, returns.orderId))
      .where(and(eq(returns.customerId, sql.placeholder('customerId')), afterCursor(returns.createdAt, returns.id, after)))
      .orderBy(desc(returns.createdAt), desc(returns.id))
      .limit(RETURNS_PAGE_SIZE + 1)
      .prepare(name)
  );
const firstReturnsPage = returnsPage('returns_first_page');
const nextReturnsPage = returnsPage('returns_next_page', { at: sql.placeholder('at'), id: sql.placeholder('id') });

/** A shopper's returns, newest first, keyset pages. */
export async function listCustomerReturns(db: Db, customerId: number, cursorText: string | undefined) {
  const cursor = decodeCursor(cursorText);
  const rows = cursor
    ? await nextReturnsPage(db).execute({ customerId, ...cursorValues(cursor) })
    : await firstReturnsPage(db).execute({ customerId });
  const { page, nextCursor } = keysetPage(rows, RETURNS_PAGE_SIZE, (r) => ({ at: r.createdAt, id: r.id }));
  return {
    returns: page.map((r) => ({
      number: r.number,
      orderNumber: r.orderNumber,
      state: r.state as ReturnState,
      kind: r.kind as 'return' | 'claim',
      createdAt: r.createdAt.toISOString(),
      itemCount: r.itemCount
    })),
    nextCursor
  };
}

/** Active reasons and actions in the shop's order ("Other" last), for the return form; restock defaults for staff only. */
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
    reasons: otherLast(reasons).map((r) => ({
      id: r.id,
      ...label(r),
      needsText: r.needsText,
      /** A line with this reason needs a photo; the hint says what to show (EN/FR, may be empty). */
      requiresPhoto: r.requiresPhoto,
      photoHint: { en: r.photoHintEn, fr: r.photoHintFr },
      ...(view === 'staff' ? { restockDefault: r.restockDefault } : {})
    })),
    actions: otherLast(actions).map((a) => ({ id: a.id, ...label(a) }))
  };
}
