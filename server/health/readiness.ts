import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { pgSchema, serial } from 'drizzle-orm/pg-core';
import { migrationsFolder, type Db } from '../db/client.ts';

/** How long /readyz waits for the database before it says "not ready". */
export const READY_TIMEOUT_MS = 2_000;

/** drizzle's record of the migrations it applied (its own schema, not part of ours). */
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', { id: serial('id') });

export type Readiness = { ready: true } | { ready: false; reason: 'database_unreachable' | 'database_timeout' | 'migrations_pending' };

/** The number of migrations this build ships, read once from drizzle's journal. */
export function expectedMigrations(folder = migrationsFolder): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Ready when the database answers within `timeoutMs` and holds every migration this build ships.
 * One statement: the count of applied migrations (drizzle's own table) proves both.
 */
export async function checkReadiness(db: Db, expected: number, timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const applied = db
      .select({ n: count() })
      .from(appliedMigrations)
      .then(([row]) => row?.n ?? 0);
    const answer = await Promise.race([applied, timeout]);
    if (answer === 'timeout') {
      applied.catch(() => {}); // settles later; nobody waits for it any more
      return { ready: false, reason: 'database_timeout' };
    }
    return answer >= expected ? { ready: true } : { ready: false, reason: 'migrations_pending' };
  } catch {
    return { ready: false, reason: 'database_unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
