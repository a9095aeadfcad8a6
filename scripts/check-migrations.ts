/**
 * Fails when `server/db/schema.ts` and the migrations in `drizzle/` disagree: `drizzle-kit generate`,
 * run on a copy of `drizzle/`, must find nothing to write. Run by `npm run lint` (and so by `npm test`).
 * A schema change needs its migration: `npx drizzle-kit generate --name <what>` (docs/decisions.md).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const drizzleKit = join(root, 'node_modules/drizzle-kit/bin.cjs');

/** Every file under `dir`, as paths relative to it. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

// drizzle-kit takes `--out` relative to the working directory (and answers 0 even when it fails), so
// the copy lives inside the checkout, in a folder that git, ESLint and Prettier ignore.
const cache = join(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const copy = mkdtempSync(join(cache, 'reprise-migrations-'));
try {
  cpSync(join(root, 'drizzle'), copy, { recursive: true });
  const before = new Set(filesIn(copy));
  const out = relative(root, copy);
  const run = spawnSync(
    process.execPath,
    [drizzleKit, 'generate', '--dialect', 'postgresql', '--schema', './server/db/schema.ts', '--out', out, '--name', 'schema_drift'],
    // No terminal: drizzle-kit cannot stop to ask whether a column was renamed; it fails instead.
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }
  );
  const added = filesIn(copy).filter((file) => !before.has(file));
  const nothingToDo = run.status === 0 && /No schema changes, nothing to migrate/.test(run.stdout ?? '');
  if (!nothingToDo || added.length > 0) {
    console.error(
      added.length
        ? `server/db/schema.ts and drizzle/ disagree: drizzle-kit generate would write ${added.join(', ')}.\n` +
            'Generate the migration (npx drizzle-kit generate --name <what>) and commit it.'
        : `drizzle-kit generate did not confirm that nothing changed (status ${run.status}).`
    );
    console.error(`${run.stdout ?? ''}${run.stderr ?? ''}`.trim());
    process.exitCode = 1;
  } else console.log('server/db/schema.ts and drizzle/ agree.');
} finally {
  rmSync(copy, { recursive: true, force: true });
}
