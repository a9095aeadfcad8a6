import {
  CONDITIONS,
  CREDIT_METHODS,
  creditableCents,
  defaultCondition,
  defaultMethod,
  type Condition,
  type CreditMethod
} from '#shared/settlement.ts';
import { parseMoney } from '#shared/money.ts';
import type { StaffReturnDetail } from '$lib/api-types.ts';

export { CONDITIONS, CREDIT_METHODS };

/** The receipt and credit a staff member is entering (Settlement.svelte), per return line id. */
export type SettlementDraft = {
  lines: Record<number, { received: number; condition: Condition; units: number; amount: string; keepItem: boolean }>;
  method: CreditMethod;
  deductShipping: boolean;
  /** The order's shipping to refund with this credit, as typed (empty: none). */
  refundShipping: string;
};

export function settlementDraft(r: StaffReturnDetail): SettlementDraft {
  return {
    lines: Object.fromEntries(
      r.lines.map((l) => {
        const received = l.unitsReceived ?? l.quantity;
        return [
          l.id,
          {
            received,
            condition: (l.condition as Condition | null) ?? defaultCondition(l.reason.code, received),
            units: received,
            amount: '',
            keepItem: false
          }
        ];
      })
    ),
    method: defaultMethod(r.lines.map((l) => l.action.code)),
    deductShipping: true,
    refundShipping: ''
  };
}

/** The default credit of a line for `units` (the server's rule, shown as the hint). */
export const defaultAmount = (l: StaffReturnDetail['lines'][number], units: number) =>
  creditableCents(l.unitPriceCents, units, l.restockingFeePercent);

/**
 * What the PATCH carries for the receipt (moving to received) or the credit (moving to credited). A line
 * received damaged or missing is not restocked, whatever its restock box says (the server would refuse it).
 */
export function settlementBody(
  r: StaffReturnDetail,
  d: SettlementDraft,
  step: 'receipt' | 'credit' | null,
  restock?: Record<string, boolean>
): Record<string, unknown> {
  if (step === 'receipt') {
    const resellable = (id: number) => d.lines[id]!.received > 0 && d.lines[id]!.condition === 'resellable';
    return {
      ...(restock ? { restock: Object.fromEntries(Object.entries(restock).map(([id, on]) => [id, on && resellable(Number(id))])) } : {}),
      receipt: Object.fromEntries(
        r.lines.map((l) => {
          const line = d.lines[l.id]!;
          return [String(l.id), { units: line.received, condition: line.received === 0 ? 'missing' : line.condition }];
        })
      )
    };
  }
  if (step === 'credit') {
    const shipping = d.refundShipping.trim() ? (parseMoney(d.refundShipping, r.order.currency) ?? -1) : 0;
    return {
      credit: {
        method: d.method,
        deductShipping: d.deductShipping,
        ...(shipping !== 0 ? { refundShippingCents: shipping } : {}),
        lines: Object.fromEntries(
          r.lines.map((l) => {
            const line = d.lines[l.id]!;
            const amountCents = line.amount.trim() ? parseMoney(line.amount, r.order.currency) : null;
            return [
              String(l.id),
              {
                units: line.units,
                keepItem: line.keepItem,
                ...(amountCents !== null ? { amountCents } : line.amount.trim() ? { amountCents: -1 } : {})
              }
            ];
          })
        )
      }
    };
  }
  return {};
}
