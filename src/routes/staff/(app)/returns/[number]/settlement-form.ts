import {
  CONDITIONS,
  CREDIT_METHODS,
  creditableCents,
  defaultCondition,
  defaultLineMethod,
  type Condition,
  type CreditMethod
} from '#shared/settlement.ts';
import { parseMoney } from '#shared/money.ts';
import type { StaffReturnDetail } from '$lib/api-types.ts';

export { CONDITIONS, CREDIT_METHODS };

/**
 * The receipt and credit a staff member is entering (Settlement.svelte), per return line id: each line's
 * method starts from what the shopper asked for on it (an exchange: its replacement); `release` gives a
 * reserved replacement back to stock when the line is credited otherwise.
 */
export type SettlementDraft = {
  lines: Record<
    number,
    { received: number; condition: Condition; method: CreditMethod; units: number; amount: string; keepItem: boolean; release: boolean }
  >;
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
            method: l.replacement?.reserved ? 'replacement' : defaultLineMethod(l.action.code),
            units: received,
            amount: '',
            keepItem: false,
            release: false
          }
        ];
      })
    ),
    deductShipping: true,
    refundShipping: ''
  };
}

/** The line's replacement is reserved and the line is credited otherwise: the form offers to release it. */
export const releasable = (l: StaffReturnDetail['lines'][number], method: CreditMethod) =>
  !!l.replacement?.reserved && method !== 'replacement';

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
        deductShipping: d.deductShipping,
        ...(shipping !== 0 ? { refundShippingCents: shipping } : {}),
        lines: Object.fromEntries(
          r.lines.map((l) => {
            const line = d.lines[l.id]!;
            const release = releasable(l, line.method) && line.release ? { releaseReplacement: true } : {};
            // A line kept is credited nothing: only its method is sent.
            if (line.method === 'kept') return [String(l.id), { method: line.method, ...release }];
            const amountCents = line.amount.trim() ? parseMoney(line.amount, r.order.currency) : null;
            return [
              String(l.id),
              {
                method: line.method,
                units: line.units,
                keepItem: line.keepItem,
                ...release,
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
