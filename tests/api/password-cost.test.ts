import { silentLogger } from '../../server/http/log.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/client.ts';
import { staffUsers } from '../../server/db/schema.ts';
import { Agent, ORIGIN, setupApp, type TestContext } from '../helpers/app.ts';
import { createStaff, PASSWORD } from '../helpers/fixtures.ts';

/** The argon2 cost comes from `deps.passwords` only: production's unless a test passes its own to createApp. */

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

/** An admin of `app` adds a staff account; the stored hash of its one-time password. */
async function storedHashOfNewStaff(app: ReturnType<typeof createApp>, db: Db) {
  const admin = new Agent(app);
  const me = await createStaff(db, 'admin');
  expect((await admin.api.staff.auth['sign-in'].$post({ json: { email: me.email, password: PASSWORD } })).status).toBe(200);
  const email = `new-${me.id}@example.com`;
  expect((await admin.api.staff.accounts.$post({ json: { email, name: 'New', role: 'staff' } })).status).toBe(201);
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, email));
  return row!.passwordHash;
}

describe('the password cost', () => {
  it('is production’s (m=19456, t=2, p=1) when createApp is given no hasher, whatever the environment says', async () => {
    const env = { PUBLIC_URL: ORIGIN, ARGON2_MEMORY_COST: '64', ARGON2_TIME_COST: '1', NODE_ENV: 'test' };
    const app = createApp({ db: t.db, config: loadConfig(env), now: () => new Date() }, { logger: silentLogger() });
    expect(await storedHashOfNewStaff(app, t.db)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('is the tests’ token cost in the apps the tests build', async () => {
    expect(await storedHashOfNewStaff(t.app, t.db)).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
  });
});
