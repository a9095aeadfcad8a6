import { hash, verify, type Options } from '@node-rs/argon2';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, not importable under type stripping)

/** argon2id's cost: memory in KiB, passes, lanes. */
export type Argon2Cost = { memoryCost: number; timeCost: number; parallelism: number };

/** OWASP's argon2id baseline: 19 MiB memory, 2 passes, 1 lane. The only cost the server ever runs with. */
export const PRODUCTION_ARGON2: Argon2Cost = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Hashes and checks passwords. The app takes one through `deps.passwords`; only tests build a cheaper one. */
export type Passwords = {
  hash(password: string): Promise<string>;
  /**
   * Verifies a password. With no stored hash (unknown account) it still runs one argon2 verification,
   * so an unknown email takes as long as a wrong password.
   */
  verify(stored: string | null | undefined, password: string): Promise<boolean>;
};

/** A hasher at `cost` (verification reads the cost stored in each hash). */
export function argon2Passwords(cost: Argon2Cost): Passwords {
  const options: Options = { algorithm: ARGON2ID as Options['algorithm'], ...cost };
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      if (!stored) {
        dummyHash ??= hash('reprise-dummy-password', options);
        await verify(await dummyHash, password).catch(() => false);
        return false;
      }
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    }
  };
}

/** Production's hasher: what `createApp` uses unless its caller passes another (no setting or variable changes it). */
export const productionPasswords: Passwords = argon2Passwords(PRODUCTION_ARGON2);
export const hashPassword = productionPasswords.hash;
export const verifyPassword = productionPasswords.verify;
