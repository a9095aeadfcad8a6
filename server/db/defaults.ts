import { and, eq } from 'drizzle-orm';
import { LOCALES, RETURN_STATES, type Locale, type ReturnState } from '#shared/states.ts';
import type { Db } from './client.ts';
import { emailTemplates, returnActions, returnReasons, shopSettings } from './schema.ts';

/** The shop's starting reasons: "Defective product" is not restocked by default. */
export const DEFAULT_REASONS = [
  { code: 'defective', labelEn: 'Defective product', labelFr: 'Produit défectueux', restockDefault: false },
  { code: 'wrong_size', labelEn: 'Wrong size', labelFr: 'Mauvaise taille', restockDefault: true },
  { code: 'wrong_item', labelEn: 'Wrong item received', labelFr: 'Mauvais article reçu', restockDefault: true },
  { code: 'not_as_described', labelEn: 'Not as described', labelFr: 'Non conforme à la description', restockDefault: true },
  { code: 'changed_mind', labelEn: 'Changed my mind', labelFr: 'J’ai changé d’avis', restockDefault: true },
  { code: 'other', labelEn: 'Other', labelFr: 'Autre', restockDefault: true, needsText: true }
];

export const DEFAULT_ACTIONS = [
  { code: 'refund', labelEn: 'Refund', labelFr: 'Remboursement' },
  { code: 'replacement', labelEn: 'Send a replacement', labelFr: 'Envoyer un remplacement' },
  { code: 'exchange_size', labelEn: 'Exchange for another size', labelFr: 'Échanger contre une autre taille' },
  { code: 'store_credit', labelEn: 'Store credit', labelFr: 'Avoir en boutique' }
];

/**
 * The reason and action of a return made by the withdrawal function. Inactive, so shoppers never
 * pick them in the return form; only the withdrawal service uses them (by code).
 */
export const WITHDRAWAL_REASON = { code: 'withdrawal', labelEn: 'Withdrawal (no reason needed)', labelFr: 'Rétractation (sans motif)' };
export const WITHDRAWAL_ACTION = { code: 'withdrawal_refund', labelEn: 'Withdrawal — refund', labelFr: 'Rétractation — remboursement' };

/** The starting notification texts, the same for every state (the state name is a variable). */
export const DEFAULT_EMAIL_TEXTS = {
  en: {
    subject: 'Your return [[return_number]]: [[state]]',
    body: 'Hello [[firstname]],\n\nYour return [[return_number]] for order [[order_number]] is now: [[state]].\n\n[[message]]\n\nFollow it here: [[return_url]]'
  },
  fr: {
    subject: 'Votre retour [[return_number]] : [[state]]',
    body: 'Bonjour [[firstname]],\n\nVotre retour [[return_number]] pour la commande [[order_number]] est maintenant : [[state]].\n\n[[message]]\n\nSuivez-le ici : [[return_url]]'
  }
} as const;

/** The starting texts of the `credited` email: the same, plus the credit in a sentence and per line. */
export const DEFAULT_CREDITED_TEXTS = {
  en: {
    subject: DEFAULT_EMAIL_TEXTS.en.subject,
    body: 'Hello [[firstname]],\n\nYour return [[return_number]] for order [[order_number]] is now: [[state]].\n\n[[credit_summary]]\n[[credit_lines]]\n\n[[message]]\n\nFollow it here: [[return_url]]'
  },
  fr: {
    subject: DEFAULT_EMAIL_TEXTS.fr.subject,
    body: 'Bonjour [[firstname]],\n\nVotre retour [[return_number]] pour la commande [[order_number]] est maintenant : [[state]].\n\n[[credit_summary]]\n[[credit_lines]]\n\n[[message]]\n\nSuivez-le ici : [[return_url]]'
  }
} as const;

/** The starting `approved` texts: the same, plus where and how to send the items (settings, "Return address"). */
export const APPROVED_EMAIL_TEXTS = {
  en: {
    subject: DEFAULT_EMAIL_TEXTS.en.subject,
    body: [
      'Hello [[firstname]],',
      '',
      'Your return [[return_number]] for order [[order_number]] is now: [[state]].',
      '',
      'Please send the items back to:',
      '[[return_address]]',
      '',
      '[[return_instructions]]',
      '',
      '[[message]]',
      '',
      'Follow it here: [[return_url]]'
    ].join('\n')
  },
  fr: {
    subject: DEFAULT_EMAIL_TEXTS.fr.subject,
    body: [
      'Bonjour [[firstname]],',
      '',
      'Votre retour [[return_number]] pour la commande [[order_number]] est maintenant : [[state]].',
      '',
      'Merci de renvoyer les articles à l’adresse suivante :',
      '[[return_address]]',
      '',
      '[[return_instructions]]',
      '',
      '[[message]]',
      '',
      'Suivez-le ici : [[return_url]]'
    ].join('\n')
  }
} as const;

/** The starting "request received" texts: what was asked for, and what happens next. */
export const REQUESTED_EMAIL_TEXTS = {
  en: {
    subject: 'We have received your return request [[return_number]]',
    body: [
      'Hello [[firstname]],',
      '',
      'We have received your return request [[return_number]] for order [[order_number]]. You asked for:',
      '[[items]]',
      '[[comment]]',
      '',
      '[[message]]',
      '',
      'What happens next: we check your request and email you when it is approved, with how to send the items back. You can cancel it as long as nobody has looked at it.',
      '',
      'Follow it here: [[return_url]]'
    ].join('\n')
  },
  fr: {
    subject: 'Nous avons bien reçu votre demande de retour [[return_number]]',
    body: [
      'Bonjour [[firstname]],',
      '',
      'Nous avons bien reçu votre demande de retour [[return_number]] pour la commande [[order_number]]. Vous avez demandé :',
      '[[items]]',
      '[[comment]]',
      '',
      '[[message]]',
      '',
      'La suite : nous examinons votre demande et vous écrivons dès qu’elle est acceptée, avec la marche à suivre pour renvoyer les articles. Vous pouvez l’annuler tant que personne ne l’a examinée.',
      '',
      'Suivez-la ici : [[return_url]]'
    ].join('\n')
  }
} as const;

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
  await db
    .insert(returnReasons)
    .values({ ...WITHDRAWAL_REASON, active: false, position: 1000, restockDefault: true })
    .onConflictDoNothing();
  await db
    .insert(returnActions)
    .values({ ...WITHDRAWAL_ACTION, active: false, position: 1000 })
    .onConflictDoNothing();
  await db
    .insert(emailTemplates)
    .values(RETURN_STATES.flatMap((state) => LOCALES.map((locale) => ({ state, locale, ...defaultEmailText(state, locale) }))))
    .onConflictDoNothing();
  // A shop that never edited its "request received" text gets the one that lists what was asked for,
  // and its "approved" text the one that says where to send the items; an edited text is kept.
  for (const [state, texts] of [
    ['requested', REQUESTED_EMAIL_TEXTS],
    ['approved', APPROVED_EMAIL_TEXTS]
  ] as const) {
    for (const locale of LOCALES) {
      await db
        .update(emailTemplates)
        .set(texts[locale])
        .where(
          and(
            eq(emailTemplates.state, state),
            eq(emailTemplates.locale, locale),
            eq(emailTemplates.subject, DEFAULT_EMAIL_TEXTS[locale].subject),
            eq(emailTemplates.body, DEFAULT_EMAIL_TEXTS[locale].body)
          )
        );
    }
  }
}
