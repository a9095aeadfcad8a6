import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customers, customerSessions, oneTimeTokens } from '../db/schema.ts';
import { queueAccountLinkEmail } from '../outbound/outbox.ts';
import { isLiveOneTimeToken, oneTimeLink, spendAllOneTimeTokens, spendOneTimeToken } from './one-time-link.ts';
import type { Passwords } from './passwords.ts';
import { SIGN_IN_LINK_TTL_MS } from './sign-in-link.ts';
import { randomId, tokenHash } from './tokens.ts';

/** Account links (create an account / claim a guest's orders, reset a password) work once, for as long as a sign-in link. */
export const ACCOUNT_LINK_TTL_MS = SIGN_IN_LINK_TTL_MS;

type Purpose = 'verify_email' | 'reset_password';
const ACCOUNT_LINKS: readonly Purpose[] = ['verify_email', 'reset_password'];

async function issue(
  db: Db,
  purpose: Purpose,
  to: { email: string; customerId: number | null; locale: string; firstName: string },
  ctx: { publicUrl: URL; now: Date },
  withheld = false
): Promise<void> {
  const token = randomId() + randomId();
  const link = oneTimeLink(ctx.publicUrl, '/account/password', token);
  await db.transaction(async (tx) => {
    await tx.insert(oneTimeTokens).values({
      tokenHash: tokenHash(token),
      purpose,
      email: to.email,
      customerId: to.customerId,
      expiresAt: new Date(ctx.now.getTime() + ACCOUNT_LINK_TTL_MS),
      createdAt: ctx.now
    });
    await queueAccountLinkEmail(tx, {
      kind: purpose,
      to: to.email,
      locale: to.locale,
      firstName: to.firstName,
      link,
      now: ctx.now,
      withheld
    });
  });
}

/**
 * "Create an account": an email with a link to choose a password. A new address gets a
 * verification link (the account is created when the password is chosen); a guest pushed by the
 * shop (no password) gets the same link, which claims its orders; an account that has a password
 * gets a reset link instead. The caller answers the same in every case.
 */
export async function requestSignUp(db: Db, input: { email: string; locale: string }, ctx: { publicUrl: URL; now: Date }) {
  const [customer] = await db.select().from(customers).where(eq(customers.email, input.email)).limit(1);
  if (!customer) {
    return issue(db, 'verify_email', { email: input.email, customerId: null, locale: input.locale, firstName: '' }, ctx);
  }
  const purpose: Purpose = customer.passwordHash ? 'reset_password' : 'verify_email';
  return issue(
    db,
    purpose,
    { email: customer.email, customerId: customer.id, locale: customer.locale, firstName: customer.firstName },
    ctx
  );
}

/**
 * "Forgot password": a reset link when the address is a customer's (a guest's too: it claims the
 * account). For any other address the same work: a token row naming no customer (a reset link
 * without one opens nothing) and the same email, withheld (written, never sent).
 */
export async function requestPasswordReset(db: Db, input: { email: string }, ctx: { publicUrl: URL; now: Date }) {
  const [customer] = await db.select().from(customers).where(eq(customers.email, input.email)).limit(1);
  if (!customer) {
    return issue(db, 'reset_password', { email: input.email, customerId: null, locale: 'en', firstName: '' }, ctx, true);
  }
  return issue(
    db,
    'reset_password',
    { email: customer.email, customerId: customer.id, locale: customer.locale, firstName: customer.firstName },
    ctx
  );
}

/**
 * Uses an account link once and sets the password: creates the customer for a new address, sets
 * the password of a guest or an account, marks the email verified, ends every session of that
 * customer and spends every other unused account link sent to them (an older reset or sign-up
 * link stops working). Returns the customer's id, or null for an unknown, used or expired token
 * (or one of another purpose, a sign-in or lookup token included). The token is checked before
 * the password is hashed: a bad link costs no argon2.
 */
export async function useAccountLink(db: Db, token: string, password: string, now: Date, passwords: Passwords): Promise<number | null> {
  if (!(await isLiveOneTimeToken(db, token, ACCOUNT_LINKS, now))) return null;
  const passwordHash = await passwords.hash(password);
  return db.transaction(async (tx) => {
    const row = await spendOneTimeToken(tx, token, ACCOUNT_LINKS, now);
    if (!row) return null;
    // A reset link names its customer; one naming none opens nothing.
    if (row.customerId === null && row.purpose === 'reset_password') return null;
    let customerId = row.customerId;
    if (customerId === null) {
      // A new account, unless the address became a customer's since the link was sent.
      const [created] = await tx
        .insert(customers)
        .values({ email: row.email, firstName: '', passwordHash, emailVerifiedAt: now })
        .onConflictDoNothing()
        .returning({ id: customers.id });
      if (created) {
        await spendAllOneTimeTokens(tx, { customerId: created.id, email: row.email }, ACCOUNT_LINKS, now);
        return created.id;
      }
      const [existing] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.email, row.email)).limit(1);
      if (!existing) return null;
      customerId = existing.id;
    }
    const [updated] = await tx
      .update(customers)
      .set({ passwordHash, emailVerifiedAt: now })
      .where(and(eq(customers.id, customerId), eq(customers.email, row.email)))
      .returning({ id: customers.id });
    if (!updated) return null;
    await tx.delete(customerSessions).where(eq(customerSessions.customerId, updated.id));
    await spendAllOneTimeTokens(tx, { customerId: updated.id, email: row.email }, ACCOUNT_LINKS, now);
    return updated.id;
  });
}
