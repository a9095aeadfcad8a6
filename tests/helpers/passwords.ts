import { argon2Passwords } from '../../server/auth/passwords.ts';

/**
 * The tests' password hasher: argon2id at a token cost (about 0.1 ms a hash instead of ~40 ms), given to
 * the app through `deps.passwords` and used by the fixtures. Production's cost is asserted in
 * server/auth/passwords.test.ts; a hash carries its own cost, so either side verifies the other's.
 */
export const testPasswords = argon2Passwords({ memoryCost: 64, timeCost: 1, parallelism: 1 });
