import { z } from 'zod';
import { LOCALES } from '../words/index.ts';
import { emailField } from './auth.ts';
import { eachOnce } from './common.ts';
import { isCurrency } from '../money.ts';

/**
 * Order numbers appear in URLs and return numbers (`R-<order>-<n>`): letters, digits, `.`, `_`, `-`.
 * A leading `#`, as platforms show numbers ("#1001" on Shopify), is accepted and dropped, so a shopper
 * may type the number with or without it and a connector stores "#1001" as "1001".
 */
export const orderNumberField = z
  .string()
  .trim()
  .regex(/^#?[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64 (a leading "#" is dropped)')
  .transform((s) => s.replace(/^#/, ''));

/**
 * An ISO 8601 instant with offset, from 1970 to 9999 (in UTC): the format alone lets through year 0000
 * or, with an offset, a date past 9999, which the database cannot store.
 */
const instant = z.iso
  .datetime({ offset: true })
  .refine(
    (s) => {
      const year = new Date(s).getUTCFullYear();
      return year >= 1970 && year <= 9999;
    },
    { message: 'out_of_range' }
  )
  .transform((s) => new Date(s));

export const pushedLineSchema = z.strictObject({
  sku: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  variant: z.string().trim().max(100).nullish(),
  imageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
  unitPriceCents: z.number().int().min(0).max(100_000_000),
  quantity: z.number().int().min(1).max(100_000),
  finalSale: z.boolean().optional(),
  /** The product's tags ("sale", "shoes"): the shop's return rules may match them (docs/rules.md). Absent: none. */
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional()
});

/**
 * One order as the shop pushes it (`POST /api/integrations/orders`, `npm run orders:import`).
 * Strict: an unknown key is refused, so a typo never goes unnoticed. Lines are matched by `sku`,
 * which must be unique within the order.
 */
export const pushedOrderSchema = z.strictObject({
  number: orderNumberField,
  customer: z.strictObject({
    email: emailField,
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100).optional(),
    locale: z.enum(LOCALES).optional()
  }),
  status: z.enum(['placed', 'shipped', 'delivered', 'cancelled']),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
    .refine(isCurrency, 'an ISO 4217 code such as EUR (a currency this server knows)'),
  placedAt: instant,
  deliveredAt: instant.nullish(),
  /** The shipping the shopper paid, in the order's minor units (absent or null: unknown, so none can be refunded). */
  shippingCents: z.number().int().min(0).max(100_000_000).nullish(),
  /** The country shipped to, ISO 3166-1 alpha-2 in upper case ("FR"); absent or null: unknown (a rule on it then does not match). */
  shippingCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in upper case such as FR')
    .nullish(),
  lines: z.array(pushedLineSchema).min(1).max(500).superRefine(eachOnce('sku', 'duplicate_sku'))
});
export type PushedOrder = z.infer<typeof pushedOrderSchema>;
