import { wallClock } from '#shared/periods.ts';
import type { Locale } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { queueEmail } from '../outbound/outbox.ts';
import type { ShopSettings } from '../settings/views.ts';

/** What the acknowledgement repeats of the statement, exactly as submitted. */
export type StatementFacts = {
  reference: string;
  name: string;
  email: string;
  orderNumber: string;
  items: string;
  /** The items the signed-in owner chose, by name (empty: not chosen). */
  chosen: { name: string; quantity: number }[];
  locale: Locale;
  submittedAt: Date;
};

const TEXT = {
  en: {
    subject: (ref: string) => `We received your withdrawal (${ref})`,
    hello: (name: string) => `Hello ${name},`,
    intro: 'We received your withdrawal statement. This email acknowledges its receipt: it is not yet a decision on your order.',
    statement: 'Your statement, as submitted:',
    declaration: 'I withdraw from my contract for the order below.',
    name: 'Name',
    email: 'Email',
    order: 'Order number',
    items: 'Items',
    allItems: 'Everything delivered on this order',
    submitted: 'Submitted on',
    reference: 'Reference',
    nextTitle: 'What happens next',
    next: [
      'The shop checks your statement against its orders. If it needs anything more from you, it writes to this address.',
      'Send the items back within 14 days of this statement, as the shop’s terms explain.',
      'The shop refunds you within 14 days of receiving this statement; it may wait until it has the items back or proof that you sent them.'
    ],
    trader: 'The trader'
  },
  fr: {
    subject: (ref: string) => `Nous avons reçu votre rétractation (${ref})`,
    hello: (name: string) => `Bonjour ${name},`,
    intro:
      'Nous avons reçu votre déclaration de rétractation. Cet e-mail en accuse réception : ce n’est pas encore une décision sur votre commande.',
    statement: 'Votre déclaration, telle que vous l’avez envoyée :',
    declaration: 'Je me rétracte du contrat portant sur la commande ci-dessous.',
    name: 'Nom',
    email: 'E-mail',
    order: 'Numéro de commande',
    items: 'Articles',
    allItems: 'Tout ce qui a été livré sur cette commande',
    submitted: 'Envoyée le',
    reference: 'Référence',
    nextTitle: 'La suite',
    next: [
      'La boutique rapproche votre déclaration de ses commandes. S’il lui faut autre chose, elle vous écrit à cette adresse.',
      'Renvoyez les articles dans les 14 jours suivant cette déclaration, comme l’expliquent les conditions de la boutique.',
      'La boutique vous rembourse dans les 14 jours suivant la réception de cette déclaration ; elle peut attendre d’avoir récupéré les articles ou la preuve de leur expédition.'
    ],
    trader: 'Le professionnel'
  }
} as const;

/** The date and time of submission, on the shop's clock and in UTC. */
export function submittedText(at: Date, timeZone: string): string {
  return `${wallClock(at, timeZone)} (${timeZone}) — ${wallClock(at, 'UTC')} UTC`;
}

function traderLines(settings: ShopSettings): string[] {
  return [settings.legalName || settings.shopName, ...settings.legalAddress.split('\n'), settings.contactEmail].filter((l) => l.trim());
}

/** The acknowledgement of receipt on a durable medium: the full statement, its date and time, the trader, what next. No link. */
export function acknowledgementText(facts: StatementFacts, settings: ShopSettings): { subject: string; text: string } {
  const t = TEXT[facts.locale];
  const items = [
    ...facts.chosen.map((c) => `${c.quantity} × ${c.name}`),
    ...(facts.items ? [facts.items] : []),
    ...(facts.chosen.length === 0 && !facts.items ? [t.allItems] : [])
  ];
  const text = [
    t.hello(facts.name),
    '',
    t.intro,
    '',
    t.statement,
    `  « ${t.declaration} »`,
    `  ${t.name}: ${facts.name}`,
    `  ${t.email}: ${facts.email}`,
    `  ${t.order}: ${facts.orderNumber}`,
    `  ${t.items}: ${items.join('; ')}`,
    `  ${t.submitted}: ${submittedText(facts.submittedAt, settings.timeZone)}`,
    `  ${t.reference}: ${facts.reference}`,
    '',
    `${t.nextTitle}:`,
    ...t.next.map((l) => `- ${l}`),
    '',
    `${t.trader}:`,
    ...traderLines(settings)
  ].join('\n');
  return { subject: t.subject(facts.reference), text };
}

export async function queueAcknowledgement(tx: Db, facts: StatementFacts, settings: ShopSettings, now: Date): Promise<void> {
  const { subject, text } = acknowledgementText(facts, settings);
  await queueEmail(tx, { to: facts.email, topic: 'withdrawal.acknowledgement', subject, text, now });
}

const CLOSE_TEXT = {
  en: {
    subject: (ref: string) => `Your withdrawal ${ref}`,
    body: (name: string, ref: string, submitted: string) =>
      `Hello ${name},\n\nAbout your withdrawal statement ${ref} of ${submitted}, the shop writes:`
  },
  fr: {
    subject: (ref: string) => `Votre rétractation ${ref}`,
    body: (name: string, ref: string, submitted: string) =>
      `Bonjour ${name},\n\nAu sujet de votre déclaration de rétractation ${ref} du ${submitted}, la boutique vous écrit :`
  }
} as const;

/** Staff closed a statement they could not match: their note goes to the consumer, in the statement's language. */
export async function queueClosingNote(
  tx: Db,
  facts: { reference: string; name: string; email: string; locale: Locale; submittedAt: Date; note: string },
  settings: ShopSettings,
  now: Date
): Promise<void> {
  const t = CLOSE_TEXT[facts.locale];
  const text = [
    t.body(facts.name, facts.reference, submittedText(facts.submittedAt, settings.timeZone)),
    '',
    facts.note,
    '',
    ...traderLines(settings)
  ].join('\n');
  await queueEmail(tx, { to: facts.email, topic: 'withdrawal.closed', subject: t.subject(facts.reference), text, now });
}
