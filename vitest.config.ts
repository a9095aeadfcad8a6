import { globSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const apiTests = ['tests/api/**/*.test.ts'];
const unitTests = ['server/**/*.test.ts', 'shared/**/*.test.ts', 'src/**/*.test.ts'];

/**
 * API tests run once on PGlite and, when TEST_DATABASE_URL is set, once more on PostgreSQL.
 * Each test file gets its own database (a copy of a migrated template), dropped at the end.
 * A file that never opens that database (no setupApp, openTestDb, staffSuite or staffTest: it runs a
 * command, or migrates its own PGlite) would run the same twice, so it runs on PGlite only.
 */
// CI must prove the API on a real PostgreSQL too, not only on the embedded database.
if (process.env.CI && !process.env.TEST_DATABASE_URL) {
  throw new Error('CI runs the API tests on PostgreSQL as well: set TEST_DATABASE_URL (as .ci/run does).');
}
const opensTestDb = /\b(setupApp|openTestDb|staffSuite|staffTest)\b/;
const sameOnBoth = globSync(apiTests).filter((file) => !opensTestDb.test(readFileSync(file, 'utf8')));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // No file changes a module's state for the next one (no mocks, no globals in server/): a worker
    // keeps its imports (the server, drizzle, PGlite's WebAssembly) from file to file instead of
    // starting afresh for each, about half of the API files' CPU time.
    isolate: false,
    // At least two workers even on two cores: a PostgreSQL file waits on the server half its time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
                // The 50,000-line CSV import measures the importer's heap, which no database changes; its
                // minutes of upserts run once, on PGlite.
                exclude: [...sameOnBoth, 'tests/api/orders-import-csv-large.test.ts'],
                env: { TEST_DB: 'postgres' },
                globalSetup: ['tests/helpers/global-setup.ts']
              }
            }
          ]
        : [])
    ]
  }
});
