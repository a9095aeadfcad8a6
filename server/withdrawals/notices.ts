import { wallClock } from '#shared/periods.ts';
import type { Locale } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
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

/**
 * One line of a notice, in parts: the shop's words, the consumer's words (quoted as theirs, never
 * clickable), or the shop's own link. The plain text keeps every part as it is; the HTML part escapes
 * all of them and breaks what a mail client would turn into a link in the consumer's words.
 */
type Part = string | { theirs: string } | { link: string };
type Line = Part[] | string;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/**
 * The consumer's words for the HTML part: escaped, with a zero-width space after every `.`, `:`, `/`
 * and `@`, so no mail client recognises a web address, a domain or an email address in them to
 * make it a link. What a reader sees is unchanged.
 */
export function inertHtml(text: string): string {
  return escapeHtml(text).replace(/([.:/@])/g, '$1\u200b');
}

function partText(p: Part): string {
  return typeof p === 'string' ? p : 'theirs' in p ? p.theirs : p.link;
}

function partHtml(p: Part): string {
  if (typeof p === 'string') return escapeHtml(p);
  if ('theirs' in p) return `<span style="font-style:italic">${inertHtml(p.theirs)}</span>`;
  return `<a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a>`;
}

/** The plain text and the HTML of a notice from its lines. */
export function renderNotice(lines: Line[]): { text: string; html: string } {
  const parts = lines.map((l) => (typeof l === 'string' ? [l] : l));
  const text = parts.map((l) => l.map(partText).join('')).join('\n');
  const body = parts.map((l) => l.map(partHtml).join('')).join('<br>');
  return { text, html: `<!doctype html><html><body><div style="font-family:sans-serif;line-height:1.5">${body}</div></body></html>` };
}

async function queueNotice(tx: Db, to: string, topic: string, subject: string, lines: Line[], now: Date): Promise<void> {
  const { text, html } = renderNotice(lines);
  await tx
    .insert(outbox)
    .values({ createdAt: now, nextAttemptAt: now, kind: 'email', topic, recipient: to, payload: { to, subject, text, html } });
}

const TEXT = {
  en: {
    subject: (ref: string) => `We received your withdrawal (${ref})`,
    hello: 'Hello,',
    intro:
      'We received a withdrawal statement giving this email address. This email acknowledges its receipt: it is not yet a decision on the order.',
    statement: 'The statement, as submitted (between quotation marks: the words typed in the form, as they were typed):',
    quote: (s: string) => [`“`, { theirs: s }, `”`],
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
      'The shop checks the statement against its orders. If it needs anything more, it writes to this address.',
      'Send the items back within 14 days of this statement, as the shop’s terms explain.',
      'The shop refunds you within 14 days of receiving this statement; it may wait until it has the items back or proof that you sent them.'
    ],
    link: 'To see this statement, or to cancel it if you did not send it or changed your mind (once, for 30 days):',
    trader: 'The trader'
  },
  fr: {
    subject: (ref: string) => `Nous avons reçu votre rétractation (${ref})`,
    hello: 'Bonjour,',
    intro:
      'Nous avons reçu une déclaration de rétractation donnant cette adresse e-mail. Cet e-mail en accuse réception : ce n’est pas encore une décision sur la commande.',
    statement: 'La déclaration, telle qu’elle a été envoyée (entre guillemets : les mots saisis dans le formulaire, tels quels) :',
    quote: (s: string) => [`« `, { theirs: s }, ` »`],
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
      'La boutique rapproche la déclaration de ses commandes. S’il lui faut autre chose, elle écrit à cette adresse.',
      'Renvoyez les articles dans les 14 jours suivant cette déclaration, comme l’expliquent les conditions de la boutique.',
      'La boutique vous rembourse dans les 14 jours suivant la réception de cette déclaration ; elle peut attendre d’avoir récupéré les articles ou la preuve de leur expédition.'
    ],
    link: 'Pour voir cette déclaration, ou l’annuler si vous ne l’avez pas envoyée ou avez changé d’avis (une fois, pendant 30 jours) :',
    trader: 'Le professionnel'
  }
} as const;

