import { photosJson } from '../returns/photos/store.ts';
import { and, desc, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { paidFor, shippingRefundable, stillCreditableCents, type Condition, type CreditMethod } from '#shared/settlement.ts';
import { movesFor, RELEASED_STATES, RETURN_STATES, type Move, type MoveFacts, type ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import {
  customers,
  orderLines,
  orders,
  returnActions,
  returnLines,
  returnReasons,
  returns,
  returnStateCounts,
  shopSettings,
  staffUsers,
  stockMovements,
  stockReservations,
  variants,
  withdrawals
} from '../db/schema.ts';
import { afterCursor, cursorValues, decodeCursor, keysetPage } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { returnTrailJson, timelineFromJson, timelineJson, trailFromJson } from '../audit/trail.ts';
import { creditView } from '../returns/settlement.ts';
import { messagesFromJson, messagesJson } from '../returns/messages.ts';
import { sendsReplacement } from '#shared/exchanges.ts';
import { fixedLimit, preparedPer } from '../db/prepared.ts';
import { getSettings } from '../settings/views.ts';
import { refundDeadline } from '../withdrawals/rules.ts';
import { statementView, withdrawalReturnsQueue } from '../withdrawals/views.ts';
import { returnsMatching, searchText } from './search.ts';
import type { RuleDecisionRecord } from '#shared/schemas/rules.ts';
import { riskJson, riskOf, riskSince, type RiskRow, type RiskSignals } from '../returns/policy/risk.ts';

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

type QueueFilter = {
  state?: SQL | Placeholder | ReturnState;
  after?: { at: unknown; id: unknown };
  since?: string;
  /** Only claims (the queue's "Claims" filter; index returns_claims_idx). */
  claims?: boolean;
};

// The columns a page of the queue is cut from: `returns` itself, or the returns a search matched.
const queueColumns = {
  id: returns.id,
  number: returns.number,
  state: returns.state,
  createdAt: returns.createdAt,
  orderId: returns.orderId,
  customerId: returns.customerId,
  withdrawalId: returns.withdrawalId,
  ruleDecision: returns.ruleDecision,
  kind: returns.kind
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
  rule: RuleDecisionRecord | null;
  risk: RiskRow;
  kind: 'return' | 'claim';
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
  const p = db.$with('page').as(
    db
      .select({
        id: c.id,
        number: c.number,
        state: c.state,
        createdAt: c.createdAt,
        orderId: c.orderId,
        customerId: c.customerId,
        withdrawalId: c.withdrawalId,
        ruleDecision: c.ruleDecision,
        kind: c.kind
      })
      .from(from)
      .where(
        and(
          filter.state ? eq(c.state, filter.state) : undefined,
          filter.claims ? eq(c.kind, 'claim') : undefined,
          afterCursor(c.createdAt, c.id, filter.after)
        )
      )
      .orderBy(desc(c.createdAt), desc(c.id))
      .limit(fixedLimit(QUEUE_PAGE_SIZE + 1))
  );
  // The risk signals once per customer on the page, not once per return: one customer can fill a page,
  // and theirs are the costliest to count. `offset 0` keeps the planner from folding this subquery into
  // the join, which would count them again for every row.
  const risks = sql`(select pc.customer_id, ${riskJson(sql`pc.customer_id`, sql`pcu.email`, filter.since ?? sql.placeholder('since'), { rate: false })} as risk
    from (select distinct page.customer_id from ${p}) pc join ${customers} pcu on pcu.id = pc.customer_id offset 0)`;
  // Columns written as page.<name>: inside sql``, drizzle leaves a subquery's columns unqualified.
  const page = sql<QueueRow[]>`(select coalesce(json_agg(json_build_object('id', page.id, 'number', page.number,
      'state', page.state, 'createdAt', page.created_at, 'orderNumber', o.number, 'email', cu.email, 'firstName', cu.first_name,
      'lastName', cu.last_name,
      'sizes', (select json_build_array(count(*), coalesce(sum(rl.quantity), 0)) from ${returnLines} rl where rl.return_id = page.id),
      'withdrawalSubmittedAt', w.submitted_at, 'rule', page.rule_decision, 'kind', page.kind,
      'risk', rk.risk) order by page.created_at desc, page.id desc), '[]')
    from ${p} join ${orders} o on o.id = page.order_id join ${customers} cu on cu.id = page.customer_id
    left join ${withdrawals} w on w.id = page.withdrawal_id join ${risks} rk on rk.customer_id = page.customer_id)`;
  const counts = matched
    ? sql<Counts>`(select json_object_agg(s.state, s.n) from (select ${matched.state} as state, count(*)::int as n
        from ${matched} group by ${matched.state}) s)`
    : countsJson(undefined);
  return db
    .with(...(matched ? [matched, p] : [p]))
    .select({ page, counts })
    .from(sql`(values (1)) as one`);
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

/** The staff queue: newest first, filtered by state, search and kind (`claim`), keyset pages (no OFFSET). */
export async function returnsQueue(db: Db, query: { state?: ReturnState; q?: string; cursor?: string; kind?: string }, now: Date) {
  const cursor = decodeCursor(query.cursor);
  const ids = matchedIds(query.q);
  const claims = query.kind === 'claim';
  // A search or the claims filter is built each time; the plain queue's four shapes are prepared.
  const rows =
    ids || claims
      ? await queueStatement(
          db,
          { state: query.state, after: cursor && cursorValues(cursor), since: riskSince(now), claims },
          ids ? matchedReturns(db, ids) : undefined
        )
      : await preparedQueues[`${!!query.state}|${!!cursor}`]!(db).execute({
          state: query.state,
          since: riskSince(now),
          ...(cursor ? cursorValues(cursor) : {})
        });
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
      /** A return, or a claim (a problem with the delivery: nothing comes back). */
      kind: r.kind,
      lineCount: r.sizes[0],
      itemCount: r.sizes[1],
      /** Made by the withdrawal function: the refund deadline staff must meet. */
      withdrawal: r.withdrawalSubmittedAt
        ? { refundDeadline: refundDeadline(new Date(r.withdrawalSubmittedAt), timeZone).toISOString() }
        : null,
      /** What the shop's rules decided when it was requested (docs/rules.md), null: no rule decided. */
      rule: r.rule,
      /** The customer's risk signals over the last 90 days (policy/risk.ts). */
      risk: riskOf(r.risk) as RiskSignals | null
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
      kind: 'return' as 'return' | 'claim',
      lineCount: r.lineCount,
      itemCount: r.itemCount,
      withdrawal: { refundDeadline: r.refundDeadline.toISOString() } as { refundDeadline: string } | null,
      rule: null as RuleDecisionRecord | null,
      risk: null as RiskSignals | null
    })),
    counts: await countsByState(db, undefined),
    nextCursor: null as string | null
  };
}

