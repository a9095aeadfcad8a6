import { z } from 'zod';
import { emailField } from './auth.ts';
import { orderNumberField } from './integrations.ts';

/** Where a signed portal link opens: the order page, or straight into its return form. */
export const PORTAL_TARGETS = ['order', 'return'] as const;
export type PortalTarget = (typeof PORTAL_TARGETS)[number];

/**
 * A signed portal link as the SPA posts it: `/o/{number}?exp=…&sig=…[&to=return][&lang=fr]`.
 * `to` and `lang` are chosen from fixed lists (never a URL, so no redirect can be smuggled in);
 * they only pick a page of the same order and a language, and are not signed.
 */
export const orderLinkSchema = z.strictObject({
  number: orderNumberField,
  exp: z.string().regex(/^\d{1,12}$/, 'unix seconds'),
  sig: z.string().max(200),
  to: z.enum(PORTAL_TARGETS).optional(),
  lang: z.enum(['en', 'fr']).optional()
});
export type OrderLinkInput = z.infer<typeof orderLinkSchema>;

/** Order lookup without a password: the order number and the email it was placed with. */
export const orderLookupSchema = z.strictObject({
  orderNumber: orderNumberField,
  email: emailField
});
export type OrderLookupInput = z.infer<typeof orderLookupSchema>;

/** The token of an emailed order-lookup link. */
export const orderLookupVerifySchema = z.strictObject({
  token: z.string().min(1).max(200)
});