/** The shop's zone names UTC itself: then one time line is enough. */
const isUtc = (timeZone: string) =>
  ['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Zulu', 'Etc/Zulu'].includes(timeZone);

/** The date and time of submission, on the shop's clock and in UTC (once when the shop's clock is UTC). */
export function submittedText(at: Date, timeZone: string): string {
  if (isUtc(timeZone)) return `${wallClock(at, 'UTC')} UTC`;
  return `${wallClock(at, timeZone)} (${timeZone}) — ${wallClock(at, 'UTC')} UTC`;
}

function traderLines(settings: ShopSettings): string[] {
  return [settings.legalName || settings.shopName, ...settings.legalAddress.split('\n'), settings.contactEmail].filter((l) => l.trim());
}

/**
 * The acknowledgement of receipt on a durable medium: the full statement, its date and time, the
 * trader, what next, and the one-time link to see or cancel it. It greets no one by name and quotes
 * what the consumer typed as theirs: anyone may type anything in the form, and the email goes out
 * under the trader's name.
 */
export function acknowledgementNotice(facts: StatementFacts, settings: ShopSettings, link: string) {
  const t = TEXT[facts.locale];
  const chosen = facts.chosen.map((c) => `${c.quantity} × ${c.name}`).join('; ');
  const itemLines: Line[] = [];
  if (chosen) itemLines.push([`  ${t.items}: ${chosen}`]);
  if (facts.items) {
    const [first, ...rest] = facts.items.split(/\r?\n/);
    itemLines.push([`  ${chosen ? '' : `${t.items}: `}`, ...t.quote(first!)]);
    for (const more of rest) itemLines.push(['    ', ...t.quote(more)]);
  }
  if (!chosen && !facts.items) itemLines.push(`  ${t.items}: ${t.allItems}`);
  const lines: Line[] = [
    t.hello,
    '',
    t.intro,
    '',
    t.statement,
    `  « ${t.declaration} »`,
    [`  ${t.name}: `, ...t.quote(facts.name)],
    `  ${t.email}: ${facts.email}`,
    [`  ${t.order}: `, ...t.quote(facts.orderNumber)],
    ...itemLines,
    `  ${t.submitted}: ${submittedText(facts.submittedAt, settings.timeZone)}`,
    `  ${t.reference}: ${facts.reference}`,
    '',
    `${t.nextTitle}:`,
    ...t.next.map((l) => `- ${l}`),
    '',
    t.link,
    [{ link }],
    '',
    `${t.trader}:`,
    ...traderLines(settings)
  ];
  return { subject: t.subject(facts.reference), ...renderNotice(lines) };
}

export async function queueAcknowledgement(tx: Db, facts: StatementFacts, settings: ShopSettings, link: string, now: Date): Promise<void> {
  const { subject, text, html } = acknowledgementNotice(facts, settings, link);
  await tx.insert(outbox).values({
    createdAt: now,
    nextAttemptAt: now,
    kind: 'email',
    topic: 'withdrawal.acknowledgement',
    recipient: facts.email,
    payload: { to: facts.email, subject, text, html }
  });
}

/** What the shop is told of each statement: its clock has started. */
export type ShopNoticeFacts = {
  reference: string;
  submittedAt: Date;
  refundDeadline: Date;
  orderNumber: string;
  /** The return made for it, or null when it waits under "Withdrawals to match". */
  returnNumber: string | null;
};

/**
 * The notice to the shop's contact address for every statement (in English and French: the shop
 * has no language of its own): the refund clock of 14 days started when the statement came in.
 */
