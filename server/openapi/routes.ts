import { Hono } from 'hono';
import pkg from '../../package.json' with { type: 'json' };
import { cookieName } from '../auth/cookies.ts';
import type { AppEnv } from '../deps.ts';
import { buildOpenApi, type RouteEntry } from './document.ts';
import { renderReference } from './page.ts';

/**
 * `GET /api/openapi.json` and its page `GET /api/docs`, built once, on first request, from the app's
 * own routes (`routes()` is read then, once every route is registered).
 */
export function openApiRoutes(routes: () => readonly RouteEntry[]) {
  let doc: ReturnType<typeof buildOpenApi> | undefined;
  let page: string | undefined;
  const documentOf = (config: AppEnv['Variables']['deps']['config']) =>
    (doc ??= buildOpenApi(routes(), {
      serverUrl: config.publicUrl.origin,
      version: pkg.version,
      cookies: { customer: cookieName(config, 'customer'), order: cookieName(config, 'order'), staff: cookieName(config, 'staff') }
    }));
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(documentOf(c.var.deps.config)))
    .get('/docs', (c) => c.html((page ??= renderReference(documentOf(c.var.deps.config)))));
}
