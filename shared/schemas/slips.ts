import { z } from 'zod';

/** The language of a return slip (default: the customer's own). */
export const slipQuery = z.strictObject({ locale: z.enum(['en', 'fr']).optional() });

/** The PDF's language and paper (A4 unless asked; the content fits both). */
export const slipPdfQuery = z.strictObject({ locale: z.enum(['en', 'fr']).optional(), paper: z.enum(['a4', 'letter']).optional() });
