/** Dates and names as the shopper and staff pages show them, in the locale given (money: `formatMoney` in `shared/money.ts`). */

/**
 * One way to write a date per language: the long date, "November 23, 2026" / "23 novembre 2026".
 * Every date of the shopper and staff pages uses it (order date, delivery, return window, requests).
 */
export function date(iso: string | Date, locale: string): string {
  return longDate(new Intl.DateTimeFormat(locale, { dateStyle: 'long' }), new Date(iso), locale);
}

/** A long date as the language writes it: French says « 1er janvier », not « 1 janvier ». */
function longDate(format: Intl.DateTimeFormat, when: Date, locale: string): string {
  if (!locale.startsWith('fr')) return format.format(when);
  return format
    .formatToParts(when)
    .map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');
}

/** The last day of a period that ends at `endsAt` (exclusive: the next midnight), as a date. */
export function lastDay(endsAt: string | Date, locale: string): string {
  return date(new Date(new Date(endsAt).getTime() - 1), locale);
}

/**
 * The long date and the time, only where the time means something (a return's history, the
 * emails list, the audit trail): "November 23, 2026 at 9:07 AM" / "23 novembre 2026 à 09:07".
 */
export function dateTime(iso: string | Date, locale: string): string {
  return longDate(new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }), new Date(iso), locale);
}

/** "Name (variant)" */
export function lineTitle(line: { name: string; variant: string | null }): string {
  return line.variant ? `${line.name} (${line.variant})` : line.name;
}

/** The EN or FR label of a reason or action. */
export function label(item: { labelEn: string; labelFr: string }, locale: string): string {
  return locale === 'fr' ? item.labelFr : item.labelEn;
}
