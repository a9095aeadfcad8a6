import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, CLIENT_ERROR_CODES, isErrorCode } from './error-codes.ts';

describe('the list of error codes', () => {
  it('knows the API’s codes and the SPA’s own, and nothing else (not even an inherited key)', () => {
    expect(isErrorCode('credit_over_received')).toBe(true);
    expect(isErrorCode('network_error')).toBe(true);
    for (const code of ['credit_over_recieved', '', 'toString', '__proto__', 'constructor']) expect(isErrorCode(code)).toBe(false);
  });

  it('writes every code in snake_case with what it means, once on one side only', () => {
    for (const [code, meaning] of [...Object.entries(API_ERROR_CODES), ...Object.entries(CLIENT_ERROR_CODES)]) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(meaning.length, code).toBeGreaterThan(10);
    }
    expect(Object.keys(API_ERROR_CODES).filter((code) => Object.hasOwn(CLIENT_ERROR_CODES, code))).toEqual([]);
  });
});
