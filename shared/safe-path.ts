/**
 * The return-to target after sign-in: only a path on this site. Refuses `//host`, `/\host`,
 * absolute URLs and anything a browser would resolve to another origin.
 */
export function safeNextPath(raw: string | null | undefined, fallback = '/orders'): string {
  if (!raw || raw.length > 500) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || /[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  try {
    const base = 'http://reprise.invalid';
    const url = new URL(raw, base);
    // Dot segments can normalise into `//host` (e.g. `/.//evil.example`): check the result too.
    if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
