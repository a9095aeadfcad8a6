import { idText } from './json.ts';
import { arr, bodyObject, currencyOf, estimatedDelivery, isoDate, minorUnits, num, obj, paidPerUnit, str, type Obj } from './mapping.ts';
import { mappedOrder } from './mapped-order.ts';
import { forOrder, UnreadableOrder, type Mapped } from './receive.ts';

/**
 * Lightspeed eCom (`POST /api/integrations/lightspeed?token=…`): order webhooks (item group
 * `orders`, actions `created`, `updated`, `shipped`; JSON format) whose body is `{ "order": { … } }`.
 * No public source we found documents how these deliveries are signed, so they are accepted only on
 * the URL carrying the secret token (README, "Lightspeed eCom"). Lines are read from the order's
 * embedded `products` (an array, or `products.resource.embedded`); an order without them is refused.
 */
export const LIGHTSPEED_TOPICS = ['orders/created', 'orders/updated', 'orders/shipped'] as const;

function lightspeedLine(line: Obj, i: number, currency: string) {
  const quantity = num(line.quantityOrdered) ?? num(line.quantity) ?? 0;
  // `priceIncl` is the line's unit price with tax; `discountIncl` the line's discount.
  const unit = minorUnits(line.priceIncl ?? line.basePriceIncl, currency, `products.${i}.priceIncl`);
  const discount = line.discountIncl === undefined ? 0 : minorUnits(line.discountIncl, currency, `products.${i}.discountIncl`);
  const sku = str(line.articleCode) ?? str(line.sku) ?? `lightspeed-${idText(line.variant) ?? idText(line.id)}`;
  return {
    sku,
    name: str(line.productTitle) ?? sku,
    variant: str(line.variantTitle) ?? null,
    unitPriceCents: paidPerUnit(unit * quantity - discount, quantity),
    quantity
  };
}

/** Shipped (`shipmentStatus` shipped) counts as delivered `deliveryDays` after the order's last change; cancelled is cancelled. */
function lightspeedState(o: Obj, deliveryDays: number) {
  const status = str(o.status) ?? '';
  if (status.startsWith('cancelled')) return { status: 'cancelled' as const, deliveredAt: null };
  if (o.shipmentStatus === 'shipped' || status === 'completed_shipped') {
    const at = isoDate(o.updatedAt) ?? isoDate(o.createdAt);
    if (at) return { status: 'delivered' as const, deliveredAt: estimatedDelivery(at, deliveryDays) };
  }
  if (o.shipmentStatus === 'partially_shipped') return { status: 'shipped' as const, deliveredAt: null };
  return { status: 'placed' as const, deliveredAt: null };
}

function lightspeedOrder(o: Obj, number: string | null, deliveryDays: number): Mapped {
  const currency = currencyOf(obj(o.currency).code ?? o.currency, 'order.currency');
  const products = Array.isArray(o.products) ? arr(o.products) : arr(obj(obj(o.products).resource).embedded);
  if (!products.length) throw new UnreadableOrder({ 'order.products': 'lines_not_in_payload' });
  return mappedOrder({
    number,
    updatedAt: isoDate(o.updatedAt),
    email: str(o.email),
    nameSources: [{ first_name: o.firstname, last_name: o.lastname }],
    language: obj(o.language).code,
    currency,
    placedAt: isoDate(o.createdAt),
    state: lightspeedState(o, deliveryDays),
    shippingCents: o.shipmentPriceIncl === undefined ? null : minorUnits(o.shipmentPriceIncl, currency, 'order.shipmentPriceIncl'),
    country: obj(o.addressShippingCountry).code ?? o.addressShippingCountry,
    lines: products.map((l, i) => lightspeedLine(l, i, currency))
  });
}

/** One Lightspeed delivery (its topic from `X-Topic`, or `orders/<action>` when absent). */
export function mapLightspeed(raw: Uint8Array, topic: string, deliveryDays: number): Mapped {
  if (topic && !(LIGHTSPEED_TOPICS as readonly string[]).includes(topic)) return { kind: 'ignored', reason: 'topic_not_handled' };
  const body = bodyObject(raw);
  const order = obj(body.order);
  const number = str(order.number) ?? idText(order.id);
  return forOrder(number, () => lightspeedOrder(order, number, deliveryDays));
}
