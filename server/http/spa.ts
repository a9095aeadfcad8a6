import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.ts';

/** The page SvelteKit writes for every route that is not a file (adapter-static `fallback`). */
export const FALLBACK_PAGE = '200.html';

export type Spa = { scriptHashes: string[] };

/** Reads the built fallback page once and hashes its inline bootstrap script(s) for the CSP. */
export function loadSpa(buildDir: string): Spa | null {
  const file = join(buildDir, FALLBACK_PAGE);
  if (!existsSync(file)) return null;
  const html = readFileSync(file, 'utf8');
  const scriptHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`
  );
  return { scriptHashes };
}

const COMPRESSED = /\.(br|gz)$/;

/**
 * serveStatic with `precompressed`, plus the cache lifetime and, for a file built with .br/.gz
 * siblings, `Vary: Accept-Encoding` on every answer (serveStatic adds it only when it sends a
 * sibling; a shared cache must not hand its stored identity copy to every browser either).
 * Headers set inside serveStatic's onFound come too late (the response is already made), so the
 * served path is noted there and the headers are added to the response it returns.
 */
function staticFiles(root: string, cacheControl: (path: string) => string, path?: string): MiddlewareHandler<AppEnv> {
  const served = new WeakMap<Context, string>();
  const files = serveStatic<AppEnv>({ root, path, precompressed: true, onFound: (file, c) => void served.set(c, file) });
  return async (c, next) => {
    const res = await files(c, next);
    const file = served.get(c);
    if (res instanceof Response && file) {
      res.headers.set('Cache-Control', cacheControl(c.req.path));
      if (!COMPRESSED.test(file) && (existsSync(`${file}.br`) || existsSync(`${file}.gz`))) res.headers.set('Vary', 'Accept-Encoding');
    }
    return res;
  };
}

/**
 * Serves the build: hashed assets with a year-long immutable cache, other files briefly, and the
 * fallback page (revalidated each time) for every other GET. Files are sent as the `.br` or `.gz`
 * the build wrote beside them when the browser's Accept-Encoding lists that encoding.
 */
export function mountSpa(app: Hono<AppEnv>, buildDir: string): void {
  const assets = (path: string) => (path.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  app.use('/*', staticFiles(buildDir, assets));
  app.get(
    '/*',
    staticFiles(buildDir, () => 'no-cache', FALLBACK_PAGE)
  );
}
