import { idText } from './json.ts';
import { arr, bodyObject, currencyOf, estimatedDelivery, isoDate, minorUnits, num, obj, paidPerUnit, str, type Obj } from './mapping.ts';
import { mappedOrder } from './mapped-order.ts';
import { forOrder, type Mapped } from './receive.ts';

/**
 * WooCommerce (`POST /api/integrations/woocommerce`): webhooks of topics `order.created`,
 * `order.updated`, `order.deleted` (WooCommerce → Settings → Advanced → Webhooks, API version v3),
 * whose body is the REST v3 order resource. Signed with `X-WC-Webhook-Signature` (base64 HMAC-SHA256
 * of the body with the webhook's secret); `X-WC-Webhook-Delivery-ID` names the delivery.
 */
export const WOOCOMMERCE_TOPICS = ['order.created', 'order.updated', 'order.deleted'] as const;

/** The unsigned request WooCommerce sends when a webhook is saved, to check the URL answers. */
export const isWooCommercePing = (raw: Uint8Array) => /^webhook_id=\d+$/.test(new TextDecoder().decode(raw).trim());

/** Line names come HTML-escaped ("Ship Your Idea &ndash; Color: Black"). */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '–', mdash: '—', nbsp: ' ' };
const unescapeHtml = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(Number(e[1] === 'x' || e[1] === 'X' ? `0${e.slice(1)}` : e.slice(1)))
      : (ENTITIES[e.toLowerCase()] ?? m)
  );

function wooLine(line: Obj, i: number, currency: string) {
  const quantity = num(line.quantity) ?? 0;
  // `total` is after the line's discounts, without tax; the shopper paid its tax too.
  const paid =
    minorUnits(line.total, currency, `line_items.${i}.total`) + minorUnits(line.total_tax ?? '0', currency, `line_items.${i}.total_tax`);
  const sku = str(line.sku) ?? `woocommerce-${idText(num(line.variation_id) ? line.variation_id : line.product_id) ?? idText(line.id)}`;
  const attributes = arr(line.meta_data)
    .filter((m) => typeof m.key === 'string' && !m.key.startsWith('_') && (typeof m.value === 'string' || typeof m.value === 'number'))
    .map((m) => String(m.value));
  return {
    sku,
    name: unescapeHtml(str(line.name) ?? sku),
    variant: attributes.length ? attributes.join(', ') : null,
    unitPriceCents: paidPerUnit(paid, quantity),
    quantity
  };
}

/**
 * WooCommerce has no shipped or delivered state: `completed` (the shop marks an order sent) counts as
 * delivered `deliveryDays` after `date_completed`; `cancelled`, `failed`, and `refunded` before it was
 * completed are `cancelled`; anything else (pending, on-hold, processing) is `placed`.
 */
function wooState(o: Obj, deliveryDays: number) {
  const completed = isoDate(o.date_completed_gmt);
  const status = str(o.status);
  if (status === 'cancelled' || status === 'failed' || (status === 'refunded' && !completed))
    return { status: 'cancelled' as const, deliveredAt: null };
  if ((status === 'completed' || status === 'refunded') && completed)
    return { status: 'delivered' as const, deliveredAt: estimatedDelivery(completed, deliveryDays) };
  return { status: 'placed' as const, deliveredAt: null };
}

function wooOrder(o: Obj, number: string | null, deliveryDays: number): Mapped {
  const currency = currencyOf(o.currency, 'currency');
  const billing = obj(o.billing);
  const shipping =
    minorUnits(o.shipping_total ?? '0', currency, 'shipping_total') + minorUnits(o.shipping_tax ?? '0', currency, 'shipping_tax');
  return mappedOrder({
    number,
    updatedAt: isoDate(o.date_modified_gmt),
    email: str(billing.email),
    nameSources: [billing, obj(o.shipping)],
    currency,
    placedAt: isoDate(o.date_created_gmt),
    state: wooState(o, deliveryDays),
    shippingCents: shipping,
    country: obj(o.shipping).country,
    lines: arr(o.line_items).map((l, i) => wooLine(l, i, currency))
  });
}

/** One WooCommerce delivery: a deleted (trashed) order carries only its id and is recorded, not applied (its returns stay). */
export function mapWooCommerce(raw: Uint8Array, topic: string, deliveryDays: number): Mapped {
  if (!(WOOCOMMERCE_TOPICS as readonly string[]).includes(topic)) return { kind: 'ignored', reason: 'topic_not_handled' };
  const body = bodyObject(raw);
  const number = str(body.number) ?? idText(body.id);
  if (topic === 'order.deleted') return { kind: 'ignored', reason: 'deleted_orders_are_kept', orderNumber: number };
  return forOrder(number, () => wooOrder(body, number, deliveryDays));
}

/** An order resource already read (the CSV export's rows rebuilt as one, `server/connectors/csv/`) as the push's order. */
export function mapWooCommerceOrder(o: Obj, deliveryDays: number): Mapped {
  const number = str(o.number) ?? idText(o.id);
  return forOrder(number, () => wooOrder(o, number, deliveryDays));
}
