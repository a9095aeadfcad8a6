/**
 * The credit sentences of a credited return, the same words on the shopper's return page and in the
 * credited email: their one home is the SPA's catalogue (`messages/<locale>.json`), read here as is.
 */
import type { Locale } from '#shared/words/index.ts';
import { MONEY_METHODS, type CreditTotals } from '#shared/settlement.ts';
import en from '../../messages/en.json' with { type: 'json' };
import fr from '../../messages/fr.json' with { type: 'json' };

/** The SPA's messages the server writes too. */
type SpaKey =
  'return_credit_refund' | 'return_credit_store_credit' | 'return_credit_replacement' | 'return_credit_unknown' | 'return_credit_nothing';
const SPA: Record<Locale, Record<SpaKey, string>> = { en, fr };

/** One of the SPA's messages in `locale`, its `{placeholders}` filled. */
export function spaText(locale: Locale, key: SpaKey, values: Record<string, string> = {}): string {
  return SPA[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The credit in plain sentences, one per method that carries money ("€45.00 will be refunded to your
 * original payment method. A replacement worth €20.00 will be sent to you."). `totals` null: unknown.
 */
export function creditSentence(totals: CreditTotals | null, money: (cents: number) => string, locale: Locale): string {
  if (totals === null) return spaText(locale, 'return_credit_unknown');
  const sentences = MONEY_METHODS.filter((m) => totals[m] > 0).map((m) =>
    spaText(locale, `return_credit_${m}`, { amount: money(totals[m]) })
  );
  return sentences.length ? sentences.join(' ') : spaText(locale, 'return_credit_nothing');
}
