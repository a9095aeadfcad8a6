import { describe, expect, it } from 'vitest';
import { isExchangeAction, priceDifference } from './exchanges.ts';

describe('the price difference of an exchange', () => {
  it('is (replacement price − price paid) × units: positive the shopper owes, negative the shop owes', () => {
    expect(priceDifference(2000, 2000, 3)).toBe(0);
    expect(priceDifference(2500, 2000, 2)).toBe(1000);
    expect(priceDifference(1500, 2000, 2)).toBe(-1000);
  });

  it('takes only whole minor units', () => {
    expect(() => priceDifference(19.5, 2000, 1)).toThrow(RangeError);
    expect(() => priceDifference(2000, 2000, -1)).toThrow(RangeError);
  });

  it('knows which actions are exchanges', () => {
    expect(isExchangeAction('exchange_size')).toBe(true);
    expect(isExchangeAction('replacement')).toBe(false);
    expect(isExchangeAction('refund')).toBe(false);
  });
});
