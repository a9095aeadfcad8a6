import { countryOf, localeOf, namesOf, type Obj } from './mapping.ts';
import type { Mapped } from './receive.ts';

/**
 * What a connector read of a platform's order: amounts in minor units and dates as ISO 8601 already
 * (reading them may refuse the delivery), the shopper's names, language and country as the platform
 * sent them (never a reason to refuse).
 */
export type OrderRead = {
  number: string | null;
  /** The platform's own last change: an older delivery changes nothing. */
  updatedAt: string | undefined;
  email: string | undefined;
  /** Where the shopper's names may be, the likeliest first (`namesOf`). */
  nameSources: Obj[];
  /** The platform's language tag (`localeOf`); absent: the shop's default. */
  language?: unknown;
  currency: string;
  placedAt: string | undefined;
  state: { status: 'placed' | 'shipped' | 'delivered' | 'cancelled'; deliveredAt: string | null };
  shippingCents: number | null;
  /** The country shipped to as the platform wrote it (`countryOf`). */
  country: unknown;
  lines: { quantity: number }[];
};

/** The push's order for what a connector read, the same for every platform; lines with no units left are left out. */
export function mappedOrder(o: OrderRead): Mapped {
  const locale = localeOf(o.language);
  return {
    kind: 'order',
    updatedAt: o.updatedAt ? new Date(o.updatedAt) : null,
    order: {
      number: o.number,
      customer: { email: o.email, ...namesOf(o.email, ...o.nameSources), ...(locale ? { locale } : {}) },
      currency: o.currency,
      placedAt: o.placedAt,
      ...o.state,
      shippingCents: o.shippingCents,
      shippingCountry: countryOf(o.country),
      lines: o.lines.filter((l) => l.quantity > 0)
    }
  };
}
