import { and, desc, eq, inArray, ne, notInArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { paidFor, shippingRefundable, stillCreditableCents, type Condition } from '#shared/settlement.ts';
import { movesFor, RETURN_STATES, type Move, type MoveFacts, type ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import {
  customers,
  orderLines,
  orders,
  returnLines,
  returns,
  returnStateCounts,
  staffUsers,
  stockMovements,
  variants,
  withdrawals
} from '../db/schema.ts';
import { afterCursor, cursorValues, decodeCursor, keysetPage } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { returnTrail, timelineOf } from '../audit/trail.ts';
import { creditView } from '../returns/settlement.ts';
import { messagesOf } from '../returns/messages.ts';
import { replacementsOf, staffReplacement } from '../returns/exchange-views.ts';
import { sendsReplacement } from '#shared/exchanges.ts';
import { linesOf } from '../returns/views.ts';
import { preparedPer } from '../db/prepared.ts';
import { getSettings } from '../settings/views.ts';
import { refundDeadline } from '../withdrawals/rules.ts';
import { withdrawalOfReturn, withdrawalReturnsQueue } from '../withdrawals/views.ts';
import { returnsMatching, searchText } from './search.ts';

export const QUEUE_PAGE_SIZE = 25;

const customerName = (c: { firstName: string; lastName: string }) => [c.firstName, c.lastName].filter(Boolean).join(' ');

/** The ids of the returns the search box matches (search.ts), or undefined without a search. */
function matchedIds(q: string | undefined): SQL<number[]> | undefined {
  const text = searchText(q);
  return text ? returnsMatching(text) : undefined;
}

function matchingReturns(q: string | undefined): SQL | undefined {
  const ids = matchedIds(q);
  return ids && sql`${returns.id} = any(${ids})`;
}

type Counts = Partial<Record<ReturnState, number>> | null;

/**
 * Counts per state of the returns the search matches, as one JSON object (a fragment, so the queue
 * reads them in its page's statement). Without a search, the counts kept by the trigger on
 * returns; with one, the matching ids counted.
 */
function countsJson(search: SQL | undefined): SQL<Counts> {
  return search
    ? sql<Counts>`(select json_object_agg(s.state, s.n) from (select ${returns.state} as state, count(*)::int as n
        from ${returns} where ${search} group by ${returns.state}) s)`
    : sql<Counts>`(select json_object_agg(s.state, s.n) from (select c.state, sum(c.n)::int as n
        from ${returnStateCounts} c group by c.state) s)`;
}

/** Every state with its count (0 when none). */
function allCounts(found: Counts): Record<ReturnState, number> {
  return Object.fromEntries(RETURN_STATES.map((s) => [s, found?.[s] ?? 0])) as Record<ReturnState, number>;
}

/** Counts per state for the queue's filter (of the returns the search matches). */
export async function countsByState(db: Db, q: string | undefined): Promise<Record<ReturnState, number>> {
  const [row] = await db.select({ counts: countsJson(matchingReturns(q)) }).from(sql`(values (1)) as one`);
  return allCounts(row?.counts ?? null);
}

type QueueFilter = { state?: SQL | Placeholder | ReturnState; after?: { at: unknown; id: unknown } };

// The columns a page of the queue is cut from: `returns` itself, or the returns a search matched.
const queueColumns = {
  id: returns.id,
  number: returns.number,
  state: returns.state,
  createdAt: returns.createdAt,
  orderId: returns.orderId,
  customerId: returns.customerId,
  withdrawalId: returns.withdrawalId
};

/**
 * The returns a search matches, found once (a CTE) with what the page needs: the page and the
 * counts both read it, instead of looking each matching return up twice.
 */
function matchedReturns(db: Db, ids: SQL<number[]>) {
  return db.$with('matched').as(
    db
      .select(queueColumns)
      .from(returns)
      .where(sql`${returns.id} = any(${ids})`)
  );
}

type QueueRow = {
  id: number;
  number: string;
  state: ReturnState;
  createdAt: string;
  orderNumber: string;
  email: string;
  firstName: string;
  lastName: string;
  /** [lines, units] */
  sizes: [number, number];
  withdrawalSubmittedAt: string | null;
};

/**
 * One page of the queue and the counts, in one statement and one row: the page as one JSON value
 * (parsed at once, instead of 26 rows mapped field by field, with the counts repeated on each). The
 * page's returns first, from returns alone (one index range and a LIMIT) or from the search's
 * matches, then the joins for those rows only: joined first, the planner would rather hash-join
 * whole tables.
 */
function queueStatement(db: Db, filter: QueueFilter, matched?: ReturnType<typeof matchedReturns>) {
  const from = matched ?? returns;
  const c = matched ?? queueColumns;
  const p = db
    .select({
      id: c.id,
      number: c.number,
      state: c.state,
      createdAt: c.createdAt,
      orderId: c.orderId,
      customerId: c.customerId,
      withdrawalId: c.withdrawalId
    })
    .from(from)
    .where(and(filter.state ? eq(c.state, filter.state) : undefined, afterCursor(c.createdAt, c.id, filter.after)))
    .orderBy(desc(c.createdAt), desc(c.id))
    .limit(QUEUE_PAGE_SIZE + 1)
    .as('page');
  // Columns written as page.<name>: inside sql``, drizzle leaves a subquery's columns unqualified.
  const page = sql<QueueRow[]>`(select coalesce(json_agg(json_build_object('id', page.id, 'number', page.number,
      'state', page.state, 'createdAt', page.created_at, 'orderNumber', o.number, 'email', cu.email, 'firstName', cu.first_name,
      'lastName', cu.last_name,
      'sizes', (select json_build_array(count(*), coalesce(sum(rl.quantity), 0)) from ${returnLines} rl where rl.return_id = page.id),
      'withdrawalSubmittedAt', w.submitted_at) order by page.created_at desc, page.id desc), '[]')
    from ${p} join ${orders} o on o.id = page.order_id join ${customers} cu on cu.id = page.customer_id
    left join ${withdrawals} w on w.id = page.withdrawal_id)`;
  const counts = matched
    ? sql<Counts>`(select json_object_agg(s.state, s.n) from (select ${matched.state} as state, count(*)::int as n
        from ${matched} group by ${matched.state}) s)`
    : countsJson(undefined);
  return (matched ? db.with(matched) : db).select({ page, counts }).from(sql`(values (1)) as one`);
}

// Without a search, the four shapes of the queue (with or without a state, page 1 or a later one)
// are prepared once: staff refresh it all day, and building the query cost more than running it.
const preparedQueues = Object.fromEntries(
  ([false, true] as const).flatMap((byState) =>
    ([false, true] as const).map((later) => [
      `${byState}|${later}`,
      preparedPer((db) =>
        queueStatement(db, {
          state: byState ? sql.placeholder('state') : undefined,
          after: later ? { at: sql.placeholder('at'), id: sql.placeholder('id') } : undefined
        }).prepare(`staff_queue${byState ? '_state' : ''}${later ? '_later' : ''}`)
      )
    ])
  )
);

/** The staff queue: newest first, filtered by state and search, keyset pages (no OFFSET). */
export async function returnsQueue(db: Db, query: { state?: ReturnState; q?: string; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const ids = matchedIds(query.q);
  const rows = ids
    ? await queueStatement(db, { state: query.state, after: cursor && cursorValues(cursor) }, matchedReturns(db, ids))
    : await preparedQueues[`${!!query.state}|${!!cursor}`]!(db).execute({ state: query.state, ...(cursor ? cursorValues(cursor) : {}) });
  const [row] = rows;
  const { page, nextCursor } = keysetPage(row!.page, QUEUE_PAGE_SIZE, (r) => ({ at: new Date(r.createdAt), id: r.id }));
  const timeZone = page.some((r) => r.withdrawalSubmittedAt) ? (await getSettings(db)).timeZone : 'UTC';
  return {
    returns: page.map((r) => ({
      number: r.number,
      orderNumber: r.orderNumber,
      customer: { email: r.email, name: customerName(r) },
      createdAt: new Date(r.createdAt).toISOString(),
      state: r.state,
      lineCount: r.sizes[0],
      itemCount: r.sizes[1],
      /** Made by the withdrawal function: the refund deadline staff must meet. */
      withdrawal: r.withdrawalSubmittedAt
        ? { refundDeadline: refundDeadline(new Date(r.withdrawalSubmittedAt), timeZone).toISOString() }
        : null
    })),
    counts: allCounts(row!.counts),
    nextCursor
  };
}

/** The queue filtered to open withdrawals, soonest refund deadline first (one page; withdrawals/views.ts). */
export async function withdrawalQueue(db: Db) {
  const rows = await withdrawalReturnsQueue(db);
  return {
    returns: rows.map((r) => ({
      number: r.number,
      orderNumber: r.orderNumber,
      customer: { email: r.customer.email, name: customerName(r.customer) },
      createdAt: r.createdAt.toISOString(),
      state: r.state as ReturnState,
      lineCount: r.lineCount,
      itemCount: r.itemCount,
      withdrawal: { refundDeadline: r.refundDeadline.toISOString() } as { refundDeadline: string } | null
    })),
    counts: await countsByState(db, undefined),
    nextCursor: null as string | null
  };
}

/** The states a return may move to next, for this staff member (the screen words them in its own language). */
export function allowedMoves(from: ReturnState, role: 'staff' | 'admin', facts: MoveFacts): Move[] {
  return movesFor(from, { type: 'staff', role }, facts);
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
  const orderLineIds = lines.map((l) => l.orderLineId);
  const prices = lines.length
    ? await db
        .select({
          id: orderLines.id,
          unitPriceCents: orderLines.unitPriceCents,
          quantity: orderLines.quantity,
          unitsCredited: orderLines.unitsCredited,
          amountCreditedCents: orderLines.amountCreditedCents
        })
        .from(orderLines)
        .where(inArray(orderLines.id, orderLineIds))
    : [];
  // Units of the same order lines on the order's other live returns (not rejected or cancelled).
  const elsewhere = lines.length
    ? await db
        .select({ orderLineId: returnLines.orderLineId, units: sql<number>`sum(${returnLines.quantity})::int` })
        .from(returnLines)
        .innerJoin(returns, eq(returns.id, returnLines.returnId))
        .where(
          and(
            inArray(returnLines.orderLineId, orderLineIds),
            ne(returnLines.returnId, returnId),
            notInArray(returns.state, ['rejected', 'cancelled'])
          )
        )
        .groupBy(returnLines.orderLineId)
    : [];
  const orderLineMoney = (orderLineId: number) => {
    const ol = prices.find((p) => p.id === orderLineId)!;
    return {
      bought: ol.quantity,
      paidCents: paidFor(ol.unitPriceCents, ol.quantity),
      unitsOnOtherReturns: elsewhere.find((e) => e.orderLineId === orderLineId)?.units ?? 0,
      unitsCredited: ol.unitsCredited,
      amountCreditedCents: ol.amountCreditedCents,
      stillCreditableCents: stillCreditableCents(ol.unitPriceCents, ol.quantity, ol.amountCreditedCents)
    };
  };
  const replacements = await replacementsOf(db, returnId);
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
      /** `staff`: typed by staff, never shown to the shopper. */
      customerCommentBy: row.ret.customerCommentBy as 'customer' | 'staff',
      staffNote: row.ret.staffNote,
      messages: await messagesOf(db, returnId),
      order: {
        number: row.order.number,
        status: row.order.status,
        placedAt: row.order.placedAt.toISOString(),
        deliveredAt: row.order.deliveredAt?.toISOString() ?? null,
        currency: row.order.currency,
        totalCents: row.order.totalCents,
        email: row.order.email,
        /** The shipping the shopper paid (null: unknown, the push did not say), what the order's returns refunded of it, and what is left. */
        shippingCents: row.order.shippingCents,
        shippingRefundedCents: row.order.shippingRefundedCents,
        shippingRefundableCents: shippingRefundable(row.order.shippingCents, row.order.shippingRefundedCents)
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
        /** The order line's money over all its returns: paid for the units bought, on other live returns, credited, still creditable. */
        orderLine: orderLineMoney(l.orderLineId),
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
        stockOnHand: stock.find((s) => s.id === l.variantId)?.stockOnHand ?? null,
        restockingFeePercent: l.reason.restockingFeePercent,
        /** Receipt and credit (settlement.ts): null until decided; a null credit on a credited return is unknown. */
        unitsReceived: l.unitsReceived,
        condition: l.condition as Condition | null,
        unitsCredited: l.unitsCredited,
        amountCreditedCents: l.amountCreditedCents,
        /** How the line is credited (null: not yet, or unknown). */
        creditMethod: l.creditMethod,
        keepItem: l.keepItem,
        /** An exchange: the variant to send instead, its units, the price difference (positive: the shopper owes it), whether it is reserved. */
        replacement: staffReplacement(replacements.get(l.orderLineId))
      })),
      credit: creditView(row.ret, row.order.currency, lines),
      returnShippingCents: settings.returnShippingCents,
      allowedMoves: allowedMoves(state, viewer.role, {
        replacement: lines.some((l) =>
          sendsReplacement({ actionCode: l.action.code, replacementVariantId: replacements.get(l.orderLineId)?.variantId ?? null })
        )
      }),
      inventoryLinkedToPos: settings.inventoryLinkedToPos,
      /** The original withdrawal statement, when this return was made by the withdrawal function. */
      withdrawal: await withdrawalOfReturn(db, row.ret.withdrawalId, settings.timeZone),
      timeline: await timelineOf(db, returnId),
      audit: await returnTrail(db, returnId)
    }
  };
}
export type StaffReturnDetail = Awaited<ReturnType<typeof staffReturnView>>['return'];
export type QueueAnswer = Awaited<ReturnType<typeof returnsQueue>>;
