import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { creditLines, creditSummary, refuseShippingRefund, refuseSettlementNow, type CreditLineFacts } from './credit-rules.ts';

/** One line of 2 units at 10.00 bought, both asked back and both arrived, nothing credited yet. */
const line = (over: Partial<CreditLineFacts> = {}): CreditLineFacts => ({
  id: 7,
  quantity: 2,
  unitsReceived: 2,
  feePercent: 0,
  actionCode: 'refund',
  unitPriceCents: 1000,
  bought: 2,
  creditedOnLine: 0,
  amountOnLine: 0,
  reservedReplacement: null,
  ...over
});

/** The refusal `fn` throws: its status, code and fields. */
function refusalOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, code: err.code, fields: err.fields };
    throw err;
  }
  throw new Error('not refused');
}

describe('the credit of each line', () => {
  it('by default credits what arrived, at the price paid less the reason’s fee, by the method the shopper asked for', () => {
    expect(creditLines([line({ unitsReceived: 1, feePercent: 10 })], undefined).lines).toEqual([
      { returnLineId: 7, method: 'refund', units: 1, amountCents: 900, keepItem: false }
    ]);
    expect(creditLines([line({ actionCode: 'store_credit' })], undefined).lines[0]!.method).toBe('store_credit');
  });

  it('refuses more units than on the line, than arrived (unless the item is kept), than left on the order line', () => {
    expect(refusalOf(() => creditLines([line()], { lines: { '7': { units: 3 } } })).fields).toEqual({
      'credit.lines.7.units': 'exceeds_requested'
    });
    expect(refusalOf(() => creditLines([line({ unitsReceived: 1 })], { lines: { '7': { units: 2 } } })).code).toBe('credit_over_received');
    expect(creditLines([line({ unitsReceived: 0 })], { lines: { '7': { keepItem: true } } }).lines[0]).toMatchObject({
      units: 2,
      amountCents: 2000,
      keepItem: true
    });
    expect(refusalOf(() => creditLines([line({ creditedOnLine: 1 })], undefined)).code).toBe('credit_over_bought');
  });

  it('refuses more money than paid for the units, or over the order line’s returns', () => {
    expect(refusalOf(() => creditLines([line()], { lines: { '7': { amountCents: 2001 } } }))).toEqual({
      status: 422,
      code: 'credit_over_paid',
      fields: { 'credit.lines.7.amountCents': 'exceeds_paid' }
    });
    expect(refusalOf(() => creditLines([line({ amountOnLine: 1500, bought: 2 })], undefined)).code).toBe('credit_over_paid');
  });

  it('credits a kept line nothing, and refuses units or an amount on it', () => {
    expect(creditLines([line()], { method: 'kept' }).lines[0]).toEqual({
      returnLineId: 7,
      method: 'kept',
      units: 0,
      amountCents: 0,
      keepItem: false
    });
    expect(refusalOf(() => creditLines([line()], { lines: { '7': { method: 'kept', amountCents: 5 } } })).fields).toEqual({
      'credit.lines.7.amountCents': 'kept_is_zero'
    });
  });

  it('never pays an exchange twice: a reserved replacement is credited as itself unless released in the same save', () => {
    const reserved = line({ actionCode: 'exchange_size', reservedReplacement: 3 });
    expect(creditLines([reserved], undefined).lines[0]!.method).toBe('replacement');
    expect(refusalOf(() => creditLines([reserved], { method: 'refund' })).code).toBe('replacement_reserved');
    expect(creditLines([reserved], { lines: { '7': { method: 'refund', releaseReplacement: true } } }).release).toEqual([7]);
    expect(refusalOf(() => creditLines([line()], { lines: { '7': { releaseReplacement: true } } })).fields).toEqual({
      'credit.lines.7.releaseReplacement': 'nothing_reserved'
    });
  });

  it('refuses a line that is not on the return (400)', () => {
    expect(refusalOf(() => creditLines([line()], { lines: { '8': { units: 1 } } }))).toEqual({
      status: 400,
      code: 'invalid_request',
      fields: { 'credit.lines.8': 'unknown_line' }
    });
  });
});

describe('the credit of the return', () => {
  it('takes the return shipping from the money lines only, at most their credit, and adds the shipping refunded', () => {
    const lines = [
      { returnLineId: 1, method: 'refund' as const, units: 1, amountCents: 300, keepItem: false },
      { returnLineId: 2, method: 'replacement' as const, units: 1, amountCents: 1000, keepItem: false }
    ];
    expect(creditSummary(lines, undefined, 500, 200)).toEqual({
      method: 'mixed',
      shippingDeductionCents: 300,
      shippingRefundedCents: 200,
      totalCents: 1300 - 300 + 200
    });
    expect(creditSummary(lines, { deductShipping: false }, 500, 0).shippingDeductionCents).toBe(0);
  });

  it('refunds shipping only when the order’s is known, and never more than is left of it', () => {
    expect(refuseShippingRefund(0, { shippingCents: null, shippingRefundedCents: 0 })).toBe(0);
    expect(refusalOf(() => refuseShippingRefund(100, { shippingCents: null, shippingRefundedCents: 0 })).code).toBe('shipping_unknown');
    expect(refusalOf(() => refuseShippingRefund(100, { shippingCents: 500, shippingRefundedCents: 450 })).code).toBe('shipping_over_paid');
    expect(refuseShippingRefund(50, { shippingCents: 500, shippingRefundedCents: 450 })).toBe(50);
  });

  it('takes a receipt or a credit only on its own move', () => {
    expect(refusalOf(() => refuseSettlementNow({ credit: {} }, true, false)).code).toBe('credit_not_now');
    expect(refusalOf(() => refuseSettlementNow({ receipt: { '1': { units: 1 } } }, false, true)).code).toBe('receipt_not_now');
    expect(() => refuseSettlementNow({ receipt: {}, credit: {} }, false, true)).not.toThrow();
  });
});
