import { readFileSync } from 'node:fs';
import { ApiError } from '../http/errors.ts';

/**
 * Passwords people pick first, refused for shopper accounts (compared lower-cased):
 * `common-passwords.txt` beside this file, one a line.
 */
const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean)
);

export const isCommonPassword = (password: string): boolean => COMMON.has(password.trim().toLowerCase());

/** Refuses a new password found in the list, with 422 `common_password` on `field`. */
export function refuseCommonPassword(password: string, field: string): void {
  if (isCommonPassword(password)) {
    throw new ApiError(422, 'common_password', 'This password is among the most common ones: choose another.', {
      fields: { [field]: 'common_password' }
    });
  }
}
