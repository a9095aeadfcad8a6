import { wallClock } from '#shared/periods.ts';
import { localeOf, wordsIn, type Locale } from '#shared/words/index.ts';
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
  const t = wordsIn(facts.locale).withdrawals.acknowledgement;
  const quote = (theirs: string): Part[] => [t.quote.open, { theirs }, t.quote.close];
  const chosen = facts.chosen.map((c) => `${c.quantity} × ${c.name}`).join('; ');
  const itemLines: Line[] = [];
  if (chosen) itemLines.push([`  ${t.items}: ${chosen}`]);
  if (facts.items) {
    const [first, ...rest] = facts.items.split(/\r?\n/);
    itemLines.push([`  ${chosen ? '' : `${t.items}: `}`, ...quote(first!)]);
    for (const more of rest) itemLines.push(['    ', ...quote(more)]);
  }
  if (!chosen && !facts.items) itemLines.push(`  ${t.items}: ${t.allItems}`);
  const lines: Line[] = [
    t.hello,
    '',
    t.intro,
    '',
    t.statement,
    `  ${t.declaration}`,
    [`  ${t.name}: `, ...quote(facts.name)],
    `  ${t.email}: ${facts.email}`,
    [`  ${t.order}: `, ...quote(facts.orderNumber)],
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
 * The notice to the shop's contact address for every statement, in the shop's language (settings):
 * the refund clock of 14 days started when the statement came in.
 */
export async function queueShopNotice(tx: Db, to: string, facts: ShopNoticeFacts, settings: ShopSettings, publicUrl: URL, now: Date) {
  const t = wordsIn(localeOf(settings.locale)).withdrawals.shopNotice;
  const where = facts.returnNumber
    ? new URL(`/staff/returns/${encodeURIComponent(facts.returnNumber)}`, publicUrl).toString()
    : new URL('/staff/withdrawals', publicUrl).toString();
  const lines: Line[] = [
    t.received(facts.reference, facts.orderNumber, submittedText(facts.submittedAt, settings.timeZone)),
    t.deadline(submittedText(facts.refundDeadline, settings.timeZone)),
    facts.returnNumber ? t.matched(facts.returnNumber) : t.waiting,
    [{ link: where }]
  ];
  await queueNotice(tx, to, 'withdrawal.shop_notice', t.subject(facts.reference), lines, now);
}

/** Staff closed a statement they could not match: their note goes to the consumer, in the statement's language. */
export async function queueClosingNote(
  tx: Db,
  facts: { reference: string; email: string; locale: Locale; submittedAt: Date; note: string },
  settings: ShopSettings,
  now: Date
): Promise<void> {
  const t = wordsIn(facts.locale).withdrawals.closing;
  const lines: Line[] = [
    ...t.body(facts.reference, submittedText(facts.submittedAt, settings.timeZone)).split('\n'),
    '',
    ...facts.note.split('\n'),
    '',
    ...traderLines(settings)
  ];
  await queueNotice(tx, facts.email, 'withdrawal.closed', t.subject(facts.reference), lines, now);
}

/** Staff attached a statement sent from another address to an order: its customer is told, with their own one-time link. */
export async function queueAttachedNotice(
  tx: Db,
  facts: { to: string; locale: Locale; reference: string; orderNumber: string; returnNumber: string; link: string },
  settings: ShopSettings,
  now: Date
): Promise<void> {
  const t = wordsIn(facts.locale).withdrawals.attached;
  const lines: Line[] = [
    ...t.lines(facts.reference, facts.orderNumber, facts.returnNumber),
    [{ link: facts.link }],
    '',
    ...traderLines(settings)
  ];
  await queueNotice(tx, facts.to, 'withdrawal.attached', t.subject(facts.reference), lines, now);
}
