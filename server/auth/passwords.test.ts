import { describe, expect, it } from 'vitest';
import { argon2Passwords, hashPassword, PRODUCTION_ARGON2, productionPasswords } from './passwords.ts';

describe('password hashing', () => {
  it('runs in production at OWASP’s argon2id baseline: m=19456, t=2, p=1', async () => {
    expect(PRODUCTION_ARGON2).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(await productionPasswords.hash('correct horse battery')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('correct horse battery')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('verifies a hash made at another cost (each hash carries its own), and refuses a wrong or missing one', async () => {
    const cheap = argon2Passwords({ memoryCost: 64, timeCost: 1, parallelism: 1 });
    const stored = await cheap.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await productionPasswords.verify(stored, 'correct horse battery')).toBe(true);
    expect(await productionPasswords.verify(stored, 'wrong horse battery')).toBe(false);
    expect(await productionPasswords.verify(null, 'correct horse battery')).toBe(false);
    expect(await productionPasswords.verify('not a hash', 'correct horse battery')).toBe(false);
  });
});
