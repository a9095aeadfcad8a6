import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A new embedded data directory starts as a copy of a migrated one, made once per set of migrations
 * and PGlite version and kept under node_modules/.cache/reprise/: copying ~40 MB takes a fraction
 * of a second where initdb + migrations take 4–10 s.
 */
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/reprise/', import.meta.url));

/** Names the template after what it is made of, so a new migration or PGlite release makes a new one. */
function templateKey(migrationsFolder: string): string {
  const hash = createHash('sha256');
  const pglite = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  hash.update(JSON.parse(readFileSync(pglite, 'utf8')).version);
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const path = join(migrationsFolder, file);
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where the template for these migrations is (or will be) kept. */
export function templateDir(migrationsFolder: string): string {
  return join(cacheDir, `pglite-${templateKey(migrationsFolder)}`);
}

/** True when the template for these migrations has been made. */
export function hasPgliteTemplate(migrationsFolder: string): boolean {
  return existsSync(join(templateDir(migrationsFolder), 'PG_VERSION'));
}

/**
 * Returns the migrated template directory, making it first if needed with `create` (which must
 * leave a closed PGlite data directory in the path it is given). Several processes may race to
 * make it: each builds its own copy and the first rename wins. Undefined when the cache cannot be
 * written (a read-only install): the caller then initialises the data directory itself.
 */
export async function pgliteTemplate(migrationsFolder: string, create: (dir: string) => Promise<void>): Promise<string | undefined> {
  const dir = templateDir(migrationsFolder);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const scratch = `${dir}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    rmSync(scratch, { recursive: true, force: true });
    await create(scratch);
    try {
      renameSync(scratch, dir);
    } catch {
      rmSync(scratch, { recursive: true, force: true }); // another process made it first
    }
    return existsSync(join(dir, 'PG_VERSION')) ? dir : undefined;
  } catch {
    rmSync(scratch, { recursive: true, force: true });
    return undefined;
  }
}
