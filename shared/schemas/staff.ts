import { z } from 'zod';
import { EMAIL_BODY_MAX, EMAIL_SUBJECT_MAX } from '../email-templates.ts';
import { CONDITIONS, CREDIT_METHODS } from '../settlement.ts';
import { isFinal, LOCALES, RETURN_STATES, type ReturnState } from '../states.ts';
import { isTimeZone } from '../periods.ts';
import { emailField } from './auth.ts';
import { cursorParam, uniqueLines } from './common.ts';
import { COMMENT_MAX, returnLineInput } from './returns.ts';

/** Request schemas of the staff API (strict: unknown keys are refused), shared with the staff pages. */

export const STAFF_NOTE_MAX = 5000;
export const CUSTOMER_MESSAGE_MAX = 2000;
export const LABEL_MAX = 100;

const stateField = z.enum(RETURN_STATES);
/** States a staff member may start a return in (any that is not final). */
export const START_STATES = RETURN_STATES.filter((s) => !isFinal(s)) as [ReturnState, ...ReturnState[]];

/** Decisions keyed by a numeric id in text form: `{ "12": true }`. */
const decisionsById = z.record(z.string().regex(/^[1-9][0-9]{0,9}$/), z.boolean());

export const staffQueueQuery = z.strictObject({
  state: stateField.optional(),
  q: z.string().trim().max(254).optional(),
  /** `withdrawal`: only open returns made by the withdrawal function, soonest refund deadline first; `claim`: only claims. */
  kind: z.enum(['withdrawal', 'claim']).optional(),
  cursor: cursorParam
});

const lineKey = z.string().regex(/^[1-9][0-9]{0,9}$/);
const units = z.number().int().min(0).max(1_000_000);
/** Money in integer minor units (never negative, never a fraction). */
export const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Per return line id: what arrived and in what condition (only when moving to `received`). */
export const receiptSchema = z.record(lineKey, z.strictObject({ units, condition: z.enum(CONDITIONS).optional() }));

/**
 * The credit decided when moving to `credited`: per line the method (default: what the shopper asked
 * for on it), units and amount, keep-the-item, and the release of a reserved replacement credited
 * otherwise; `method` sets the method of every line that names none; shipping.
 */
export const creditSchema = z.strictObject({
  method: z.enum(CREDIT_METHODS).optional(),
  lines: z
    .record(
      lineKey,
      z.strictObject({
        method: z.enum(CREDIT_METHODS).optional(),
        units: units.optional(),
        amountCents: minorUnits.optional(),
        keepItem: z.boolean().optional(),
        /** The line's reserved replacement goes back to stock: needed to credit it otherwise than as a replacement. */
        releaseReplacement: z.boolean().optional()
      })
    )
    .optional(),
  /** Take the shop's return-shipping deduction (default true). */
  deductShipping: z.boolean().optional(),
  /** Refund this much of the order's shipping with this return (default 0); over all the order's returns, at most its shipping. */
  refundShippingCents: minorUnits.optional()
});
export type CreditInput = z.infer<typeof creditSchema>;
export type ReceiptInput = z.infer<typeof receiptSchema>;

/** What staff decide for each line of a claim (docs/decisions.md "Claims"). */
export const CLAIM_DECISIONS = ['reship', 'refund', 'reject'] as const;
export type ClaimDecision = (typeof CLAIM_DECISIONS)[number];

/**
 * Staff decide a claim, every line at once (`POST /api/staff/returns/{number}/claim-decision`): per
 * return line id reship the same item, refund (an amount, default what was paid for the units), or
 * reject; `message` to the shopper (required when a line is rejected), sent with the email.
 */
export const claimDecisionSchema = z.strictObject({
  version: z.number().int().positive(),
  lines: z.record(lineKey, z.strictObject({ decision: z.enum(CLAIM_DECISIONS), amountCents: minorUnits.optional() })),
  message: z.string().max(CUSTOMER_MESSAGE_MAX).optional()
});
export type ClaimDecisionInput = z.infer<typeof claimDecisionSchema>;

export const staffUpdateReturnSchema = z.strictObject({
  version: z.number().int().positive(),
  state: stateField.optional(),
  staffNote: z.string().max(STAFF_NOTE_MAX).optional(),
  /** A new message to the customer, added to the return's thread (blank: none). */
  customerMessage: z.string().max(CUSTOMER_MESSAGE_MAX).optional(),
  /** Per return line id: put the units back in stock? Only when moving to `received`. */
  restock: decisionsById.optional(),
  /** Per return line id: units received and condition. Only when moving to `received`. */
  receipt: receiptSchema.optional(),
  /** Only when moving to `credited`. */
  credit: creditSchema.optional(),
  /** Return line ids whose exchange becomes a refund (e.g. the replacement is out of stock); audited. */
  refundInstead: z.array(lineKey).max(100).optional(),
  notify: z.boolean().optional()
});
export type StaffUpdateReturnInput = z.infer<typeof staffUpdateReturnSchema>;

