import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature, on the shop's requests and on Reprise's webhooks. */
export const SIGNATURE_HEADER = 'Reprise-Signature';

/** A signature is accepted this long before or after its timestamp (replays are refused after). */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * Which way a signed request goes. Each direction signs different bytes, so a captured push cannot
 * be passed off as a webhook, nor a webhook as a push: the shop's push signs `<t>.<body>`,
 * Reprise's webhooks sign `webhook.<t>.<body>`, and the shop's portal links (below) sign
 * `link.v1.<order number>.<exp>`: none of the three can be passed off as another.
 */
export type SignedDirection = 'push' | 'webhook';

const PREFIX: Record<SignedDirection, string> = { push: '', webhook: 'webhook.' };

/** Hex HMAC-SHA256 of `<t>.<body>` (push) or `webhook.<t>.<body>` (webhook) with the shared secret (a string body is taken as UTF-8). */
export function hmacHex(secret: string, timestamp: number, body: string | Uint8Array, direction: SignedDirection = 'push'): string {
  return createHmac('sha256', secret).update(`${PREFIX[direction]}${timestamp}.`).update(body).digest('hex');
}

/**
 * The `Reprise-Signature` value for `body` sent at `now`: `t=<unix seconds>,v1=<hex>`. Reprise
 * itself only signs what it sends, its webhooks, hence the default direction.
 */
export function signatureHeader(secret: string, body: string, now: Date, direction: SignedDirection = 'webhook'): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, t, body, direction)}`;
}

/** On success: the signed timestamp `t` and the matching HMAC (hex), which identifies this signed request. */
export type SignatureCheck = { ok: true; t: number; v1: string } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Checks a `Reprise-Signature` header against the raw body (by default as a shop's push, `<t>.<body>`): the timestamp must be within
 * ±5 minutes of `now`, and one of the `v1` values (several are allowed while a secret is being
 * changed) must equal the HMAC, compared in constant time.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string | Uint8Array,
  now: Date,
  direction: SignedDirection = 'push'
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 0) return { ok: false, reason: 'malformed' };
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || t !== undefined) return { ok: false, reason: 'malformed' };
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return { ok: false, reason: 'malformed' };
      candidates.push(value.toLowerCase());
    }
  }
  if (t === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > SIGNATURE_TOLERANCE_S) return { ok: false, reason: 'expired' };
  const hex = hmacHex(secret, t, body, direction);
  const expected = Buffer.from(hex, 'hex');
  let match = false;
  for (const candidate of candidates) {
    // Every candidate is compared (no early exit), each in constant time; lengths are equal (64 hex).
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) match = true;
  }
  return match ? { ok: true, t, v1: hex } : { ok: false, reason: 'mismatch' };
}

/** The version and direction prefix of a signed portal link: `link.v1.<order number>.<exp>` is what is signed. */
export const PORTAL_LINK_PREFIX = 'link.v1.';

/** The exact string a portal link signs (the format is documented in the README, "Put the portal in your emails"). */
export const portalLinkString = (orderNumber: string, exp: number): string => `${PORTAL_LINK_PREFIX}${orderNumber}.${exp}`;

/** Hex HMAC-SHA256 of a portal link's string with the shop secret. */
export function portalLinkHmac(secret: string, orderNumber: string, exp: number): string {
  return createHmac('sha256', secret).update(portalLinkString(orderNumber, exp), 'utf8').digest('hex');
}

/**
 * Whether `sig` (64 hex) signs `link.v1.<orderNumber>.<exp>` with one of `secrets` (the current
 * SHOP_SECRET and, while it is being changed, SHOP_SECRET_PREVIOUS), each compared in constant time.
 */
export function portalLinkSignedBy(secrets: readonly string[], orderNumber: string, exp: number, sig: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(sig)) return false;
  const given = Buffer.from(sig.toLowerCase(), 'hex');
  let match = false;
  for (const secret of secrets) {
    if (timingSafeEqual(Buffer.from(portalLinkHmac(secret, orderNumber, exp), 'hex'), given)) match = true;
  }
  return match;
}
