import { z } from 'zod';
import { PHOTO_LIMITS } from '../photos.ts';
import { uniqueLines } from './common.ts';

export const REASON_TEXT_MAX = 500;
export const COMMENT_MAX = 2000;

export const returnLineInput = z.strictObject({
  orderLineId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(100_000),
  reasonId: z.number().int().positive(),
  reasonText: z.string().trim().max(REASON_TEXT_MAX).optional(),
  actionId: z.number().int().positive(),
  /** An exchange: the variant wanted instead (another variant of the same product, in stock; docs/decisions.md "Exchanges"). */
  replacementVariantId: z.number().int().positive().optional()
});

/** The ids of the photos uploaded for a line (`POST /api/returns/photos`), at most 5, each once. */
const linePhotos = z
  .array(z.string().max(64))
  .max(PHOTO_LIMITS.perLine)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'duplicate_photo' });

/** What a shopper may send to request a return (strict: `state`, `customerId`… are refused). */
export const createReturnSchema = z.strictObject({
  orderNumber: z.string().trim().min(1).max(64),
  lines: z
    .array(returnLineInput.extend({ photos: linePhotos.optional() }))
    .min(1)
    .max(100)
    .superRefine(uniqueLines),
  comment: z.string().max(COMMENT_MAX).optional()
});
export type CreateReturnInput = z.infer<typeof createReturnSchema>;

/** A claim's reasons (docs/decisions.md "Claims"): an item missing, arrived damaged, or the wrong item sent. */
export const CLAIM_REASON_CODES = ['item_missing', 'arrived_damaged', 'wrong_item_received'] as const;
export type ClaimReasonCode = (typeof CLAIM_REASON_CODES)[number];

/** What a shopper may send to report a problem with a delivery (a claim): per line the units and the reason; no action, nothing comes back. */
export const createClaimSchema = z.strictObject({
  orderNumber: z.string().trim().min(1).max(64),
  lines: z
    .array(
      z.strictObject({
        orderLineId: z.number().int().positive(),
        quantity: z.number().int().min(1).max(100_000),
        reason: z.enum(CLAIM_REASON_CODES),
        photos: linePhotos.optional()
      })
    )
    .min(1)
    .max(100)
    .superRefine(uniqueLines),
  comment: z.string().max(COMMENT_MAX).optional()
});
export type CreateClaimInput = z.infer<typeof createClaimSchema>;

export const idempotencyKeyHeader = z.string().regex(/^[A-Za-z0-9_\-:.]{8,100}$/);
