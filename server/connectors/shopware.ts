import { arr, bodyObject, currencyOf, estimatedDelivery, isoDate, minorUnits, num, obj, paidPerUnit, str, type Obj } from './mapping.ts';
import { mappedOrder } from './mapped-order.ts';
import { forOrder, UnreadableOrder, type Mapped } from './receive.ts';

/**
 * Shopware 6 (`POST /api/integrations/shopware`): app-system webhooks (developer.shopware.com,
 * guides/plugins/apps/webhook): a JSON envelope `{ data: { payload, event }, source: { url, shopId,
 * eventId }, timestamp }`, signed with `shopware-shop-signature` (hex HMAC-SHA256 of the body with
 * the app secret). `checkout.order.placed` and the delivery state events carry the order entity
 * (`payload.order`); `source.eventId` names the delivery.
 */
export const SHOPWARE_EVENTS = [
  'checkout.order.placed',
  'state_enter.order_delivery.state.shipped',
  'state_enter.order_delivery.state.shipped_partially',
  'state_enter.order_delivery.state.returned',
  'state_enter.order_delivery.state.cancelled',
  'state_enter.order.state.cancelled',
  'state_enter.order.state.completed'
] as const;

const technical = (entity: Obj) => str(obj(entity.stateMachineState).technicalName);

function shopwareLine(line: Obj, i: number, currency: string) {
  const quantity = num(line.quantity) ?? 0;
  const payload = obj(line.payload);
  // `totalPrice` is the line after its own discounts, as the shopper saw it (gross for gross prices).
  const total = minorUnits(line.totalPrice, currency, `lineItems.${i}.totalPrice`);
  const sku = str(payload.productNumber) ?? `shopware-${str(line.productId) ?? str(line.identifier) ?? str(line.id)}`;
  const options = arr(payload.options)
    .map((o) => str(o.option))
    .filter((o): o is string => !!o);
  // The product's tags as Shopware copies them into the line: their ids, not their names (README, "Shopware 6").
  const tags = (Array.isArray(payload.tagIds) ? payload.tagIds : []).map(str).filter((t): t is string => !!t && t.length <= 50);
  return {
    sku,
    name: str(line.label) ?? sku,
    variant: options.length ? options.join(', ') : null,
    unitPriceCents: paidPerUnit(total, quantity),
    quantity,
    ...(tags.length ? { tags: tags.slice(0, 50) } : {})
  };
}

/** The country code of the first delivery's shipping address (`shippingOrderAddress`, or the order's `addresses` entry it names). */
function shopwareCountry(order: Obj): unknown {
  const delivery = arr(order.deliveries)[0] ?? {};
  const address =
    delivery.shippingOrderAddress !== undefined
      ? obj(delivery.shippingOrderAddress)
      : (arr(order.addresses).find((a) => a.id !== undefined && a.id === delivery.shippingOrderAddressId) ?? {});
  return obj(address.country).iso;
}

/**
 * Shopware's delivery states: `shipped` (or `shipped_partially` for some) → shipped, taken as
 * delivered `deliveryDays` after the delivery's last change (Shopware has no delivered state);
 * a cancelled order or delivery → cancelled; else placed.
 */
function shopwareState(order: Obj, deliveryDays: number) {
  const deliveries = arr(order.deliveries);
  const states = deliveries.map(technical);
  if (technical(order) === 'cancelled' || (states.length && states.every((s) => s === 'cancelled')))
    return { status: 'cancelled' as const, deliveredAt: null };
  const shipped = deliveries.filter(
    (d) => technical(d) === 'shipped' || technical(d) === 'returned' || technical(d) === 'returned_partially'
  );
  if (shipped.length && shipped.length === deliveries.length) {
    const at = shipped
      .map((d) => isoDate(d.updatedAt) ?? isoDate(d.createdAt))
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    if (at) return { status: 'delivered' as const, deliveredAt: estimatedDelivery(at, deliveryDays) };
  }
  if (states.some((s) => s === 'shipped' || s === 'shipped_partially')) return { status: 'shipped' as const, deliveredAt: null };
  return { status: 'placed' as const, deliveredAt: null };
}

function shopwareOrder(order: Obj, number: string | null, deliveryDays: number): Mapped {
  const currency = currencyOf(obj(order.currency).isoCode, 'order.currency.isoCode');
  const customer = obj(order.orderCustomer);
  return mappedOrder({
    number,
    updatedAt: isoDate(order.updatedAt) ?? isoDate(order.createdAt),
    email: str(customer.email),
    nameSources: [customer],
    language: obj(obj(order.language).locale).code,
    currency,
    placedAt: isoDate(order.orderDateTime) ?? isoDate(order.createdAt),
    state: shopwareState(order, deliveryDays),
    shippingCents: minorUnits(obj(order.shippingCosts).totalPrice ?? 0, currency, 'order.shippingCosts.totalPrice'),
    country: shopwareCountry(order),
    lines: arr(order.lineItems)
      .filter((l) => (str(l.type) ?? 'product') === 'product')
      .map((l, i) => shopwareLine(l, i, currency))
  });
}

/** The envelope's event and id, read after the signature was checked. */
export function shopwareEnvelope(raw: Uint8Array): { event: string; eventId: string | null; body: Obj } {
  let body: Obj;
  try {
    body = bodyObject(raw);
  } catch {
    return { event: '', eventId: null, body: {} };
  }
  return { event: str(obj(body.data).event) ?? '', eventId: str(obj(body.source).eventId) ?? null, body };
}

/** One Shopware delivery: an event of the list whose payload has the order, else recorded as ignored. */
export function mapShopware(body: Obj, event: string, deliveryDays: number): Mapped {
  if (!Object.keys(body).length) throw new UnreadableOrder({ _: 'not_json' });
  if (!(SHOPWARE_EVENTS as readonly string[]).includes(event)) return { kind: 'ignored', reason: 'topic_not_handled' };
  const order = obj(obj(obj(body.data).payload).order);
  const number = str(order.orderNumber) ?? null;
  if (!number) return { kind: 'ignored', reason: 'no_order_in_payload' };
  return forOrder(number, () => shopwareOrder(order, number, deliveryDays));
}
