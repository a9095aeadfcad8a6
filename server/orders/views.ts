import { and, desc, eq, sql } from 'drizzle-orm';
import { isOneSize } from '#shared/exchanges.ts';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { preparedPer } from '../db/prepared.ts';
import { orderLines, orders, returns, ruleSets, shopSettings, variants } from '../db/schema.ts';
import { afterCursor, cursorValues, decodeCursor, keysetPage } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { exchangeOptions, type ExchangeOption } from '../returns/exchange-views.ts';
import { blockedReason, claimBlockedReason, returnableQuantity, windowClosesAt } from '../returns/rules.ts';
import { withdrawalClosesAt } from '../withdrawals/rules.ts';
import { getSettings } from '../settings/views.ts';
import { inForce } from '../returns/policy/apply.ts';
import type { RuleSet } from '#shared/schemas/rules.ts';
import { lineTerms } from '../returns/policy/evaluate.ts';

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

type Item = OrderSummary['items'][number];

// Each order's lines come in the same statement, as JSON (one round trip for the page). The outer
// column is written qualified: drizzle leaves columns bare in a one-table select.
const itemsOfOrder = sql<Item[]>`(select coalesce(json_agg(json_build_object('name', l.product_name, 'variant', l.variant_label,
  'quantity', l.quantity) order by l.position, l.id), '[]') from ${orderLines} l where l.order_id = ${orders}.id)`;

const ordersPage = (name: string, after?: { at: unknown; id: unknown }) =>
  preparedPer((db) =>
    db
      .select({
        id: orders.id,
        number: orders.number,
        status: orders.status,
        placedAt: orders.placedAt,
        deliveredAt: orders.deliveredAt,
        currency: orders.currency,
        totalCents: orders.totalCents,
        shippingCents: orders.shippingCents,
        items: itemsOfOrder
      })
      .from(orders)
      .where(and(eq(orders.customerId, sql.placeholder('customerId')), afterCursor(orders.placedAt, orders.id, after)))
      .orderBy(desc(orders.placedAt), desc(orders.id))
      .limit(sql.placeholder('limit'))
      .prepare(name)
  );
const firstOrdersPage = ordersPage('orders_first_page');
const nextOrdersPage = ordersPage('orders_next_page', { at: sql.placeholder('at'), id: sql.placeholder('id') });

/**
 * What the shopper paid: the items (the order's `totalCents`) plus the shipping the shop pushed
 * (staff see it on its own line; unknown counts as none).
 */
export const paidTotal = (itemsCents: number, shippingCents: number | null): number => itemsCents + (shippingCents ?? 0);

