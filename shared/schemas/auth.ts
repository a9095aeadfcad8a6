import { z } from 'zod';

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email());

export const signInSchema = z.strictObject({
  email: emailField,
  password: z.string().min(1).max(128)
});
export type SignInInput = z.infer<typeof signInSchema>;

export const updateMeSchema = z.strictObject({ locale: z.enum(['en', 'fr']) });
