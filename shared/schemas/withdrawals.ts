import { z } from 'zod';
import { LOCALES } from '../words/index.ts';
import { emailField } from './auth.ts';
import { uniqueLines } from './common.ts';
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
  lines: z.array(chosenLine).max(100).superRefine(uniqueLines).optional(),
  locale: z.enum(LOCALES)
});
export type WithdrawalInput = z.infer<typeof withdrawalSchema>;

/**
 * Characters a name may not hold: C0/C1 controls (CR and LF would start new lines of the emails that
 * quote it) and the invisible bidirectional overrides that can make a text read as something else.
 * Free text (`items`) may keep its line breaks and tabs, nothing else of these.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The fields of a statement holding characters it may not hold (`control_characters`); empty when none. */
export function controlCharacterFields(input: { name: string; items?: string | undefined }): Record<string, 'control_characters'> {
  const fields: Record<string, 'control_characters'> = {};
  if (CONTROL.test(input.name)) fields.name = 'control_characters';
  if (input.items !== undefined && CONTROL_BUT_LINES.test(input.items)) fields.items = 'control_characters';
  return fields;
}

/**
 * Staff attach a waiting statement to an order: which units of which lines (picked by staff: the
 * consumer's words never reserve every unit), and `confirmDifferences` when the statement's email or
 * name is not the order's (the server refuses without it).
 */
export const attachWithdrawalSchema = z.strictObject({
  orderNumber: orderNumberField,
  lines: z.array(chosenLine).min(1).max(100),
  confirmDifferences: z.boolean().optional()
});
export type AttachWithdrawalInput = z.infer<typeof attachWithdrawalSchema>;

/** The order staff look at before attaching (default: the number in the statement). */
export const withdrawalPreviewQuery = z.strictObject({ orderNumber: orderNumberField.optional() });

/** The one-time link's secret (the acknowledgement's "see or cancel" link). */
export const withdrawalTokenSchema = z.strictObject({ token: z.string().min(1).max(200) });
export const closeWithdrawalSchema = z.strictObject({ note: z.string().trim().min(1).max(WITHDRAWAL_NOTE_MAX) });
