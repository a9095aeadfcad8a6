/**
 * Money as people read and type it, in the currency's own minor units: EUR has 2 decimals, JPY none,
 * KWD 3 (`Intl`'s digits for the currency). Amounts are integer minor units everywhere else; this is
 * the one place they become text and text becomes them. Pure: used by the SPA, the emails and the staff screen.
 */

/** The ISO 4217 codes this runtime knows ("EUR", "JPY", "KWD"…); a well-formed but unknown code such as "XYZ" is not one. */
let known: Set<string> | undefined;
export function isCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code);
}

const digitsOf = new Map<string, number>();

/** How many decimals the currency has: 2 for EUR, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** Integer minor units as an exact decimal string ("4550", 2 → "45.50"; "-5", 3 → "-0.005"), never through a float. */
function decimalString(minor: number, digits: number): `${number}` {
  if (!Number.isSafeInteger(minor)) throw new RangeError('an amount must be a whole number of minor units');
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return (digits === 0 ? sign + text : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`) as `${number}`;
}

/** Money in the viewer's language and the currency's digits: 4500 EUR → "€45.00" / "45,00 €", 4500 JPY → "¥4,500". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const text = decimalString(minor, currencyDigits(currency));
  // Intl formats a decimal string exactly (no float in between).
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(text);
}

/**
 * An amount as staff type it, without the currency and without grouping: "45.50" / "45,50" (EUR),
 * "4500" (JPY), "1.250" / "1,250" (KWD). What `parseMoney` reads back.
 */
export function typedMoney(minor: number, currency: string, locale: string): string {
  return typedAmount(minor, currencyDigits(currency), locale);
}

/** `typedMoney` for a number of decimals rather than a currency (an amount of no particular order). */
export function typedAmount(minor: number, digits: number, locale: string): string {
  const text = decimalString(minor, digits);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(text);
}

/**
 * An amount typed by staff, in the currency's minor units: "45", "45.5", "45,50" → 4550 (EUR);
 * "4500" → 4500 (JPY, where "45.5" is not an amount); "1,25" → 1250 (KWD). Null when the text is not
 * an amount in that currency (more decimals than it has, a sign, letters, grouping). Never a float in between.
 */
export function parseMoney(text: string, currency: string): number | null {
  return parseAmount(text, currencyDigits(currency));
}

/** `parseMoney` for a number of decimals rather than a currency. */
export function parseAmount(text: string, digits: number): number | null {
  const fraction = digits > 0 ? `(?:[.,](\\d{1,${digits}}))?` : '';
  const m = new RegExp(`^\\s*(\\d{1,15})${fraction}\\s*$`).exec(text);
  if (!m) return null;
  const minor = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}
