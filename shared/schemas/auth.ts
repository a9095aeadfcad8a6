import { z } from 'zod';
import { LOCALES } from '../words/index.ts';
import { safeNextPath } from '../safe-path.ts';

export const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const signInSchema = z.strictObject({
  email: emailField,
  password: z.string().min(1).max(128)
});
export type SignInInput = z.infer<typeof signInSchema>;

export const updateMeSchema = z.strictObject({ locale: z.enum(LOCALES) });

/**
 * The return-to path for a sign-in link: a path on this site (normalised by safeNextPath), or
 * dropped (undefined) when it is anything else, so the answer stays the same 202.
 */
const nextField = z
  .string()
  .max(2000)
  .transform((v) => safeNextPath(v, '') || undefined);

export const signInLinkSchema = z.strictObject({
  email: emailField,
  next: nextField.optional()
});
export type SignInLinkInput = z.infer<typeof signInLinkSchema>;

export const signInLinkVerifySchema = z.strictObject({
  token: z.string().min(1).max(200)
});

/** A shopper's new password: 8 to 128 characters (the server also refuses the most common ones). */
export const newPasswordField = z.string().min(8).max(128);

export const signUpSchema = z.strictObject({ email: emailField, locale: z.enum(LOCALES).optional() });
export const forgotPasswordSchema = z.strictObject({ email: emailField });
export const setPasswordSchema = z.strictObject({ token: z.string().min(1).max(200), password: newPasswordField });
export const changeShopperPasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: newPasswordField
});
