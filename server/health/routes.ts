import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { errorBody } from '../http/errors.ts';
import { bearerMatches, type Metrics } from './metrics.ts';
import { checkReadiness, expectedMigrations } from './readiness.ts';

/**
 * Probes for a load balancer or an orchestrator, outside /api (no session, no CSRF guard) and
 * registered before the SPA's fallback, so an unknown path can never pass for healthy.
 * /healthz: the process answers (no database). /readyz: the database answers and is migrated.
 * /metrics: Prometheus text, only with METRICS_TOKEN set and sent as a bearer token.
 */
export function healthRoutes(metrics: Metrics | undefined) {
  const expected = expectedMigrations();
  return new Hono<AppEnv>()
    .get('/healthz', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ status: 'ok' });
    })
    .get('/readyz', async (c) => {
      c.header('Cache-Control', 'no-store');
      const readiness = await checkReadiness(c.var.deps.db, expected);
      if (readiness.ready) return c.json({ status: 'ready' });
      c.header('Retry-After', '5');
      return c.json({ status: 'not_ready', reason: readiness.reason }, 503);
    })
    .get('/metrics', async (c) => {
      const token = c.var.deps.config.metricsToken;
      if (!metrics || !token) return c.json(errorBody('not_found', 'Not found.'), 404);
      c.header('Cache-Control', 'no-store');
      if (!bearerMatches(c.req.header('authorization'), token)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return c.json(errorBody('unauthenticated', 'A valid metrics token is required.'), 401);
      }
      return c.body(await metrics.scrape(), 200, { 'Content-Type': metrics.registry.contentType });
    });
}
