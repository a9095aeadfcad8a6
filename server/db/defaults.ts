import { and, eq } from 'drizzle-orm';
import { CLAIM_REASON_CODES, type ClaimReasonCode } from '#shared/schemas/returns.ts';
import { RETURN_STATES, type ReturnState } from '#shared/states.ts';
import { CATALOGUES, LOCALES, type Catalogue, type Locale } from '#shared/words/index.ts';
import type { Db } from './client.ts';
import { emailTemplates, returnActions, returnReasons, shopSettings } from './schema.ts';

/** A starting reason's or action's labels as its stored row has them (one column per language; shared/words/ `defaults`). */
export function defaultLabels<K extends 'reasons' | 'actions'>(list: K, code: keyof Catalogue['defaults'][K]) {
  const label = (locale: Locale) => CATALOGUES[locale].defaults[list][code] as string;
  return { labelEn: label('en'), labelFr: label('fr') };
}

/** The shop's starting reasons: "Defective product" is not restocked by default. */
export const DEFAULT_REASONS = [
  { code: 'defective', ...defaultLabels('reasons', 'defective'), restockDefault: false },
  { code: 'wrong_size', ...defaultLabels('reasons', 'wrong_size'), restockDefault: true },
  { code: 'wrong_item', ...defaultLabels('reasons', 'wrong_item'), restockDefault: true },
  { code: 'not_as_described', ...defaultLabels('reasons', 'not_as_described'), restockDefault: true },
  { code: 'changed_mind', ...defaultLabels('reasons', 'changed_mind'), restockDefault: true },
  { code: 'other', ...defaultLabels('reasons', 'other'), restockDefault: true, needsText: true }
];

export const DEFAULT_ACTIONS = (['refund', 'replacement', 'exchange_size', 'store_credit'] as const).map((code) => ({
  code,
  ...defaultLabels('actions', code)
}));

/**
 * The reason and action of a return made by the withdrawal function. Inactive, so shoppers never
 * pick them in the return form; only the withdrawal service uses them (by code).
 */
export const WITHDRAWAL_REASON = { code: 'withdrawal', ...defaultLabels('reasons', 'withdrawal') };
export const WITHDRAWAL_ACTION = { code: 'withdrawal_refund', ...defaultLabels('actions', 'withdrawal_refund') };

/** The starting texts of each kind of state email, in each language (shared/words/: `defaults.emails`). */
const emailTexts = (kind: keyof Catalogue['defaults']['emails']) =>
  Object.fromEntries(LOCALES.map((locale) => [locale, CATALOGUES[locale].defaults.emails[kind]])) as Record<
    Locale,
    { subject: string; body: string }
  >;

/** The starting notification texts, the same for every state (the state name is a variable). */
export const DEFAULT_EMAIL_TEXTS = emailTexts('any');
/** The starting texts of the `credited` email: the same, plus the credit in a sentence and per line. */
export const DEFAULT_CREDITED_TEXTS = emailTexts('credited');
/** The starting `approved` texts: the same, plus where and how to send the items back (settings, "Return address"). */
export const APPROVED_EMAIL_TEXTS = emailTexts('approved');
/**
 * The `approved` texts a shop started with before the return slip's link (issue 20): today's without
 * its slip paragraph, upgraded at start like the others.
 */
export const APPROVED_BEFORE_SLIP_TEXTS = Object.fromEntries(
  LOCALES.map((l) => [l, { ...APPROVED_EMAIL_TEXTS[l], body: APPROVED_EMAIL_TEXTS[l].body.replace(/\n[^\n]*\[\[slip_url\]\]\n/, '') }])
) as typeof APPROVED_EMAIL_TEXTS;
/** The starting "request received" texts: what was asked for, and what happens next. */
export const REQUESTED_EMAIL_TEXTS = emailTexts('requested');

/**
 * A claim's reasons and action (docs/decisions.md "Claims"): inactive, so shoppers never pick them in
 * the return form; only a claim uses them (by code). Damaged and wrong item require a photo.
 */
const claimHint = (code: ClaimReasonCode, locale: Locale) =>
  code === 'item_missing' ? '' : CATALOGUES[locale].defaults.claimPhotoHints[code];
export const CLAIM_REASONS = CLAIM_REASON_CODES.map((code) => ({
  code,
  ...defaultLabels('reasons', code),
  requiresPhoto: code !== 'item_missing',
  photoHintEn: claimHint(code, 'en'),
  photoHintFr: claimHint(code, 'fr')
}));
export const CLAIM_ACTION = { code: 'claim', ...defaultLabels('actions', 'claim') };

/** The text a state's email starts with in a language. */
export const defaultEmailText = (state: ReturnState, locale: Locale): { subject: string; body: string } =>
  state === 'requested'
    ? REQUESTED_EMAIL_TEXTS[locale]
    : state === 'credited'
      ? DEFAULT_CREDITED_TEXTS[locale]
      : state === 'approved'
        ? APPROVED_EMAIL_TEXTS[locale]
        : DEFAULT_EMAIL_TEXTS[locale];

/** Rows every shop needs (settings, reasons, actions, email texts); safe to run at every start. */
export async function ensureDefaults(db: Db): Promise<void> {
  await db.insert(shopSettings).values({ id: 1 }).onConflictDoNothing();
  const [existing] = await db.select({ id: returnReasons.id }).from(returnReasons).limit(1);
  if (!existing) {
    await db
      .insert(returnReasons)
      .values(DEFAULT_REASONS.map((r, i) => ({ ...r, position: i })))
      .onConflictDoNothing();
    await db
      .insert(returnActions)
      .values(DEFAULT_ACTIONS.map((a, i) => ({ ...a, position: i })))
      .onConflictDoNothing();
  }
  // The withdrawal's and the claims' reasons and actions, inactive: added to a shop that lacks them, one insert per table.
  await db
    .insert(returnReasons)
    .values([
      { ...WITHDRAWAL_REASON, active: false, position: 1000, restockDefault: true },
      ...CLAIM_REASONS.map((r, i) => ({ ...r, active: false, position: 1001 + i, restockDefault: false }))
    ])
    .onConflictDoNothing();
  await db
    .insert(returnActions)
    .values([
      { ...WITHDRAWAL_ACTION, active: false, position: 1000 },
      { ...CLAIM_ACTION, active: false, position: 1001 }
    ])
    .onConflictDoNothing();
  await db
    .insert(emailTemplates)
    .values(RETURN_STATES.flatMap((state) => LOCALES.map((locale) => ({ state, locale, ...defaultEmailText(state, locale) }))))
    .onConflictDoNothing();
  // A shop that never edited its "request received" text gets the one that lists what was asked for,
  // and its "approved" text the one that says where to send the items; an edited text is kept.
  // (and the approved text before the slip's link, the one with it).
  for (const [state, texts, from] of [
    ['requested', REQUESTED_EMAIL_TEXTS, DEFAULT_EMAIL_TEXTS],
    ['approved', APPROVED_EMAIL_TEXTS, DEFAULT_EMAIL_TEXTS],
    ['approved', APPROVED_EMAIL_TEXTS, APPROVED_BEFORE_SLIP_TEXTS]
  ] as const) {
    for (const locale of LOCALES) {
      await db
        .update(emailTemplates)
        .set(texts[locale])
        .where(
          and(
            eq(emailTemplates.state, state),
            eq(emailTemplates.locale, locale),
            eq(emailTemplates.subject, from[locale].subject),
            eq(emailTemplates.body, from[locale].body)
          )
        );
    }
  }
}
