import { describe, expect, it } from 'vitest';
import { isExchangeAction, isOneSize, offeredForOneSize, priceDifference, sendsReplacement } from './exchanges.ts';

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

describe('a one-size product', () => {
  it('is one variant whose label names no size', () => {
    expect(isOneSize(1, null)).toBe(true);
    expect(isOneSize(1, ' ')).toBe(true);
    expect(isOneSize(1, 'One size')).toBe(true);
    expect(isOneSize(1, 'Taille unique')).toBe(true);
    expect(isOneSize(1, 'M')).toBe(false);
    expect(isOneSize(2, null)).toBe(false);
    expect(isOneSize(0, null)).toBe(false);
  });

  it('is offered neither “Wrong size” nor an exchange for another size; everything else is', () => {
    expect(offeredForOneSize('wrong_size')).toBe(false);
    expect(offeredForOneSize('exchange_size')).toBe(false);
    for (const code of ['defective', 'changed_mind', 'other', 'refund', 'replacement', 'store_credit'])
      expect(offeredForOneSize(code), code).toBe(true);
  });
});

describe('a replacement to send', () => {
  it('when the action asks for one or a replacement variant is recorded', () => {
    expect(sendsReplacement({ actionCode: 'replacement', replacementVariantId: null })).toBe(true);
    expect(sendsReplacement({ actionCode: 'exchange_size', replacementVariantId: null })).toBe(true);
    expect(sendsReplacement({ actionCode: 'refund', replacementVariantId: 7 })).toBe(true);
    expect(sendsReplacement({ actionCode: 'refund', replacementVariantId: null })).toBe(false);
  });
});
