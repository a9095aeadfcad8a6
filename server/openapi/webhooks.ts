import { z } from 'zod';
import { CREDIT_METHODS, MONEY_METHODS } from '#shared/settlement.ts';
import { RETURN_STATES } from '#shared/states.ts';
import type { WebhookType } from '../outbound/webhooks.ts';

/**
 * What each webhook event's `data` carries, for the OpenAPI document's `webhooks` section. The
 * events are written by server/outbound/webhooks.ts, not validated, so these schemas describe them;
 * a new event type without a line here is a compile error.
 */
const state = z.enum(RETURN_STATES);
const nullableText = z.string().nullable();

const returnCreated = z.object({
  returnNumber: z.string(),
  orderNumber: z.string(),
  state,
  createdBy: z.enum(['customer', 'staff']),
  customerEmail: z.string(),
  comment: nullableText,
  lines: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      variant: nullableText,
      quantity: z.number().int(),
      reason: z.string().describe('The reason’s code.'),
      reasonText: nullableText.describe('The shopper’s words for “Other”.'),
      action: z.string().describe('The action’s code.'),
      replacementSku: z.string().optional().describe('On an exchange: the variant to ship instead.')
    })
  )
});

const methods = z.enum(CREDIT_METHODS);
/** `totals`: one amount for each method that carries money (a line kept adds nothing), all present. */
const totals = z.object(Object.fromEntries(MONEY_METHODS.map((m) => [m, z.number().int()])));

export const WEBHOOK_EVENTS: Record<WebhookType, { summary: string; description: string; data: z.ZodType }> = {
  'return.created': {
    summary: 'A return was requested',
    description: 'A shopper or staff member created a return.',
    data: returnCreated
  },
  'claim.created': {
    summary: 'A shopper reported a problem with a delivery (a claim)',
    description:
      'An item missing, arrived damaged or the wrong item (`reason`: `item_missing`, `arrived_damaged`, `wrong_item_received`); nothing comes back. Then `return.state_changed`, `exchange.requested` for the lines staff reship, `return.credited` with the decision.',
    data: returnCreated
  },
  'return.state_changed': {
    summary: 'A return moved to another state',
    description: 'Sent for each state move, in the transaction of the move.',
    data: z.object({ returnNumber: z.string(), orderNumber: z.string(), from: state, to: state })
  },
  'stock.adjusted': {
    summary: 'Units were put back in stock',
    description: 'One restocked return line: the shop adds `units` of `sku` to its own stock.',
    data: z.object({ sku: z.string(), units: z.number().int().positive(), returnNumber: z.string(), orderNumber: z.string() })
  },
  'withdrawal.received': {
    summary: 'An EU withdrawal statement was received',
    description: 'A consumer sent a withdrawal statement; `matchedOrderNumber` and `returnNumber` are null when it matched no order.',
    data: z.object({
      reference: z.string(),
      submittedAt: z.iso.datetime(),
      statement: z
        .object({ name: z.string(), email: z.string(), orderNumber: z.string() })
        .loose()
        .describe('As submitted (also `items`, `lines`, `locale`).'),
      matchedOrderNumber: nullableText,
      returnNumber: nullableText
    })
  },
  'return.credited': {
    summary: 'A return’s credit was decided',
    description:
      'Reprise moves no money: refund `totals.refund`, give `totals.store_credit` as store credit. Do it once per `creditId`; amounts are integer minor units of `currency`.',
    data: z.object({
      creditId: z.string(),
      returnNumber: z.string(),
      orderNumber: z.string(),
      method: z.union([methods, z.literal('mixed')]),
      currency: z.string(),
      totalCents: z.number().int(),
      totals: totals.describe('The sum per method; they add up to `totalCents`.'),
      shippingDeductionCents: z.number().int(),
      shippingRefundedCents: z.number().int(),
      lines: z.array(
        z.object({
          sku: z.string(),
          name: z.string(),
          unitPriceCents: z.number().int(),
          unitsRequested: z.number().int(),
          unitsReceived: z.number().int().nullable(),
          condition: nullableText,
          method: methods,
          unitsCredited: z.number().int(),
          amountCents: z.number().int().describe('Net of the reason’s restocking fee.'),
          keepItem: z.boolean(),
          replacementSku: z.string().optional()
        })
      )
    })
  },
  'exchange.requested': {
    summary: 'An exchange’s replacement is to be shipped',
    description:
      'Sent when a return with an exchange line reaches `items_needed`; the replacement units are already reserved. Deduplicate on `exchangeId`.',
    data: z.object({
      exchangeId: z.string(),
      returnNumber: z.string(),
      orderNumber: z.string(),
      customerEmail: z.string(),
      currency: z.string(),
      priceDifferenceCents: z.number().int().describe('Positive: the shopper owes it; negative: the shop owes it.'),
      lines: z.array(
        z.object({
          sku: z.string(),
          variant: nullableText,
          units: z.number().int(),
          returnedSku: z.string(),
          returnedUnits: z.number().int(),
          name: z.string(),
          priceDifferenceCents: z.number().int()
        })
      )
    })
  }
};