/** The states a return may move to next, for this staff member (the screen words them in its own language). */
export function allowedMoves(from: ReturnState, role: 'staff' | 'admin', facts: MoveFacts): Move[] {
  return movesFor(from, { type: 'staff', role }, facts);
}

// The states whose units no longer count, as SQL literals (constants of the code, never input).
const released = sql.raw(RELEASED_STATES.map((state) => `'${state}'`).join(', '));

/** A line of a return as staff see it, read as JSON by `staffReturn`. */
type StaffLineRow = {
  id: number;
  orderLineId: number;
  name: string;
  variant: string | null;
  sku: string | null;
  variantId: number | null;
  quantity: number;
  unitPriceCents: number;
  reason: {
    id: number;
    code: string;
    labelEn: string;
    labelFr: string;
    needsText: boolean;
    restockDefault: boolean;
    restockingFeePercent: number;
  };
  reasonText: string | null;
  action: { id: number; code: string; labelEn: string; labelFr: string };
  restock: boolean | null;
  restockedUnits: number;
  stockOnHand: number | null;
  unitsReceived: number | null;
  condition: Condition | null;
  unitsCredited: number | null;
  amountCreditedCents: number | null;
  creditMethod: CreditMethod | null;
  keepItem: boolean;
  /** The order line: units bought, credited (units, amount), and on the order's other live returns. */
  bought: number;
  creditedOnLine: number;
  amountOnLine: number;
  unitsOnOtherReturns: number;
  replacement: {
    variantId: number;
    sku: string;
    label: string | null;
    units: number;
    priceDifferenceCents: number;
    stockOnHand: number;
    reserved: boolean;
  } | null;
};

/**
 * The lines of the return `returns.id`, field by field, in the order's line order: each with its
 * order line's money, the units of that order line on the order's other live returns (not
 * `RELEASED_STATES`), the units restocked, the stock on hand and its replacement.
 */
