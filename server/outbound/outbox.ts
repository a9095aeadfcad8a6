import { and, eq } from 'drizzle-orm';
import type { Locale } from '#shared/states.ts';
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
  const locale: Locale = facts.locale === 'fr' ? 'fr' : 'en';
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

/** Tells the shop's service address that a shopper asked for a return, with a link to process it. */
export async function queueShopNewRequestEmail(
  tx: Db,
  facts: {
    to: string;
    returnNumber: string;
    orderNumber: string;
    customerEmail: string;
    lines: { name: string; variant: string | null; quantity: number; reason: string; action: string }[];
    comment: string;
    publicUrl: URL;
    now: Date;
  }
): Promise<void> {
  const staffUrl = new URL(`/staff/returns/${encodeURIComponent(facts.returnNumber)}`, facts.publicUrl).toString();
  const text = [
    `New return request ${facts.returnNumber} for order ${facts.orderNumber} from ${facts.customerEmail}:`,
    '',
    ...facts.lines.map(
      (l) => `- ${l.quantity} × ${l.name}${l.variant ? `, ${l.variant}` : ''} — reason: ${l.reason} — action: ${l.action}`
    ),
    ...(facts.comment ? ['', `Customer comment: ${facts.comment}`] : []),
    '',
    `Process it: ${staffUrl}`
  ].join('\n');
  await tx.insert(outbox).values({
    createdAt: facts.now,
    nextAttemptAt: facts.now,
    kind: 'email',
    topic: 'return.created.shop',
    recipient: facts.to,
    payload: { to: facts.to, subject: `New return request ${facts.returnNumber}`, text, html: fillHtml(text, {}) }
  });
}

/**
 * `withheld`: the email is written like any other but never sent (status `withheld`, not listed to
 * staff, purged within the hour). A request that takes an email answers the same whether or not the
 * address is a customer's; writing the same rows either way makes it do the same work too.
 */
const statusOf = (facts: { withheld?: boolean }) => (facts.withheld ? 'withheld' : 'pending');

const SIGN_IN_LINK_TEXT: Record<Locale, { subject: string; body: string }> = {
  en: {
    subject: 'Your sign-in link',
    body: [
      'Hello [[first_name]],',
      '',
      'Use this link to sign in to your returns portal. It works once, for 15 minutes:',
      '[[sign_in_url]]',
      '',
      'If you did not ask for it, you can ignore this email.'
    ].join('\n')
  },
  fr: {
    subject: 'Votre lien de connexion',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Utilisez ce lien pour vous connecter à votre espace retours. Il fonctionne une seule fois, pendant 15 minutes :',
      '[[sign_in_url]]',
      '',
      'Si vous ne l’avez pas demandé, ignorez cet e-mail.'
    ].join('\n')
  }
};

/** The "email me a sign-in link" email, in the shopper's language; `link` is built from PUBLIC_URL by the caller. */
export async function queueSignInLinkEmail(
  tx: Db,
  facts: { to: string; locale: string; firstName: string; link: string; now: Date; withheld?: boolean }
): Promise<void> {
  const locale: Locale = facts.locale === 'fr' ? 'fr' : 'en';
  const { subject, body } = SIGN_IN_LINK_TEXT[locale];
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

const ORDER_LOOKUP_TEXT: Record<Locale, { subject: string; body: string }> = {
  en: {
    subject: 'Your link to order [[order_number]]',
    body: [
      'Hello [[first_name]],',
      '',
      'Use this link to open your order [[order_number]] and its returns. It works once, for 15 minutes:',
      '[[order_url]]',
      '',
      'If you did not ask for it, you can ignore this email.'
    ].join('\n')
  },
  fr: {
    subject: 'Votre lien vers la commande [[order_number]]',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Utilisez ce lien pour ouvrir votre commande [[order_number]] et ses retours. Il fonctionne une seule fois, pendant 15 minutes :',
      '[[order_url]]',
      '',
      'Si vous ne l’avez pas demandé, ignorez cet e-mail.'
    ].join('\n')
  }
};

/** The order-lookup email, in the shopper's language; `link` (a one-time link) is built from PUBLIC_URL by the caller. */
export async function queueOrderLookupEmail(
  tx: Db,
  facts: { to: string; locale: string; firstName: string; orderNumber: string; link: string; now: Date; withheld?: boolean }
): Promise<void> {
  const locale: Locale = facts.locale === 'fr' ? 'fr' : 'en';
  const { subject, body } = ORDER_LOOKUP_TEXT[locale];
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

const ACCOUNT_LINK_TEXT: Record<'verify_email' | 'reset_password', Record<Locale, { subject: string; body: string }>> = {
  verify_email: {
    en: {
      subject: 'Create your returns account',
      body: [
        'Hello [[first_name]],',
        '',
        'Use this link to choose a password for your returns account (your earlier orders with this address are in it). It works once, for 15 minutes:',
        '[[account_url]]',
        '',
        'If you did not ask for it, you can ignore this email.'
      ].join('\n')
    },
    fr: {
      subject: 'Créez votre compte retours',
      body: [
        'Bonjour [[first_name]],',
        '',
        'Utilisez ce lien pour choisir le mot de passe de votre compte retours (vos commandes passées avec cette adresse y sont). Il fonctionne une seule fois, pendant 15 minutes :',
        '[[account_url]]',
        '',
        'Si vous ne l’avez pas demandé, ignorez cet e-mail.'
      ].join('\n')
    }
  },
  reset_password: {
    en: {
      subject: 'Choose a new password',
      body: [
        'Hello [[first_name]],',
        '',
        'Use this link to choose a new password for your returns account; your other sessions will be signed out. It works once, for 15 minutes:',
        '[[account_url]]',
        '',
        'If you did not ask for it, you can ignore this email: your password stays as it is.'
      ].join('\n')
    },
    fr: {
      subject: 'Choisissez un nouveau mot de passe',
      body: [
        'Bonjour [[first_name]],',
        '',
        'Utilisez ce lien pour choisir un nouveau mot de passe pour votre compte retours ; vos autres sessions seront fermées. Il fonctionne une seule fois, pendant 15 minutes :',
        '[[account_url]]',
        '',
        'Si vous ne l’avez pas demandé, ignorez cet e-mail : votre mot de passe ne change pas.'
      ].join('\n')
    }
  }
};

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
  const locale: Locale = facts.locale === 'fr' ? 'fr' : 'en';
  const { subject, body } = ACCOUNT_LINK_TEXT[facts.kind][locale];
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
