import { idText } from './json.ts';
import { arr, bodyObject, currencyOf, estimatedDelivery, isoDate, minorUnits, num, obj, paidPerUnit, str, type Obj } from './mapping.ts';
import { mappedOrder } from './mapped-order.ts';
import { forOrder, type Mapped } from './receive.ts';

/**
 * Shopify (`POST /api/integrations/shopify`): the order webhooks of shopify.dev/docs/api/webhooks, each
 * carrying the whole order (REST order resource). Signed with `X-Shopify-Hmac-Sha256` (base64
 * HMAC-SHA256 of the raw body with the webhook secret); `X-Shopify-Webhook-Id` is the same on retries.
 */
export const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/fulfilled',
  'orders/partially_fulfilled',
  'orders/cancelled',
  'orders/edited'
] as const;

/** An amount in the shopper's currency: the `*_set.presentment_money` when there is one, the plain field else. */
const paid = (set: unknown, plain: unknown) => obj(obj(set).presentment_money).amount ?? plain;

function shopifyLine(line: Obj, i: number, currency: string, taxesIncluded: boolean) {
  const ordered = num(line.quantity) ?? 0;
  // After an order edit, `current_quantity` is what is left of the line (0: removed).
  const quantity = num(line.current_quantity) ?? ordered;
  const price = minorUnits(paid(line.price_set, line.price), currency, `line_items.${i}.price`);
  const discounts = arr(line.discount_allocations).reduce(
    (sum, a, j) => sum + minorUnits(paid(a.amount_set, a.amount), currency, `line_items.${i}.discount_allocations.${j}.amount`),
    0
  );
  // Prices without tax (`taxes_included` false): the shopper paid the line's tax on top.
  const tax = taxesIncluded
    ? 0
    : arr(line.tax_lines).reduce(
        (sum, t, j) => sum + minorUnits(paid(t.price_set, t.price), currency, `line_items.${i}.tax_lines.${j}.price`),
        0
      );
  const sku = str(line.sku) ?? `shopify-${idText(line.variant_id) ?? idText(line.product_id) ?? idText(line.id)}`;
  return {
    sku,
    name: str(line.title) ?? str(line.name) ?? sku,
    variant: str(line.variant_title) ?? null,
    unitPriceCents: paidPerUnit(price * ordered - discounts + tax, ordered),
    quantity,
    ...(line.gift_card === true ? { finalSale: true } : {})
  };
}

/**
 * Status and dates: cancelled (or refunded/voided before anything shipped) is `cancelled`; a fulfilment
 * whose shipment is `delivered` gives the delivery date; fully fulfilled without one is delivered
 * `deliveryDays` after the last fulfilment; partly fulfilled is `shipped`; else `placed`.
 */
function shopifyState(o: Obj, deliveryDays: number) {
  const fulfillments = arr(o.fulfillments).filter((f) => f.status !== 'cancelled' && f.status !== 'failure');
  const shippedDates = fulfillments
    .map((f) => isoDate(f.created_at))
    .filter((d): d is string => !!d)
    .sort();
  const delivered = fulfillments.find((f) => f.shipment_status === 'delivered');
  const money = str(o.financial_status);
  if (isoDate(o.cancelled_at) || ((money === 'refunded' || money === 'voided') && !shippedDates.length)) {
    return { status: 'cancelled' as const, deliveredAt: null };
  }
  if (delivered) return { status: 'delivered' as const, deliveredAt: isoDate(delivered.updated_at) ?? shippedDates.at(-1) ?? null };
  if (o.fulfillment_status === 'fulfilled' && shippedDates.length) {
    return { status: 'delivered' as const, deliveredAt: estimatedDelivery(shippedDates.at(-1)!, deliveryDays) };
  }
  return { status: shippedDates.length ? ('shipped' as const) : ('placed' as const), deliveredAt: null };
}

/** A Shopify order as the push's order: number from `name` ("#1001" → "1001"), what the shopper paid per unit, shipping paid. */
export function mapShopifyOrder(o: Obj, deliveryDays: number): Mapped {
  const number = str(o.name) ?? idText(o.order_number);
  return forOrder(number, () => shopifyOrder(o, number, deliveryDays));
}

function shopifyOrder(o: Obj, number: string | null, deliveryDays: number): Mapped {
  const currency = currencyOf(o.presentment_currency ?? o.currency, 'currency');
  const customer = obj(o.customer);
  const email = str(o.email) ?? str(o.contact_email) ?? str(customer.email);
  const lines = arr(o.line_items).map((l, i) => shopifyLine(l, i, currency, o.taxes_included !== false));
  const shipping = arr(o.shipping_lines).reduce(
    (sum, s, i) => sum + minorUnits(paid(s.discounted_price_set, s.discounted_price ?? s.price), currency, `shipping_lines.${i}.price`),
    0
  );
  return mappedOrder({
    number,
    updatedAt: isoDate(o.updated_at),
    email,
    nameSources: [customer, obj(o.billing_address), obj(o.shipping_address)],
    language: o.customer_locale,
    currency,
    placedAt: isoDate(o.processed_at) ?? isoDate(o.created_at),
    state: shopifyState(o, deliveryDays),
    shippingCents: shipping,
    country: obj(o.shipping_address).country_code,
    lines
  });
}

/** One Shopify delivery's body, by topic: `orders/edited` carries only the edit's summary (the `orders/updated` after it has the order). */
export function mapShopify(raw: Uint8Array, topic: string, deliveryDays: number): Mapped {
  if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) return { kind: 'ignored', reason: 'topic_not_handled' };
  const body = bodyObject(raw);
  if (topic === 'orders/edited' || 'order_edit' in body) {
    return { kind: 'ignored', reason: 'edit_summary_applied_by_orders_updated' };
  }
  return mapShopifyOrder(body, deliveryDays);
}
