import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';

export type Spa = { html: string; scriptHashes: string[] };

/** Reads the built fallback page once and hashes its inline bootstrap script(s) for the CSP. */
export function loadSpa(buildDir: string): Spa | null {
  const file = join(buildDir, '200.html');
  if (!existsSync(file)) return null;
  const html = readFileSync(file, 'utf8');
  const scriptHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`
  );
  return { html, scriptHashes };
}

/** Serves hashed assets with a long cache, other files briefly, and the SPA page for every other GET. */
export function mountSpa(app: Hono<AppEnv>, buildDir: string, spa: Spa): void {
  app.use(
    '/*',
    serveStatic({
      root: buildDir,
      onFound: (path, c) => {
        c.header('Cache-Control', path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      }
    })
  );
  app.get('/*', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(spa.html);
  });
}
