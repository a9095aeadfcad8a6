import { createHash, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 24 base32 characters from 15 random bytes: 120 bits from the CSPRNG. */
export function randomId(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** A session token `id.secret`: the id finds the row, only SHA-256(secret) is stored. */
export function generateSessionToken(): { id: string; secret: string; token: string } {
  const id = randomId();
  const secret = randomId();
  return { id, secret, token: `${id}.${secret}` };
}

// SHA-256 from node:crypto (native): every signed-in request hashes its session secret, and a
// JavaScript SHA-256 cost more than the rest of the session check.
export function hashSecret(secret: string): Uint8Array {
  return createHash('sha256').update(secret).digest();
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

export function splitToken(token: string): { id: string; secret: string } | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[a-z2-7]{24}$/.test(parts[0]!) || !/^[a-z2-7]{24}$/.test(parts[1]!)) return null;
  return { id: parts[0]!, secret: parts[1]! };
}

/** Hex SHA-256 of a whole one-time token, for tables keyed by the hash. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
