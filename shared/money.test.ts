import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, isCurrency, parseMoney, typedMoney } from './money.ts';

// Narrow no-break spaces and no-break spaces in French amounts read as spaces here.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money in the currency’s own minor units', () => {
  it('knows each currency’s decimals', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('shows 4500 minor units as €45.00, ¥4,500 and KWD 4.500, in English and French', () => {
    expect(formatMoney(4500, 'EUR', 'en')).toBe('€45.00');
    expect(plain(formatMoney(4500, 'EUR', 'fr'))).toBe('45,00 €');
    expect(formatMoney(4500, 'JPY', 'en')).toBe('¥4,500');
    expect(plain(formatMoney(4500, 'JPY', 'fr'))).toBe('4 500 JPY');
    expect(plain(formatMoney(4500, 'KWD', 'en'))).toBe('KWD 4.500');
    expect(plain(formatMoney(4500, 'KWD', 'fr'))).toBe('4,500 KWD');
  });

  it('shows small, negative and large amounts exactly', () => {
    expect(formatMoney(5, 'EUR', 'en')).toBe('€0.05');
    expect(plain(formatMoney(-1250, 'KWD', 'en'))).toBe('-KWD 1.250');
    expect(formatMoney(9_007_199_254_740_991, 'EUR', 'en')).toBe('€90,071,992,547,409.91');
    expect(() => formatMoney(1.5, 'EUR', 'en')).toThrow(RangeError);
  });

  it('writes an amount for a form field as staff type it, and reads it back', () => {
    expect(typedMoney(4550, 'EUR', 'en')).toBe('45.50');
    expect(typedMoney(4550, 'EUR', 'fr')).toBe('45,50');
    expect(typedMoney(450000, 'JPY', 'en')).toBe('450000');
    expect(typedMoney(1250, 'KWD', 'fr')).toBe('1,250');
    for (const [minor, currency] of [
      [4550, 'EUR'],
      [450000, 'JPY'],
      [1250, 'KWD'],
      [0, 'KWD']
    ] as const) {
      for (const locale of ['en', 'fr']) expect(parseMoney(typedMoney(minor, currency, locale), currency)).toBe(minor);
    }
  });

  it('reads amounts typed by staff in the currency’s digits', () => {
    expect(parseMoney('45', 'EUR')).toBe(4500);
    expect(parseMoney(' 45.5 ', 'EUR')).toBe(4550);
    expect(parseMoney('45,50', 'EUR')).toBe(4550);
    expect(parseMoney('4500', 'JPY')).toBe(4500);
    expect(parseMoney('45.5', 'JPY')).toBeNull();
    expect(parseMoney('1,25', 'KWD')).toBe(1250);
    expect(parseMoney('1.005', 'KWD')).toBe(1005);
    expect(parseMoney('1.005', 'EUR')).toBeNull();
    for (const bad of ['', '-1', '1e3', '1 000', '1,000.00', 'abc', '45.', '.5', '99999999999999999'])
      expect(parseMoney(bad, 'EUR')).toBeNull();
  });

  it('knows the ISO 4217 codes and refuses a well-formed code that is none', () => {
    for (const code of ['EUR', 'JPY', 'KWD', 'USD', 'CHF']) expect(isCurrency(code)).toBe(true);
    for (const code of ['XYZ', 'ABC', 'eur', 'EURO', '']) expect(isCurrency(code)).toBe(false);
  });
});
