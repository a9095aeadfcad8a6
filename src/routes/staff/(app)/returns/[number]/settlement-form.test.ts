import { describe, expect, it } from 'vitest';
import type { StaffReturnDetail } from '$lib/api-types.ts';
import { settlementBody, settlementDraft } from './settlement-form.ts';

/** A received return of one line (2 units at `price` minor units) of an order in `currency`. */
function received(currency: string, price: number): StaffReturnDetail {
  return {
    order: { currency },
    lines: [
      {
        id: 7,
        quantity: 2,
        unitsReceived: 2,
        condition: 'resellable',
        unitPriceCents: price,
        restockingFeePercent: 0,
        reason: { code: 'wrong_size' },
        action: { code: 'refund' }
      }
    ]
  } as unknown as StaffReturnDetail;
}

/** The credit the PATCH carries when staff type `amount` for the line and `shipping` to refund. */
function credit(currency: string, amount: string, shipping = '') {
  const r = received(currency, 4500);
  const draft = settlementDraft(r);
  draft.lines[7]!.amount = amount;
  draft.refundShipping = shipping;
  return (
    settlementBody(r, draft, 'credit') as { credit: { lines: Record<string, { amountCents?: number }>; refundShippingCents?: number } }
  ).credit;
}

describe('amounts staff type in the credit form, in the order’s own minor units', () => {
  it('reads euros with 2 decimals, yen with none and dinars with 3', () => {
    expect(credit('EUR', '45,50').lines['7']!.amountCents).toBe(4550);
    expect(credit('JPY', '4500').lines['7']!.amountCents).toBe(4500);
    expect(credit('KWD', '1,250').lines['7']!.amountCents).toBe(1250);
    expect(credit('JPY', '4500', '500').refundShippingCents).toBe(500);
  });

  it('sends what is not an amount in the currency as an amount the server refuses', () => {
    expect(credit('JPY', '45.50').lines['7']!.amountCents).toBe(-1);
    expect(credit('EUR', 'abc', 'x')).toMatchObject({ lines: { '7': { amountCents: -1 } }, refundShippingCents: -1 });
  });

  it('leaves an empty amount to the server’s default', () => {
    expect(credit('EUR', ' ').lines['7']).not.toHaveProperty('amountCents');
  });
});
