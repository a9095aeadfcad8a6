import { currencyDigits, isCurrency, parseMoney } from '#shared/money.ts';
import { parseJson } from './json.ts';
import { UnreadableOrder } from './receive.ts';

/** Reading platform payloads, whose shapes we do not control: every accessor tolerates a missing or odd value. */
export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The order's currency, refused when the platform sent none this server knows. */
export function currencyOf(code: unknown, field: string): string {
  const c = str(code)?.toUpperCase();
  if (!c || !isCurrency(c)) throw new UnreadableOrder({ [field]: 'unknown_currency' });
  return c;
}

/**
 * A platform's decimal amount ("159.99", "5.0", "10.000000", or a JSON number such as 12.5) in the
 * currency's minor units, through its text and never a float: trailing zeros past the currency's
 * digits are dropped; any other extra digit, a sign or garbage refuses the delivery, naming the field.
 */
export function minorUnits(amount: unknown, currency: string, field: string): number {
  const text = typeof amount === 'number' ? String(amount) : typeof amount === 'string' ? amount.trim() : '';
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  const digits = currencyDigits(currency);
  let minor: number | null = null;
  if (m) {
    const fraction = (m[2] ?? '').replace(new RegExp(`(?<=^\\d{${digits}})0+$`), '');
    minor = parseMoney(fraction ? `${m[1]}.${fraction}` : m[1]!, currency);
  }
  if (minor === null) throw new UnreadableOrder({ [field]: 'not_an_amount' });
  return minor;
}

/** What the shopper paid for each unit of a line: the line's total after its discounts over its units, rounded down (never refund more than paid). */
export const paidPerUnit = (lineTotalMinor: number, quantity: number) => Math.max(0, Math.floor(lineTotalMinor / Math.max(1, quantity)));

/** The portal language from a platform's language tag ("fr", "fr-CA", "en_GB"); undefined (the shop's default) otherwise. */
export function localeOf(tag: unknown): 'en' | 'fr' | undefined {
  const t = str(tag)?.toLowerCase();
  if (t?.startsWith('fr')) return 'fr';
  if (t?.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The country shipped to as ISO 3166-1 alpha-2 in upper case ("fr" → "FR"), or null when the platform
 * sent none or something else (a name, a 3-letter code): unknown, never a reason to refuse the order.
 */
export function countryOf(code: unknown): string | null {
  const c = str(code)?.toUpperCase();
  return c && /^[A-Z]{2}$/.test(c) ? c : null;
}

/** A platform date as ISO 8601 with offset, or undefined when absent or unreadable. */
export function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The delivery date of an order fulfilled (shipped in full) at `fulfilledAt` on a platform that sends
 * none: `CONNECTOR_DELIVERY_DAYS` days later (README, "Connecting a shop platform"). The order counts as
 * delivered from the fulfilment on, so its return window runs from that date.
 */
export function estimatedDelivery(fulfilledAt: string, days: number): string {
  return new Date(new Date(fulfilledAt).getTime() + days * 86_400_000).toISOString();
}

/** The names of the shopper, from the first source that has a first name; the email's local part else. */
export function namesOf(email: string | undefined, ...sources: Obj[]): { firstName: string; lastName?: string } {
  for (const s of sources) {
    const first = str(s.first_name) ?? str(s.firstName);
    if (first) return { firstName: first, lastName: str(s.last_name) ?? str(s.lastName) };
  }
  return { firstName: email?.split('@')[0] ?? 'Customer' };
}

/** A signed body as a JSON object (read only after its signature was checked); not JSON refuses the delivery. */
export function bodyObject(raw: Uint8Array): Obj {
  try {
    return obj(parseJson(new TextDecoder('utf-8', { fatal: true }).decode(raw)));
  } catch {
    throw new UnreadableOrder({ _: 'not_json' });
  }
}
