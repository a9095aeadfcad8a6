import { argon2Passwords, type Passwords } from '../../server/auth/passwords.ts';

/**
 * The tests' password hasher: argon2id at a token cost (about 0.1 ms a hash instead of ~40 ms), given to
 * the app through `deps.passwords` and used by the fixtures. Production's cost is asserted in
 * server/auth/passwords.test.ts; a hash carries its own cost, so either side verifies the other's.
 */
export const testPasswords = argon2Passwords({ memoryCost: 64, timeCost: 1, parallelism: 1 });

/** The tests' hasher, counting the argon2 work the app asks of it (hashes and verifications), for tests of work done. */
export function countingPasswords(inner: Passwords = testPasswords) {
  const count = { hash: 0, verify: 0 };
  const passwords: Passwords = {
    hash: (password) => (count.hash++, inner.hash(password)),
    verify: (stored, password) => (count.verify++, inner.verify(stored, password))
  };
  return { passwords, count, reset: () => Object.assign(count, { hash: 0, verify: 0 }) };
}
