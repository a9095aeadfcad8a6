import { z } from 'zod';
import { emailField } from './auth.ts';
import { orderNumberField } from './integrations.ts';

/** Request schemas of the EU withdrawal function (strict: unknown keys are refused). */

export const WITHDRAWAL_NAME_MAX = 200;
export const WITHDRAWAL_ITEMS_MAX = 1000;
export const WITHDRAWAL_NOTE_MAX = 2000;

const chosenLine = z.strictObject({
  orderLineId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(100_000)
});

/**
 * A withdrawal statement: what the law lets the trader ask (name, the contract, the email for the
 * acknowledgement) and, optionally, which items. `lines` counts only for the signed-in owner of the
 * order; anyone may describe the items in `items`.
 */
export const withdrawalSchema = z.strictObject({
  name: z.string().trim().min(1).max(WITHDRAWAL_NAME_MAX),
  email: emailField,
  orderNumber: orderNumberField,
  items: z.string().trim().max(WITHDRAWAL_ITEMS_MAX).optional(),
  lines: z
    .array(chosenLine)
    .max(100)
    .superRefine((lines, ctx) => {
      const seen = new Set<number>();
      lines.forEach((l, i) => {
        if (seen.has(l.orderLineId)) ctx.addIssue({ code: 'custom', message: 'duplicate_line', path: [i, 'orderLineId'] });
        seen.add(l.orderLineId);
      });
    })
    .optional(),
  locale: z.enum(['en', 'fr'])
});
export type WithdrawalInput = z.infer<typeof withdrawalSchema>;

export const attachWithdrawalSchema = z.strictObject({ orderNumber: orderNumberField });
export const closeWithdrawalSchema = z.strictObject({ note: z.string().trim().min(1).max(WITHDRAWAL_NOTE_MAX) });