export async function queueShopNotice(tx: Db, to: string, facts: ShopNoticeFacts, settings: ShopSettings, publicUrl: URL, now: Date) {
  const submitted = submittedText(facts.submittedAt, settings.timeZone);
  const deadline = submittedText(facts.refundDeadline, settings.timeZone);
  const where = facts.returnNumber
    ? new URL(`/staff/returns/${encodeURIComponent(facts.returnNumber)}`, publicUrl).toString()
    : new URL('/staff/withdrawals', publicUrl).toString();
  const lines: Line[] = [
    `A withdrawal statement (${facts.reference}) for order number ${facts.orderNumber} was received on ${submitted}.`,
    `The 14 days to refund started then: refund by ${deadline} at the latest.`,
    facts.returnNumber
      ? `It matched the order: return ${facts.returnNumber} was made for it.`
      : 'It waits under "Withdrawals to match": attach it to its order or close it with a note.',
    [{ link: where }],
    '',
    `Une déclaration de rétractation (${facts.reference}) pour la commande numéro ${facts.orderNumber} a été reçue le ${submitted}.`,
    `Les 14 jours pour rembourser ont commencé à courir : remboursez au plus tard le ${deadline}.`,
    facts.returnNumber
      ? `Elle correspond à la commande : le retour ${facts.returnNumber} a été créé.`
      : 'Elle attend dans « Rétractations à rapprocher » : rattachez-la à sa commande ou clôturez-la avec une note.'
  ];
  await queueNotice(tx, to, 'withdrawal.shop_notice', `Withdrawal ${facts.reference} / Rétractation ${facts.reference}`, lines, now);
}

const CLOSE_TEXT = {
  en: {
    subject: (ref: string) => `Your withdrawal ${ref}`,
    body: (ref: string, submitted: string) => `Hello,\n\nAbout the withdrawal statement ${ref} of ${submitted}, the shop writes:`
  },
  fr: {
    subject: (ref: string) => `Votre rétractation ${ref}`,
    body: (ref: string, submitted: string) =>
      `Bonjour,\n\nAu sujet de la déclaration de rétractation ${ref} du ${submitted}, la boutique vous écrit :`
  }
} as const;

/** Staff closed a statement they could not match: their note goes to the consumer, in the statement's language. */
export async function queueClosingNote(
  tx: Db,
  facts: { reference: string; email: string; locale: Locale; submittedAt: Date; note: string },
  settings: ShopSettings,
  now: Date
): Promise<void> {
  const t = CLOSE_TEXT[facts.locale];
  const lines: Line[] = [
    ...t.body(facts.reference, submittedText(facts.submittedAt, settings.timeZone)).split('\n'),
    '',
    ...facts.note.split('\n'),
    '',
    ...traderLines(settings)
  ];
  await queueNotice(tx, facts.email, 'withdrawal.closed', t.subject(facts.reference), lines, now);
}

const ATTACHED_TEXT = {
  en: {
    subject: (ref: string) => `A withdrawal was attached to your order (${ref})`,
    lines: (ref: string, order: string, ret: string) => [
      'Hello,',
      '',
      `The shop received a withdrawal statement (${ref}) that gave another email address, and attached it to your order ${order}: return ${ret} was made for it.`,
      'If you did not send it, or changed your mind, you can see it and cancel it here (once, for 30 days):'
    ]
  },
  fr: {
    subject: (ref: string) => `Une rétractation a été rattachée à votre commande (${ref})`,
    lines: (ref: string, order: string, ret: string) => [
      'Bonjour,',
      '',
      `La boutique a reçu une déclaration de rétractation (${ref}) donnant une autre adresse e-mail, et l’a rattachée à votre commande ${order} : le retour ${ret} a été créé.`,
      'Si vous ne l’avez pas envoyée, ou si vous avez changé d’avis, vous pouvez la voir et l’annuler ici (une fois, pendant 30 jours) :'
    ]
  }
} as const;

/** Staff attached a statement sent from another address to an order: its customer is told, with their own one-time link. */
export async function queueAttachedNotice(
  tx: Db,
  facts: { to: string; locale: Locale; reference: string; orderNumber: string; returnNumber: string; link: string },
  settings: ShopSettings,
  now: Date
): Promise<void> {
  const t = ATTACHED_TEXT[facts.locale];
  const lines: Line[] = [
    ...t.lines(facts.reference, facts.orderNumber, facts.returnNumber),
    [{ link: facts.link }],
    '',
    ...traderLines(settings)
  ];
  await queueNotice(tx, facts.to, 'withdrawal.attached', t.subject(facts.reference), lines, now);
}
