import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { checkReadiness, expectedMigrations } from './readiness.ts';

/**
 * Probes for a load balancer or an orchestrator, outside /api (no session, no CSRF guard) and
 * registered before the SPA's fallback, so an unknown path can never pass for healthy.
 * /healthz: the process answers (no database). /readyz: the database answers and is migrated.
 */
export function healthRoutes() {
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
    });
}
