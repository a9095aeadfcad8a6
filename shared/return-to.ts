/** Where and how a shopper sends the items back (the shop's settings). Pure: used by server and SPA. */
import type { Locale } from './states.ts';

/** The shop's return address and its instructions in each language, as set (empty strings when not set). */
export type ReturnTo = { address: string; instructions: Record<Locale, string> };

/** The instructions in `locale`, else in the other language (a shop that wrote them once), else ''. */
export const instructionsIn = (r: ReturnTo, locale: string): string => {
  const own: Locale = locale === 'fr' ? 'fr' : 'en';
  return r.instructions[own].trim() || r.instructions[own === 'fr' ? 'en' : 'fr'].trim();
};
