import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customers, oneTimeTokens, orders } from '../db/schema.ts';
import { queueOrderLookupEmail } from '../outbound/outbox.ts';
import { oneTimeLink, spendOneTimeToken } from './one-time-link.ts';
import { SIGN_IN_LINK_TTL_MS } from './sign-in-link.ts';
import { randomId, tokenHash } from './tokens.ts';

/** An order-lookup link works once, for as long as a sign-in link (15 minutes; also in the email and the README). */
export const ORDER_LOOKUP_TTL_MS = SIGN_IN_LINK_TTL_MS;

/** The token's shape: two randomId() values, 240 bits from the CSPRNG (as the sign-in link's). */

/**
 * Order lookup without a password: when `orderNumber` is an order placed with `email`, emails a
 * one-time link to it. The same work either way: one lookup, a fresh token, one token row (for no
 * match, a row that names no order and can open nothing) and one email row (for no match, withheld:
 * written, never sent), so neither the answer nor the work tells whether the order exists. Only
 * SHA-256 of the token is stored.
 */
export async function requestOrderLookup(
  db: Db,
  input: { orderNumber: string; email: string },
  ctx: { publicUrl: URL; now: Date }
): Promise<void> {
  const [match] = await db
    .select({
      orderId: orders.id,
      number: orders.number,
      customerId: customers.id,
      firstName: customers.firstName,
      locale: customers.locale
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(orders.number, input.orderNumber), sql`lower(${orders.email}) = ${input.email}`))
    .limit(1);
  const token = randomId() + randomId();
  const link = oneTimeLink(ctx.publicUrl, '/lookup/link', token);
  await db.transaction(async (tx) => {
    await tx.insert(oneTimeTokens).values({
      tokenHash: tokenHash(token),
      purpose: 'order_access',
      email: input.email,
      customerId: match?.customerId ?? null,
      orderId: match?.orderId ?? null,
      expiresAt: new Date(ctx.now.getTime() + ORDER_LOOKUP_TTL_MS),
      createdAt: ctx.now
    });
    // No match: the same email, withheld (written, never sent), so a match writes nothing more.
    await queueOrderLookupEmail(tx, {
      to: input.email,
      locale: match?.locale ?? 'en',
      firstName: match?.firstName ?? '',
      orderNumber: match?.number ?? input.orderNumber,
      link,
      now: ctx.now,
      withheld: !match
    });
  });
}

/**
 * Uses an order-lookup token once (one atomic UPDATE: an order-access token, unused, unexpired,
 * naming an order still placed with the email it was sent to). Returns the order, or null for
 * anything else, a sign-in token included.
 */
export async function consumeOrderLookup(
  db: Db,
  token: string,
  now: Date
): Promise<{ orderId: number; customerId: number; number: string } | null> {
  const row = await spendOneTimeToken(db, token, ['order_access'], now);
  if (!row || row.orderId === null) return null;
  const [order] = await db
    .select({ orderId: orders.id, customerId: orders.customerId, number: orders.number })
    .from(orders)
    .where(and(eq(orders.id, row.orderId), sql`lower(${orders.email}) = ${row.email}`))
    .limit(1);
  return order ?? null;
}
