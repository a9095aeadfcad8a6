import { describe, expect, it } from 'vitest';
import {
  creditableCents,
  creditTotals,
  defaultCondition,
  defaultLineMethod,
  percentOf,
  returnMethod,
  shippingDeduction
} from './settlement.ts';

describe('the rounding rule (percentOf)', () => {
  it('rounds half up to a whole minor unit', () => {
    expect(percentOf(250, 5)).toBe(13); // 12.5 → 13
    expect(percentOf(249, 5)).toBe(12); // 12.45 → 12
    expect(percentOf(1999, 10)).toBe(200); // 199.9 → 200
    expect(percentOf(0, 15)).toBe(0);
    expect(percentOf(4500, 100)).toBe(4500);
  });
  it('refuses fractional or negative amounts and percentages outside 0..100', () => {
    expect(() => percentOf(1.5, 10)).toThrow(RangeError);
    expect(() => percentOf(-1, 10)).toThrow(RangeError);
    expect(() => percentOf(100, 101)).toThrow(RangeError);
    expect(() => percentOf(100, 2.5)).toThrow(RangeError);
  });
});

describe('creditable amount', () => {
  it('is the price paid for the units minus the restocking fee', () => {
    expect(creditableCents(1500, 3, 0)).toBe(4500);
    expect(creditableCents(1999, 1, 15)).toBe(1999 - 300); // 299.85 → 300
    expect(creditableCents(1500, 0, 10)).toBe(0);
  });
  it('the shipping deduction never exceeds the credit', () => {
    expect(shippingDeduction(4500, 500)).toBe(500);
    expect(shippingDeduction(300, 500)).toBe(300);
  });
});

describe('defaults', () => {
  it('a defective product arrives damaged, nothing arrived is missing, anything else is resellable', () => {
    expect(defaultCondition('defective', 1)).toBe('damaged');
    expect(defaultCondition('wrong_size', 2)).toBe('resellable');
    expect(defaultCondition('wrong_size', 0)).toBe('missing');
  });
  it('each line’s method follows what the shopper asked for on it', () => {
    expect(defaultLineMethod('refund')).toBe('refund');
    expect(defaultLineMethod('store_credit')).toBe('store_credit');
    expect(defaultLineMethod('exchange_size')).toBe('replacement');
    expect(defaultLineMethod('replacement')).toBe('replacement');
    expect(defaultLineMethod('withdrawal_refund')).toBe('refund');
  });
  it('a return’s method is its lines’ one method, else mixed', () => {
    expect(returnMethod(['refund', 'refund'])).toBe('refund');
    expect(returnMethod(['refund', 'replacement'])).toBe('mixed');
  });
});

describe('the credit per method', () => {
  const lines = [
    { method: 'refund' as const, amountCents: 1000 },
    { method: 'store_credit' as const, amountCents: 700 },
    { method: 'replacement' as const, amountCents: 2000 },
    { method: 'kept' as const, amountCents: 0 }
  ];
  it('adds up to the total: the deduction from the refund first, then the store credit; shipping refunded to the original payment', () => {
    expect(creditTotals(lines, 300, 0)).toEqual({ refund: 700, store_credit: 700, replacement: 2000 });
    expect(creditTotals(lines, 1200, 450)).toEqual({ refund: 450, store_credit: 500, replacement: 2000 });
    const totals = creditTotals(lines, 1200, 450);
    expect(totals.refund + totals.store_credit + totals.replacement).toBe(3700 - 1200 + 450);
  });
});
