import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for every state-changing /api request (Hono's csrf() skips JSON bodies, so it is not enough):
 * the browser must say the request is same-origin, or send an Origin equal to our public URL.
 * Requests with neither header (curl, server-to-server) are refused too; app.ts skips it for the
 * signed integration endpoints under /api/integrations/.
 */
export function sameOriginGuard(publicOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const ok = site ? site === 'same-origin' && (!origin || origin === publicOrigin) : origin === publicOrigin;
      if (!ok) throw new ApiError(403, 'cross_origin', 'Cross-origin requests are not allowed.');
    }
    await next();
  };
}

/** Refuses a body that is not JSON on JSON routes (415). Requests without a body pass. */
export function jsonOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const type = c.req.header('content-type');
      const length = c.req.header('content-length');
      const hasBody = type !== undefined || (length !== undefined && length !== '0');
      if (hasBody && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json.');
      }
    }
    await next();
  };
}
