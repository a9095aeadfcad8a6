import { z } from 'zod';

/** Opaque keyset cursor: base64url of the last row's sort key. */
export const cursorParam = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional();

export const pageQuery = z.strictObject({ cursor: cursorParam });

/**
 * An array's refinement: an item whose `key` repeats an earlier item's is refused with `message` at
 * `[index, key]` (e.g. `z.array(line).superRefine(eachOnce('orderLineId', 'duplicate_line'))`).
 */
export const eachOnce =
  <K extends string>(key: K, message: string) =>
  (items: Record<K, string | number>[], ctx: z.RefinementCtx) => {
    const seen = new Set<string | number>();
    items.forEach((item, i) => {
      if (seen.has(item[key])) ctx.addIssue({ code: 'custom', message, path: [i, key] });
      seen.add(item[key]);
    });
  };

/** A request's lines, each naming its order line once (else `duplicate_line`). */
export const uniqueLines = eachOnce('orderLineId', 'duplicate_line');
