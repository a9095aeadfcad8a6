import { eq } from 'drizzle-orm';
import type { PortalTarget } from '#shared/schemas/links.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { orders } from '../db/schema.ts';
import { portalLinkHmac, portalLinkSignedBy } from '../outbound/signature.ts';

/**
 * Signed portal links, the links a shop puts in its own emails: `/o/{number}?exp=<unix>&sig=<hex>`
 * where `sig` is HMAC-SHA256 of `link.v1.<number>.<exp>` with SHOP_SECRET (see signature.ts and the
 * README, "Put the portal in your emails"). A valid one is traded for an order-scoped session.
 */

/** A link may not be valid further ahead than this: a link that never expires is refused. */
export const PORTAL_LINK_MAX_AHEAD_S = 366 * 86_400;

/** The secrets a link may be signed with: SHOP_SECRET and, while it is being changed, SHOP_SECRET_PREVIOUS. */
export function linkSecrets(config: Config): string[] {
  return [config.shopSecret, config.shopSecretPrevious].filter((s): s is string => Boolean(s));
}

/** The link to `number` valid until `exp` (unix seconds), signed with `secret`, from PUBLIC_URL. */
export function buildPortalLink(
  publicUrl: URL,
  secret: string,
  link: { number: string; exp: number; to?: PortalTarget | undefined; lang?: 'en' | 'fr' | undefined }
): string {
  const url = new URL(`/o/${encodeURIComponent(link.number)}`, publicUrl);
  url.searchParams.set('exp', String(link.exp));
  url.searchParams.set('sig', portalLinkHmac(secret, link.number, link.exp));
  if (link.to && link.to !== 'order') url.searchParams.set('to', link.to);
  if (link.lang) url.searchParams.set('lang', link.lang);
  return url.toString();
}

/**
 * The order a link opens, or null when it is not signed by the shop, has expired, is valid too far
 * ahead, or names no order: the caller answers all of them the same way, so a link reveals
 * nothing about which orders exist.
 */
export async function orderOfPortalLink(
  db: Db,
  secrets: readonly string[],
  link: { number: string; exp: string; sig: string },
  now: Date
): Promise<{ orderId: number; customerId: number; number: string } | null> {
  if (secrets.length === 0) return null;
  const exp = Number(link.exp);
  const nowS = Math.floor(now.getTime() / 1000);
  if (!Number.isSafeInteger(exp) || exp <= nowS || exp > nowS + PORTAL_LINK_MAX_AHEAD_S) return null;
  if (!portalLinkSignedBy(secrets, link.number, exp, link.sig)) return null;
  const [order] = await db
    .select({ orderId: orders.id, customerId: orders.customerId, number: orders.number })
    .from(orders)
    .where(eq(orders.number, link.number))
    .limit(1);
  return order ?? null;
}
