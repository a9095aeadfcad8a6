import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { RETURN_STATES, type ReturnState } from '../../shared/states.ts';
import { requireStaff } from '../auth/middleware.ts';
import { returns } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';

/** Staff endpoints: every route needs a staff session. */
export const staffRoutes = new Hono<AppEnv>()
  .use(requireStaff())
  .get('/returns/counts', async (c) => {
    const rows = await c.var.deps.db
      .select({ state: returns.state, n: sql<number>`count(*)::int` })
      .from(returns)
      .groupBy(returns.state);
    const counts = Object.fromEntries(RETURN_STATES.map((s) => [s, 0])) as Record<ReturnState, number>;
    for (const r of rows) counts[r.state as ReturnState] = r.n;
    return c.json({ counts });
  });
