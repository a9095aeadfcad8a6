import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` is the HMAC-SHA256 of the raw bytes with `secret`, in the encoding the platform
 * sends (base64 for Shopify and WooCommerce, hex for Shopware). Compared in constant time over the
 * decoded bytes; a missing or wrongly sized value is simply false.
 */
export function hmacMatches(secret: string, raw: Uint8Array, given: string | undefined, encoding: 'base64' | 'hex'): boolean {
  if (!given) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const pattern = encoding === 'hex' ? /^[0-9a-fA-F]{64}$/ : /^[A-Za-z0-9+/]{43}=$/;
  if (!pattern.test(given.trim())) return false;
  return timingSafeEqual(expected, Buffer.from(given.trim(), encoding));
}

/** Whether a token (e.g. from the delivery URL) is the secret, in constant time (through their hashes, so lengths need not match). */
export function tokenMatches(secret: string, given: string | undefined): boolean {
  if (!given) return false;
  const digest = (s: string) => createHmac('sha256', 'reprise-token').update(s).digest();
  return timingSafeEqual(digest(secret), digest(given));
}