const staffLinesJson = sql<StaffLineRow[]>`(select coalesce(json_agg(json_build_object('id', rl.id, 'orderLineId', rl.order_line_id,
    'name', ol.product_name, 'variant', ol.variant_label, 'sku', ol.sku, 'variantId', ol.variant_id, 'quantity', rl.quantity,
    'unitPriceCents', ol.unit_price_cents,
    'reason', json_build_object('id', rr.id, 'code', rr.code, 'labelEn', rr.label_en, 'labelFr', rr.label_fr, 'needsText', rr.needs_text,
      'restockDefault', rr.restock_default, 'restockingFeePercent', coalesce(rl.restocking_fee_percent, rr.restocking_fee_percent)),
    'reasonText', rl.reason_text, 'action', json_build_object('id', ra.id, 'code', ra.code, 'labelEn', ra.label_en, 'labelFr', ra.label_fr),
    'restock', rl.restock, 'restockedUnits', coalesce((select sm.quantity from ${stockMovements} sm where sm.return_line_id = rl.id), 0),
    'stockOnHand', (select v.stock_on_hand from ${variants} v where v.id = ol.variant_id),
    'unitsReceived', rl.units_received, 'condition', rl.condition, 'unitsCredited', rl.units_credited,
    'amountCreditedCents', rl.amount_credited_cents, 'creditMethod', rl.credit_method, 'keepItem', rl.keep_item,
    'bought', ol.quantity, 'creditedOnLine', ol.units_credited, 'amountOnLine', ol.amount_credited_cents,
    'unitsOnOtherReturns', (select coalesce(sum(o.quantity), 0) from ${returnLines} o join ${returns} r on r.id = o.return_id
      where o.order_line_id = rl.order_line_id and o.return_id <> rl.return_id and r.state not in (${released})),
    'replacement', (select json_build_object('variantId', rv.id, 'sku', rv.sku, 'label', rv.label, 'units', rl.replacement_units,
      'priceDifferenceCents', rl.price_difference_cents, 'stockOnHand', rv.stock_on_hand,
      'reserved', exists (select 1 from ${stockReservations} h where h.return_line_id = rl.id and h.released_at is null))
      from ${variants} rv where rv.id = rl.replacement_variant_id))
    order by ol.position, rl.id), '[]')
  from ${returnLines} rl join ${orderLines} ol on ol.id = rl.order_line_id
  join ${returnReasons} rr on rr.id = rl.reason_id join ${returnActions} ra on ra.id = rl.action_id
  where rl.return_id = ${returns.id})`;

/**
 * Everything staff see of a return in one statement: the return, its order, its customer, who made
 * it, the shop's settings, its withdrawal statement, and as JSON its lines, messages, timeline and
 * audit trail (before, twelve statements: docs/benchmarks.md). By id or by number.
 */
const staffReturn = (by: 'id' | 'number') =>
  preparedPer((db) =>
    db
      .select({
        ret: returns,
        order: orders,
        customer: { email: customers.email, firstName: customers.firstName, lastName: customers.lastName, locale: customers.locale },
        createdBy: staffUsers.name,
        settings: shopSettings,
        withdrawal: withdrawals,
        lines: staffLinesJson,
        messages: messagesJson(sql`${returns.id}`),
        timeline: timelineJson(sql`${returns.id}`),
        audit: returnTrailJson(sql`${returns.id}`),
        photos: photosJson(sql`${returns.id}`),
        risk: riskJson(sql`${returns.customerId}`, sql`${customers.email}`, sql.placeholder('since'), { rate: true })
      })
      .from(returns)
      .innerJoin(orders, eq(orders.id, returns.orderId))
      .innerJoin(customers, eq(customers.id, returns.customerId))
      .leftJoin(staffUsers, eq(staffUsers.id, returns.createdByStaffId))
      .leftJoin(shopSettings, eq(shopSettings.id, 1))
      .leftJoin(withdrawals, eq(withdrawals.id, returns.withdrawalId))
      .where(by === 'id' ? eq(returns.id, sql.placeholder('key')) : eq(returns.number, sql.placeholder('key')))
      .prepare(`staff_return_by_${by}`)
  );
const staffReturnById = staffReturn('id');
const staffReturnByNumber = staffReturn('number');