/** A shopper's orders, newest first, one keyset page at a time. */
export async function listCustomerOrders(
  db: Db,
  customerId: number,
  cursorText: string | undefined,
  pageSize = ORDERS_PAGE_SIZE
): Promise<{ orders: OrderSummary[]; nextCursor: string | null }> {
  const cursor = decodeCursor(cursorText);
  const params = { customerId, limit: pageSize + 1 };
  const rows = cursor
    ? await nextOrdersPage(db).execute({ ...params, ...cursorValues(cursor) })
    : await firstOrdersPage(db).execute(params);
  const { page, nextCursor } = keysetPage(rows, pageSize, (o) => ({ at: o.placedAt, id: o.id }));
  return {
    orders: page.map((o) => ({
      number: o.number,
      status: o.status,
      placedAt: o.placedAt.toISOString(),
      deliveredAt: o.deliveredAt?.toISOString() ?? null,
      currency: o.currency,
      totalCents: paidTotal(o.totalCents, o.shippingCents),
      itemCount: o.items.reduce((n, l) => n + l.quantity, 0),
      items: o.items
    })),
    nextCursor
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
type LineRow = typeof orderLines.$inferSelect;

// The settings, the order's lines and its returns in one statement: the settings cost no round trip
// of their own, and are never stale (several instances may share the database).
const lineJson = sql`json_build_object('id', l.id, 'orderId', l.order_id, 'variantId', l.variant_id, 'position', l.position,
  'productName', l.product_name, 'variantLabel', l.variant_label, 'sku', l.sku, 'imageUrl', l.image_url,
  'unitPriceCents', l.unit_price_cents, 'quantity', l.quantity, 'finalSale', l.final_sale, 'unitsOnReturns', l.units_on_returns,
  'unitsCredited', l.units_credited, 'amountCreditedCents', l.amount_credited_cents, 'tags', l.tags,
  'variantCount', (select count(*) from ${variants} v join ${variants} other on other.product_id = v.product_id where v.id = l.variant_id),
  'catalogueLabel', (select v.label from ${variants} v where v.id = l.variant_id))`;
const partsOfOrder = preparedPer((db) =>
  db
    .select({
      settings: shopSettings,
      lines: sql<
        (LineRow & { variantCount: number; catalogueLabel: string | null })[]
      >`(select coalesce(json_agg(${lineJson} order by l.position, l.id), '[]')
        from ${orderLines} l where l.order_id = ${sql.placeholder('orderId')})`,
      returns: sql<
        { number: string; state: ReturnState; kind: 'return' | 'claim'; createdAt: string }[]
      >`(select coalesce(json_agg(json_build_object(
        'number', r.number, 'state', r.state, 'kind', r.kind, 'createdAt', r.created_at) order by r.created_at desc, r.id desc), '[]')
        from ${returns} r where r.order_id = ${sql.placeholder('orderId')})`,
      // The shop's rules in force (docs/rules.md), in the same statement: no round trip of their own.
      ruleSet: sql<RuleSet | null>`(select ${ruleSets.document} from ${ruleSets} order by ${ruleSets.version} desc limit 1)`
    })
    .from(shopSettings)
    .where(eq(shopSettings.id, 1))
    .prepare('order_parts')
);

/** What each line may be exchanged for (by order line id), when the shop offers exchanges; none otherwise. */
export async function lineExchangeOptions(db: Db, parts: Awaited<ReturnType<typeof orderParts>>): Promise<Map<number, ExchangeOption[]>> {
  if (!parts.settings.exchangesEnabled) return new Map();
  return exchangeOptions(
    db,
    parts.lines.map(({ line }) => line)
  );
}

/**
 * What the shopper's and the staff's order pages share: the order's header, its lines with why a
 * shopper could not return each (or null), the window's end, and its returns (newest first).
 */
export async function orderParts(db: Db, order: OrderRow, now: Date) {
  let [row] = await partsOfOrder(db).execute({ orderId: order.id });
  if (!row) {
    await getSettings(db); // creates the settings row the first time
    [row] = await partsOfOrder(db).execute({ orderId: order.id });
  }
  const { settings, lines, returns: orderReturns, ruleSet } = row!;
  const policy = ruleSet && inForce(ruleSet) ? { ruleSet } : null;
  // Each line's window and final sale as the shop's rules set them (docs/rules.md), else the shop's.
  const termsOf = (line: LineRow) =>
    policy ? lineTerms(policy.ruleSet, { ...line, orderLineId: line.id, variant: line.variantLabel }, order, now) : null;
  const ruled = <L extends LineRow>(line: L) => {
    const t = termsOf(line);
    const windowDays = t?.windowDays ?? settings.windowDays;
    const asRuled = { ...line, finalSale: line.finalSale || (t?.finalSale ?? false) };
    return {
      line,
      blocked: blockedReason(order, asRuled, windowDays, now, settings.timeZone),
      closes: windowClosesAt(order, windowDays, settings.timeZone),
      offeredActions: t?.actions ?? null
    };
  };
  return {
    settings,
    closes: windowClosesAt(order, settings.windowDays, settings.timeZone),
    header: {
      number: order.number,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      deliveredAt: order.deliveredAt?.toISOString() ?? null,
      currency: order.currency,
      totalCents: order.totalCents
    },
    lines: lines.map(ruled),
    returns: orderReturns.map((r) => ({ number: r.number, state: r.state, kind: r.kind, createdAt: new Date(r.createdAt).toISOString() }))
  };
}

const customerOrder = preparedPer((db) =>
  db
    .select()
    .from(orders)
    .where(and(eq(orders.number, sql.placeholder('number')), eq(orders.customerId, sql.placeholder('customerId'))))
    .limit(1)
    .prepare('customer_order')
);

/** One of the shopper's orders with, per line, what can be returned and until when (or why not). */
export async function getCustomerOrder(db: Db, customerId: number, number: string, now: Date) {
  const [order] = await customerOrder(db).execute({ number, customerId });
  if (!order) throw notFound('No such order.');
  const parts = await orderParts(db, order, now);
  const exchangesEnabled = parts.settings.exchangesEnabled;
  const options = await lineExchangeOptions(db, parts);
  return {
    order: {
      ...parts.header,
      /** Items and shipping: what the shopper paid (`shippingCents` says the shipping; null: not known). */
      totalCents: paidTotal(order.totalCents, order.shippingCents),
      shippingCents: order.shippingCents,
      lines: parts.lines.map(({ line: l, blocked, closes, offeredActions }) => ({
        id: l.id,
        name: l.productName,
        variant: l.variantLabel,
        sku: l.sku,
        imageUrl: l.imageUrl,
        unitPriceCents: l.unitPriceCents,
        quantity: l.quantity,
        returnableQuantity: blocked ? 0 : returnableQuantity(l),
        /** The line's window: the shop's, or the one a rule sets for it (docs/rules.md). */
        windowClosesAt: closes?.toISOString() ?? null,
        blockedReason: blocked,
        /** The action codes the shop's rules offer on this line (null: every active action). */
        offeredActions,
        /** Other variants of the product in stock, to exchange for (empty when the shop does not allow exchanges). */
        exchangeOptions: options.get(l.id) ?? [],
        /** A one-size product (one variant, with no size label): no size to get wrong or to exchange for (`offeredForOneSize`). */
        oneSize: isOneSize(l.variantCount, l.catalogueLabel),
        /** Units the shopper may still report a problem with (a claim; a final sale too), 0 outside the claim window. */
        claimableQuantity: claimBlockedReason(order, l, parts.settings.claimWindowDays, now, parts.settings.timeZone)
          ? 0
          : returnableQuantity(l)
      })),
      returns: parts.returns
    },
    returnsAllowed: parts.settings.returnsAllowed,
    /** The shopper asking for an exchange picks the replacement among `exchangeOptions`. */
    exchangesEnabled,
    /** Until when the withdrawal function is open for this order (null: off, not delivered or the period has ended). */
    withdrawalUntil: withdrawalUntil(order, parts.settings, now),
    /** Until when the shopper may report a problem with this delivery (a claim; null: not delivered, or the claim window has ended). */
    claimUntil: claimUntil(order, parts.settings, now)
  };
}

/** The end of the order's claim window while it is open, else null. */
function claimUntil(order: OrderRow, settings: { claimWindowDays: number; timeZone: string }, now: Date): string | null {
  const closes = windowClosesAt(order, settings.claimWindowDays, settings.timeZone);
  return closes && now.getTime() < closes.getTime() ? closes.toISOString() : null;
}

/** The end of the order's withdrawal period while it is open and the function is on, else null. */
function withdrawalUntil(
  order: OrderRow,
  settings: { withdrawalEnabled: boolean; withdrawalDays: number; timeZone: string },
  now: Date
): string | null {
  if (!settings.withdrawalEnabled) return null;
  const closes = withdrawalClosesAt(order, settings);
  return closes && now.getTime() < closes.getTime() ? closes.toISOString() : null;
}