/** A return created by staff for a customer: the shopper's fields plus state, override, note, notify, restock. */
export const staffCreateReturnSchema = z.strictObject({
  orderNumber: z.string().trim().min(1).max(64),
  lines: z.array(returnLineInput).min(1).max(100).superRefine(uniqueLines),
  comment: z.string().max(COMMENT_MAX).optional(),
  state: z.enum(START_STATES).default('requested'),
  override: z.boolean().default(false),
  staffNote: z.string().max(STAFF_NOTE_MAX).default(''),
  /** A first message to the customer: kept in the return's thread, carried by the email when `notify`. */
  customerMessage: z.string().max(CUSTOMER_MESSAGE_MAX).optional(),
  notify: z.boolean().default(false),
  /** Per order line id; used when the return starts at `received`. */
  restock: decisionsById.optional()
});
export type StaffCreateReturnInput = z.infer<typeof staffCreateReturnSchema>;

/** Without `q` (or with an empty one), the newest orders. */
export const orderSearchQuery = z.strictObject({
  q: z.string().trim().max(254).optional()
});

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const settingsPatchSchema = z.strictObject({
  returnsAllowed: z.boolean().optional(),
  windowDays: z.number().int().min(1).max(365).optional(),
  /** Days after delivery in which a shopper may report a problem (a claim). */
  claimWindowDays: z.number().int().min(1).max(365).optional(),
  inventoryLinkedToPos: z.boolean().optional(),
  /** Flat return-shipping deduction per credited return, in minor units (0: free). */
  returnShippingCents: z.number().int().min(0).max(100_000_00).optional(),
  /** Shoppers asking for an exchange pick the replacement variant. */
  exchangesEnabled: z.boolean().optional(),
  shopName: z.string().trim().min(1).max(100).optional(),
  contactEmail: emailField.optional(),
  contactPhone: z.string().trim().max(40).optional(),
  primaryColor: hexColor.optional(),
  accentColor: hexColor.optional(),
  withdrawalEnabled: z.boolean().optional(),
  withdrawalDays: z.number().int().min(14).max(365).optional(),
  legalName: z.string().trim().max(200).optional(),
  legalAddress: z.string().trim().max(500).optional(),
  timeZone: z.string().trim().max(64).refine(isTimeZone, { message: 'unknown_time_zone' }).optional(),
  /** Where and how shoppers send the items back (shown once a return is approved; '' = not set). */
  returnAddress: z.string().trim().max(500).optional(),
  returnInstructionsEn: z.string().trim().max(2000).optional(),
  returnInstructionsFr: z.string().trim().max(2000).optional(),
  /** The shop's own language: the emails to its own address are written in it. */
  locale: z.enum(LOCALES).optional()
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

const labelField = z.string().trim().min(1).max(LABEL_MAX);

/** A reason that needs at least one photo on its lines, and what to tell the shopper to photograph (EN/FR). */
export const PHOTO_HINT_MAX = 300;
const photoFields = {
  requiresPhoto: z.boolean().default(false),
  photoHintEn: z.string().trim().max(PHOTO_HINT_MAX).default(''),
  photoHintFr: z.string().trim().max(PHOTO_HINT_MAX).default('')
};

export const reasonCreateSchema = z.strictObject({
  labelEn: labelField,
  labelFr: labelField,
  restockDefault: z.boolean().default(true),
  needsText: z.boolean().default(false),
  restockingFeePercent: z.number().int().min(0).max(100).default(0),
  ...photoFields
});
export const reasonPatchSchema = z.strictObject({
  labelEn: labelField.optional(),
  labelFr: labelField.optional(),
  restockDefault: z.boolean().optional(),
  restockingFeePercent: z.number().int().min(0).max(100).optional(),
  active: z.boolean().optional(),
  requiresPhoto: photoFields.requiresPhoto.optional(),
  photoHintEn: photoFields.photoHintEn.optional(),
  photoHintFr: photoFields.photoHintFr.optional()
});
export const actionCreateSchema = z.strictObject({ labelEn: labelField, labelFr: labelField });
export const actionPatchSchema = z.strictObject({
  labelEn: labelField.optional(),
  labelFr: labelField.optional(),
  active: z.boolean().optional()
});
/** Every id of the list, in the new order. */
export const reorderSchema = z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1000) });

export const staffAccountCreateSchema = z.strictObject({
  email: emailField,
  name: z.string().trim().min(1).max(100),
  role: z.enum(['staff', 'admin'])
});
export const staffAccountPatchSchema = z.strictObject({ disabled: z.boolean() });

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(8).max(128)
});

// ---- notification email texts (per state and language) ----

const emailSubjectField = z
  .string()
  .trim()
  .min(1)
  .max(EMAIL_SUBJECT_MAX)
  .regex(/^[^\r\n]*$/, 'no_line_breaks');
const emailBodyField = z.string().trim().min(1).max(EMAIL_BODY_MAX);

/** PUT /api/staff/settings/emails/:state/:locale (unknown `[[variables]]` are refused by the server with 422). */
export const emailTemplateSchema = z.strictObject({ subject: emailSubjectField, body: emailBodyField });
export type EmailTemplateInput = z.infer<typeof emailTemplateSchema>;

/** POST /api/staff/settings/emails/preview: an unsaved text, rendered with sample values. */
export const emailPreviewSchema = z.strictObject({
  state: stateField,
  locale: z.enum(LOCALES),
  subject: emailSubjectField,
  body: emailBodyField
});
export type EmailPreviewInput = z.infer<typeof emailPreviewSchema>;
