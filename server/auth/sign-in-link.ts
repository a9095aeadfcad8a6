import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customers, oneTimeTokens } from '../db/schema.ts';
import { queueSignInLinkEmail } from '../outbound/outbox.ts';
import { oneTimeLink, spendOneTimeToken } from './one-time-link.ts';
import { randomId, tokenHash } from './tokens.ts';

/** How long an emailed sign-in link works (also in the email text, the SPA and the README). */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;

/** The token's shape: two randomId() values, 240 bits from the CSPRNG. */

/**
 * "Email me a sign-in link": stores SHA-256 of a fresh token (never the token) and writes the email
 * with the link, in one transaction. The same work whether or not `email` is a customer's: for an
 * unknown address the token row names no customer (it can open nothing) and the email is withheld
 * (written, never sent), so neither the answer nor the work tells who is a customer. The link is
 * built from PUBLIC_URL only.
 */
export async function requestSignInLink(
  db: Db,
  input: { email: string; next?: string | undefined },
  ctx: { publicUrl: URL; now: Date }
): Promise<void> {
  const [customer] = await db.select().from(customers).where(eq(customers.email, input.email)).limit(1);
  const token = randomId() + randomId();
  const link = oneTimeLink(ctx.publicUrl, '/sign-in/link', token, { next: input.next });
  await db.transaction(async (tx) => {
    await tx.insert(oneTimeTokens).values({
      tokenHash: tokenHash(token),
      purpose: 'sign_in',
      email: customer?.email ?? input.email,
      customerId: customer?.id ?? null,
      expiresAt: new Date(ctx.now.getTime() + SIGN_IN_LINK_TTL_MS),
      createdAt: ctx.now
    });
    await queueSignInLinkEmail(tx, {
      to: customer?.email ?? input.email,
      locale: customer?.locale ?? 'en',
      firstName: customer?.firstName ?? '',
      link,
      now: ctx.now,
      withheld: !customer
    });
  });
}

/**
 * Uses a sign-in token once: one atomic UPDATE marks it used only if it is a sign-in token, unused
 * and not expired, so two parallel uses cannot both succeed. Returns the customer's id, or null
 * for an unknown, used or expired token (the caller cannot tell which). The customer's email
 * counts as verified from then on: the link reached their mailbox.
 */
export async function consumeSignInLink(db: Db, token: string, now: Date): Promise<number | null> {
  const row = await spendOneTimeToken(db, token, ['sign_in'], now);
  if (!row || row.customerId === null) return null;
  const [customer] = await db
    .update(customers)
    .set({ emailVerifiedAt: now })
    .where(and(eq(customers.id, row.customerId), eq(customers.email, row.email), isNull(customers.emailVerifiedAt)))
    .returning({ id: customers.id });
  if (customer) return customer.id;
  // Already verified: the customer must still exist with the email the link was sent to.
  const [existing] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, row.customerId), eq(customers.email, row.email)))
    .limit(1);
  return existing?.id ?? null;
}
