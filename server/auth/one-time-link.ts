import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { oneTimeTokens } from '../db/schema.ts';
import { tokenHash } from './tokens.ts';

/**
 * Every link Reprise emails with a one-time secret in it (sign-in, order lookup, and any kind added
 * later) is built here and carries the secret in one place: its `token` query parameter. That is
 * what lets `maskOneTimeTokens` hide every such secret from anyone but the mailbox it was sent to:
 * the relay sends the real link, the staff Emails page and its API only ever show `token=•••`.
 */

/** What a masked secret reads as. */
export const MASK = '•••';

/** The query parameter that carries a one-time secret in every emailed link. */
const TOKEN_PARAM = 'token';

/** A link to `path` on the public URL carrying `token`, plus the other query parameters given (in order). */
export function oneTimeLink(publicUrl: URL, path: string, token: string, extra: Record<string, string | undefined> = {}): string {
  const link = new URL(path, publicUrl);
  link.searchParams.set(TOKEN_PARAM, token);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') link.searchParams.set(k, v);
  return link.toString();
}

// `token=` after `?`, `&` or an HTML-escaped `&amp;`, up to the end of the value (whatever it holds).
const TOKEN_VALUE = new RegExp(`([?&]|&amp;)${TOKEN_PARAM}=[^\\s&#"'<>]*`, 'gi');

/** The text with the secret of every one-time link replaced by `•••` (plain text and HTML alike). */
export function maskOneTimeTokens(text: string): string {
  return text.replace(TOKEN_VALUE, `$1${TOKEN_PARAM}=${MASK}`);
}

/** The shape of every one-time secret (48 base-32 characters); anything else is refused unread. */
export const TOKEN_SHAPE = /^[a-z2-7]{48}$/;

type TokenPurpose = (typeof oneTimeTokens.$inferSelect)['purpose'];

/** The row of `token` while it can be spent: one of `purposes`, unused, unexpired. */
const liveToken = (token: string, purposes: readonly TokenPurpose[], now: Date) =>
  and(
    eq(oneTimeTokens.tokenHash, tokenHash(token)),
    inArray(oneTimeTokens.purpose, [...purposes]),
    isNull(oneTimeTokens.usedAt),
    gt(oneTimeTokens.expiresAt, now)
  );

/**
 * Uses a one-time token once: one atomic UPDATE marks it used only if it has one of `purposes`, is
 * unused and not expired, so two parallel uses cannot both succeed. Returns what the token names,
 * or null for a malformed, unknown, used, expired or other-purpose token (the caller cannot tell which).
 */
export async function spendOneTimeToken(db: Db, token: string, purposes: readonly TokenPurpose[], now: Date) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(liveToken(token, purposes, now))
    .returning({
      purpose: oneTimeTokens.purpose,
      customerId: oneTimeTokens.customerId,
      orderId: oneTimeTokens.orderId,
      email: oneTimeTokens.email
    });
  return row ?? null;
}

/**
 * True when `token` could be spent now (well-formed, known, one of `purposes`, unused, unexpired),
 * without spending it: lets a caller refuse a bad link before any slow work (argon2). The spend
 * itself stays the atomic UPDATE of `spendOneTimeToken`.
 */
export async function isLiveOneTimeToken(db: Db, token: string, purposes: readonly TokenPurpose[], now: Date): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const [row] = await db
    .select({ purpose: oneTimeTokens.purpose })
    .from(oneTimeTokens)
    .where(liveToken(token, purposes, now))
    .limit(1);
  return row !== undefined;
}

/** Spends every unused token of `purposes` sent to this customer or to this address (older links stop working). */
export async function spendAllOneTimeTokens(
  db: Db,
  to: { customerId: number; email: string },
  purposes: readonly TokenPurpose[],
  now: Date
): Promise<void> {
  await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        inArray(oneTimeTokens.purpose, [...purposes]),
        isNull(oneTimeTokens.usedAt),
        or(eq(oneTimeTokens.customerId, to.customerId), eq(oneTimeTokens.email, to.email))
      )
    );
}
