import { defineConfig } from 'vitest/config';

const apiTests = ['tests/api/**/*.test.ts'];
const unitTests = ['server/**/*.test.ts', 'shared/**/*.test.ts', 'src/**/*.test.ts'];

/**
 * API tests run once on PGlite and, when TEST_DATABASE_URL is set, once more on PostgreSQL.
 * Each test file gets its own database (a copy of a migrated template), dropped at the end.
 */
// CI must prove the API on a real PostgreSQL too, not only on the embedded database.
if (process.env.CI && !process.env.TEST_DATABASE_URL) {
  throw new Error('CI runs the API tests on PostgreSQL as well: set TEST_DATABASE_URL (as .ci/run does).');
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'unit', include: unitTests, environment: 'node' } },
      {
        test: {
          name: 'api-pglite',
          include: apiTests,
          env: { TEST_DB: 'pglite' },
          globalSetup: ['tests/helpers/global-setup.ts']
        }
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                name: 'api-postgres',
                // tests/pg/ needs a real server (e.g. cutting its connection), so it runs here only.
                include: [...apiTests, 'tests/pg/**/*.test.ts'],
                env: { TEST_DB: 'postgres' },
                globalSetup: ['tests/helpers/global-setup.ts']
              }
            }
          ]
        : [])
    ]
  }
});
