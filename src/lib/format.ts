import { stateText as sharedStateText, type Voice } from '#shared/states.ts';

/** Money, dates and names as the shopper and staff pages show them, in the locale given. */
export function money(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/** "3 March 2026" */
export function date(iso: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(iso));
}

/** "3 Mar 2026" */
export function dateShort(iso: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** "3 Mar 2026, 14:05" */
export function dateTime(iso: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "Name (variant)" */
export function lineTitle(line: { name: string; variant: string | null }): string {
  return line.variant ? `${line.name} (${line.variant})` : line.name;
}

/** The EN or FR label of a reason or action. */
export function label(item: { labelEn: string; labelFr: string }, locale: string): string {
  return locale === 'fr' ? item.labelFr : item.labelEn;
}

/** A return state's label and description in the shopper's voice, or staff's (the raw state if unknown). */
export const stateText = (state: string, locale: string, voice: Voice = 'shopper') => sharedStateText(state, locale, voice);