/** A line as staff see it, with its order line's money over all its returns. */
function staffLine(l: StaffLineRow) {
  return {
    id: l.id,
    orderLineId: l.orderLineId,
    name: l.name,
    variant: l.variant,
    sku: l.sku,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    /** The order line's money over all its returns: paid for the units bought, on other live returns, credited, still creditable. */
    orderLine: {
      bought: l.bought,
      paidCents: paidFor(l.unitPriceCents, l.bought),
      unitsOnOtherReturns: l.unitsOnOtherReturns,
      unitsCredited: l.creditedOnLine,
      amountCreditedCents: l.amountOnLine,
      stillCreditableCents: stillCreditableCents(l.unitPriceCents, l.bought, l.amountOnLine)
    },
    reason: { id: l.reason.id, code: l.reason.code, labelEn: l.reason.labelEn, labelFr: l.reason.labelFr, needsText: l.reason.needsText },
    reasonText: l.reasonText,
    action: l.action,
    /** The reason's default, used when staff decide nothing for this line. */
    restockDefault: l.reason.restockDefault,
    /** Null until the return reaches `received`. */
    restock: l.restock,
    restockedUnits: l.restockedUnits,
    /** False when the line has no variant in the catalogue (nothing to put back). */
    stockTracked: l.variantId !== null,
    stockOnHand: l.stockOnHand,
    restockingFeePercent: l.reason.restockingFeePercent,
    /** Receipt and credit (settlement.ts): null until decided; a null credit on a credited return is unknown. */
    unitsReceived: l.unitsReceived,
    condition: l.condition,
    unitsCredited: l.unitsCredited,
    amountCreditedCents: l.amountCreditedCents,
    /** How the line is credited (null: not yet, or unknown). */
    creditMethod: l.creditMethod,
    keepItem: l.keepItem,
    /** An exchange: the variant to send instead, its units, the price difference (positive: the shopper owes it), whether it is reserved. */
    replacement: l.replacement
  };
}

/** Everything staff see of a return (by id or number): order, customer, lines with restock, notes, allowed moves, audit trail. */
export async function staffReturnView(db: Db, which: { id: number } | { number: string }, viewer: { role: 'staff' | 'admin' }, now: Date) {
  const [row] =
    'id' in which
      ? await staffReturnById(db).execute({ key: which.id, since: riskSince(now) })
      : await staffReturnByNumber(db).execute({ key: which.number, since: riskSince(now) });
  if (!row) throw notFound('No such return.');
  // The settings row exists once anything is set up; read (and made) apart only before that.
  const settings = row.settings ?? (await getSettings(db));
  const state = row.ret.state as ReturnState;
  return {
    return: {
      number: row.ret.number,
      state,
      /** A return, or a claim: staff decide each line (reship, refund, reject; `POST /api/staff/returns/{number}/claim-decision`). */
      kind: row.ret.kind as 'return' | 'claim',
      version: row.ret.version,
      createdAt: row.ret.createdAt.toISOString(),
      updatedAt: row.ret.updatedAt.toISOString(),
      createdByStaff: row.createdBy,
      customerComment: row.ret.customerComment,
      /** `staff`: typed by staff, never shown to the shopper. */
      customerCommentBy: row.ret.customerCommentBy as 'customer' | 'staff',
      staffNote: row.ret.staffNote,
      messages: messagesFromJson(row.messages),
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
      customer: row.customer,
      lines: row.lines.map(staffLine),
      credit: creditView(row.ret, row.order.currency, row.lines),
      returnShippingCents: settings.returnShippingCents,
      allowedMoves: allowedMoves(state, viewer.role, {
        replacement: row.lines.some((l) =>
          sendsReplacement({ actionCode: l.action.code, replacementVariantId: l.replacement?.variantId ?? null })
        ),
        claim: row.ret.kind === 'claim'
      }),
      inventoryLinkedToPos: settings.inventoryLinkedToPos,
      /** The original withdrawal statement, when this return was made by the withdrawal function. */
      withdrawal: row.withdrawal ? statementView(row.withdrawal, settings.timeZone) : null,
      timeline: timelineFromJson(row.timeline),
      audit: trailFromJson(row.audit),
      /** The shopper's photos, per line (by order line): ids for `GET /api/staff/returns/{number}/photos/{id}`. */
      photos: row.photos,
      /** What the shop's rules decided when it was requested (docs/rules.md), null: no rule decided. */
      rule: row.ret.ruleDecision,
      /** The customer's risk signals over the last 90 days (policy/risk.ts). */
      risk: riskOf(row.risk) as RiskSignals | null
    }
  };
}
export type StaffReturnDetail = Awaited<ReturnType<typeof staffReturnView>>['return'];
export type QueueAnswer = Awaited<ReturnType<typeof returnsQueue>>;
