/**
 * JSON.parse that keeps every integer too large for a double (Shopify's ids reach 2^63) as its exact
 * source text instead of a rounded number, through the reviver's source text (ES2025 `JSON.parse`
 * source access). Other numbers parse as usual; connectors read ids with `idText`.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, function (_key, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && context?.source && /^-?\d+$/.test(context.source) && !Number.isSafeInteger(value)) {
      return context.source;
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

/** An id as text, whichever way the platform sent it (a number, a kept big integer, or a string). */
export const idText = (v: unknown): string | null => (typeof v === 'number' || typeof v === 'string' ? String(v) : null);
