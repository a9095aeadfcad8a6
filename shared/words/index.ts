/**
 * The server's words in each language: one catalogue file per language beside this one (`en.ts` is the
 * reference, every other must have its keys and shapes). Adding a language: its file, and its code
 * in LOCALES, CATALOGUES and STATE_WORDS below (the SPA's side is `messages/<code>.json`; CONTRIBUTING.md).
 */
import * as en from './en.ts';
import * as fr from './fr.ts';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** The shape every language's catalogue has: the English one's. */
export type Catalogue = typeof en;

/** Every language's catalogue (a missing language or key does not compile). */
export const CATALOGUES: Record<Locale, Catalogue> = { en, fr };

/**
 * The state words alone, by static member access, so the SPA (which reads them through shared/states.ts)
 * bundles these and not the server's emails.
 */
export const STATE_WORDS: Record<Locale, Catalogue['states']> = { en: en.states, fr: fr.states };

/** The return slip's words alone, the same way (the SPA's print page bundles only these). */
export const SLIP_WORDS: Record<Locale, Catalogue['slip']> = { en: en.slip, fr: fr.slip };

/** A stored or requested language as one we have (anything else reads as English). */
export const localeOf = (locale: string | null | undefined): Locale => (LOCALES.includes(locale as Locale) ? (locale as Locale) : 'en');

/** The words of a language. */
export const wordsIn = (locale: Locale): Catalogue => CATALOGUES[locale];

/** A label the shop types per language (a reason, an action: one column each) in `locale`. */
export const labelIn = (item: { labelEn: string; labelFr: string }, locale: string): string =>
  localeOf(locale) === 'fr' ? item.labelFr : item.labelEn;
