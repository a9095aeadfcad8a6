import { z } from 'zod';

/** Opaque keyset cursor: base64url of the last row's sort key. */
export const cursorParam = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional();

export const pageQuery = z.strictObject({ cursor: cursorParam });
