import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedMigrations } from '../../server/health/readiness.ts';
import { Agent, setupApp, type TestContext } from '../helpers/app.ts';

let t: TestContext;
let agent: Agent;
beforeAll(async () => {
  t = await setupApp();
  agent = new Agent(t.app);
});
afterAll(() => t.close());

describe('health probes', () => {
  it('/healthz answers 200 JSON, never cached, with no session', async () => {
    const res = await agent.get('/healthz', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz answers 200 on a migrated database', async () => {
    const res = await agent.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  it('/readyz answers 503 with a reason while a migration of this build is not applied', async () => {
    expect(expectedMigrations()).toBeGreaterThan(10);
    await t.db.execute(sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`);
    const res = await agent.get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not_ready', reason: 'migrations_pending' });
    expect(res.headers.get('retry-after')).toBe('5');
  });
});
