import { and, eq } from 'drizzle-orm';
import { localeOf, wordsIn, type Locale } from '#shared/words/index.ts';
import type { Db } from '../db/client.ts';
import { emailTemplates, outbox } from '../db/schema.ts';
import { fillHtml, fillText } from './render.ts';
import { renderEmail, returnEmailVars, type ReturnEmailValues } from './templates.ts';

/** The values of the email, with its recipient and the locale as stored (anything but `fr` reads as English). */
export type ReturnEmailFacts = Omit<ReturnEmailValues, 'locale'> & { to: string; locale: string; now: Date };

/**
 * Writes the state email for a return into the outbox, in the caller's transaction: it is sent
 * (or shown on the staff Emails page) only if the change that caused it commits.
 */
export async function queueReturnStateEmail(tx: Db, facts: ReturnEmailFacts): Promise<void> {
  const locale = localeOf(facts.locale);
  const [template] = await tx
    .select()
    .from(emailTemplates)
    .where(and(eq(emailTemplates.state, facts.state), eq(emailTemplates.locale, locale)))
    .limit(1);
  if (!template) return;
  // The same variables and rendering as the staff preview; links from the configured public URL.
  const rendered = renderEmail(template, returnEmailVars({ ...facts, locale }));
  await tx.insert(outbox).values({
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: `return.${facts.state}`,
    recipient: facts.to,
    payload: { to: facts.to, ...rendered }
  });
}

/** Tells the shop's service address that a shopper asked for a return, with a link to process it, in the shop's language (settings). */
export async function queueShopNewRequestEmail(
  tx: Db,
  facts: {
    to: string;
    locale: Locale;
    returnNumber: string;
    orderNumber: string;
    customerEmail: string;
    lines: { name: string; variant: string | null; quantity: number; reason: string; action: string }[];
    comment: string;
    publicUrl: URL;
    now: Date;
  }
): Promise<void> {
  const t = wordsIn(facts.locale).outbox.shopNewRequest;
  const sep = wordsIn(facts.locale).punctuation.labelSeparator;
  const staffUrl = new URL(`/staff/returns/${encodeURIComponent(facts.returnNumber)}`, facts.publicUrl).toString();
  const text = [
    t.intro(facts.returnNumber, facts.orderNumber, facts.customerEmail),
    '',
    ...facts.lines.map(
      (l) => `- ${l.quantity} × ${l.name}${l.variant ? `, ${l.variant}` : ''} — ${t.reason}${sep}${l.reason} — ${t.action}${sep}${l.action}`
    ),
    ...(facts.comment ? ['', `${t.comment}${sep}${facts.comment}`] : []),
    '',
    `${t.process}${sep}${staffUrl}`
  ].join('\n');
  await tx.insert(outbox).values({
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: 'return.created.shop',
    recipient: facts.to,
    payload: { to: facts.to, subject: t.subject(facts.returnNumber), text, html: fillHtml(text, {}) }
  });
}

/**
 * `withheld`: the email is written like any other but never sent (status `withheld`, not listed to
 * staff, purged within the hour). A request that takes an email answers the same whether or not the
 * address is a customer's; writing the same rows either way makes it do the same work too.
 */
const statusOf = (facts: { withheld?: boolean }) => (facts.withheld ? 'withheld' : 'pending');

/** The "email me a sign-in link" email, in the shopper's language; `link` is built from PUBLIC_URL by the caller. */
export async function queueSignInLinkEmail(
  tx: Db,
  facts: { to: string; locale: string; firstName: string; link: string; now: Date; withheld?: boolean }
): Promise<void> {
  const { subject, body } = wordsIn(localeOf(facts.locale)).outbox.signInLink;
  const vars = { first_name: facts.firstName, sign_in_url: facts.link };
  await tx.insert(outbox).values({
    status: statusOf(facts),
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: 'auth.sign_in_link',
    recipient: facts.to,
    payload: { to: facts.to, subject, text: fillText(body, vars), html: fillHtml(body, vars) }
  });
}

/** The order-lookup email, in the shopper's language; `link` (a one-time link) is built from PUBLIC_URL by the caller. */
export async function queueOrderLookupEmail(
  tx: Db,
  facts: { to: string; locale: string; firstName: string; orderNumber: string; link: string; now: Date; withheld?: boolean }
): Promise<void> {
  const { subject, body } = wordsIn(localeOf(facts.locale)).outbox.orderLookup;
  const vars = { first_name: facts.firstName, order_number: facts.orderNumber, order_url: facts.link };
  await tx.insert(outbox).values({
    status: statusOf(facts),
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: 'auth.order_lookup',
    recipient: facts.to,
    payload: { to: facts.to, subject: fillText(subject, vars), text: fillText(body, vars), html: fillHtml(body, vars) }
  });
}

/** The "create your account" or "choose a new password" email; `link` (a one-time link) is built from PUBLIC_URL by the caller. */
export async function queueAccountLinkEmail(
  tx: Db,
  facts: {
    kind: 'verify_email' | 'reset_password';
    to: string;
    locale: string;
    firstName: string;
    link: string;
    now: Date;
    withheld?: boolean;
  }
): Promise<void> {
  const words = wordsIn(localeOf(facts.locale)).outbox;
  const { subject, body } = facts.kind === 'verify_email' ? words.verifyEmail : words.resetPassword;
  const vars = { first_name: facts.firstName, account_url: facts.link };
  const text = fillText(body, vars).replace(/^(Hello|Bonjour) ,/, '$1,');
  await tx.insert(outbox).values({
    status: statusOf(facts),
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: `auth.${facts.kind}`,
    recipient: facts.to,
    payload: { to: facts.to, subject, text, html: fillHtml(body, vars) }
  });
}

/** A plain-text email (its HTML made from the text, escaped) into the outbox, in the caller's transaction. */
export async function queueEmail(tx: Db, facts: { to: string; topic: string; subject: string; text: string; now: Date }): Promise<void> {
  await tx.insert(outbox).values({
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: facts.topic,
    recipient: facts.to,
    payload: { to: facts.to, subject: facts.subject, text: facts.text, html: fillHtml(facts.text, {}) }
  });
}

/** "We received your report": to the shopper who made a claim, in their language, with its lines (nothing to send back). */
export async function queueClaimReceivedEmail(
  tx: Db,
  facts: {
    to: string;
    locale: string;
    firstName: string;
    orderNumber: string;
    returnNumber: string;
    items: { name: string; variant: string | null; quantity: number; reason: string }[];
    publicUrl: URL;
    now: Date;
  }
): Promise<void> {
  const { subject, body } = wordsIn(localeOf(facts.locale)).outbox.claimReceived;
  const vars = {
    first_name: facts.firstName,
    order_number: facts.orderNumber,
    return_number: facts.returnNumber,
    items: facts.items.map((l) => `- ${l.quantity} × ${l.name}${l.variant ? `, ${l.variant}` : ''} — ${l.reason}`).join('\n'),
    return_url: new URL(`/returns/${encodeURIComponent(facts.returnNumber)}`, facts.publicUrl).toString()
  };
  const text = fillText(body, vars).replace(/^(Hello|Bonjour) ,/, '$1,');
  await queueEmail(tx, { to: facts.to, topic: 'claim.received', subject: fillText(subject, vars), text, now: facts.now });
}
