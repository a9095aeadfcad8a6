/**
 * `staffTest`: vitest's `test` with the staff API files' setting-up as fixtures, instead of the same
 * `let t…; beforeAll(staffSuite); afterAll(t.close)` header in every file. Set up once per file, on
 * first use, and closed after the file:
 * - `t`: the app on its own fresh database (tests/helpers/app.ts), `ids`: the default reasons and actions,
 * - `admin` / `staff`: agents signed in as a new admin and a new staff member (`adminMember`, `staffMember`: their rows).
 * A file whose app needs settings overrides `appEnv` once at its top: `staffTest.override('appEnv', { SHOP_SECRET: '…' })`.
 */
import { test } from 'vitest';
import { staffSuite } from './staff.ts';

type Suite = Awaited<ReturnType<typeof staffSuite>>;

export const staffTest = test
  .extend('appEnv', { scope: 'file' }, {} as Record<string, string>)
  .extend('suite', { scope: 'file' }, async ({ appEnv }, { onCleanup }): Promise<Suite> => {
    const suite = await staffSuite(appEnv);
    onCleanup(() => suite.t.close());
    return suite;
  })
  .extend('t', { scope: 'file' }, ({ suite }) => suite.t)
  .extend('ids', { scope: 'file' }, ({ suite }) => suite.ids)
  .extend('admin', { scope: 'file' }, ({ suite }) => suite.admin)
  .extend('adminMember', { scope: 'file' }, ({ suite }) => suite.adminMember)
  .extend('staff', { scope: 'file' }, ({ suite }) => suite.staff)
  .extend('staffMember', { scope: 'file' }, ({ suite }) => suite.staffMember);
