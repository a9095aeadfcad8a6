/**
 * `staffTest`: vitest's `test` with the API files' setting-up as fixtures, instead of the same
 * `let t…; beforeAll(staffSuite); afterAll(t.close)` header in every file. Set up once per file, on
 * first use, and closed after the file; only what a file's tests name is set up:
 * - `t`: the app on its own fresh database (tests/helpers/app.ts): a file whose tests name only `t` gets the bare app,
 * - `ids`: the default reasons and actions,
 * - `admin` / `staff`: agents signed in as a new admin and a new staff member (`adminMember`, `staffMember`: their rows),
 *   `suite`: all of these at once (`StaffSuite`), for a file's own helpers, which take it as their first argument.
 * A file whose app needs settings overrides `appEnv` once at its top: `it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV)`.
 */
import { test } from 'vitest';
import { setupApp } from './app.ts';
import { catalogIds, staffMembers } from './staff.ts';

export type StaffSuite = Awaited<ReturnType<typeof staffMembers>>;

/** A shop secret and a webhook address nothing answers at: the app signs pushes and queues webhooks (relayed by no one). */
export const WEBHOOK_ENV = { SHOP_SECRET: 'webhook-secret-for-tests-0123456789abcd', WEBHOOK_URL: 'http://127.0.0.1:9/hooks' };

export const staffTest = test
  .extend('appEnv', { scope: 'file' }, {} as Record<string, string>)
  .extend('t', { scope: 'file' }, async ({ appEnv }, { onCleanup }) => {
    const t = await setupApp(appEnv);
    onCleanup(() => t.close());
    return t;
  })
  .extend('ids', { scope: 'file' }, ({ t }) => catalogIds(t.db))
  .extend('suite', { scope: 'file' }, ({ t, ids }) => staffMembers(t, ids))
  .extend('admin', { scope: 'file' }, ({ suite }) => suite.admin)
  .extend('adminMember', { scope: 'file' }, ({ suite }) => suite.adminMember)
  .extend('staff', { scope: 'file' }, ({ suite }) => suite.staff)
  .extend('staffMember', { scope: 'file' }, ({ suite }) => suite.staffMember);
