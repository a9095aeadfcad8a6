import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { pgliteTemplate } from './pglite-template.ts';
import * as schema from './schema.ts';

/** One database type for both drivers: PGlite (embedded) and postgres.js (a PostgreSQL server). A transaction is a Db too: services take either. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** True when this call created a new embedded database (used to seed the demo shop once). */
  created: boolean;
  close: () => Promise<void>;
};

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Migrations run under an advisory lock so several instances starting together do not race. */
const MIGRATION_LOCK = 724_001;

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const quiet = { onnotice: () => {}, connect_timeout: 10 };
  // Migrations need a single connection (the lock and the migrator must share it).
  const one = postgres(url, { ...quiet, max: 1 });
  try {
    const mdb = drizzle(one);
    await mdb.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      // Nothing to apply: no DDL at all, so the app may run as a role that does not own its tables
      // (README, "Run the app as a role that does not own its tables").
      if (await migrationsPending(mdb)) {
        await migrate(mdb, { migrationsFolder }).catch((err: unknown) => {
          const code = (err as { cause?: { code?: string } }).cause?.code;
          if (code !== '42501') throw err;
          throw new Error(
            'migrations are pending and this role may not apply them: run `npm run db:migrate` with the owner role in DATABASE_URL first',
            { cause: err }
          );
        });
      }
    } finally {
      await mdb.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await one.end({ timeout: 5 });
  }
  const client = postgres(url, { ...quiet, max: opts.max ?? 10 });
  const db = drizzle(preparingEverything(client), { schema }) as unknown as Db;
  return { db, kind: 'postgres', created: false, close: () => client.end({ timeout: 5 }) };
}

/**
 * True when a migration of the folder is not applied yet (or the migrations table is missing or
 * unreadable), by the migrator's own rule: one newer than the last applied is pending.
 */
async function migrationsPending(mdb: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }): Promise<boolean> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const newest = Math.max(0, ...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  try {
    const rows = (await mdb.execute(sql`select max(created_at) as last from drizzle.__drizzle_migrations`)) as { last: string | null }[];
    return Number(rows[0]?.last ?? 0) < newest;
  } catch {
    return true;
  }
}

type Client = {
  unsafe: (query: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;
  begin: (...args: unknown[]) => unknown;
  savepoint: (...args: unknown[]) => unknown;
};

/**
 * The postgres.js client drizzle talks to, with every statement prepared (named, kept per
 * connection by its text). drizzle sends the queries it has not `.prepare()`d through `unsafe` with
 * `prepare: false`, and postgres.js then parses, describes and plans each one again, in two round
 * trips; a return request runs about twenty of them. Transactions and savepoints hand drizzle a new
 * client, wrapped the same way. The texts are drizzle's, with parameters, so their number is bounded.
 */
function preparingEverything<C extends object>(client: C): C {
  return new Proxy(client, {
    get(target, key, receiver) {
      const c = target as unknown as Client;
      if (key === 'unsafe')
        return (query: string, params?: unknown[], options?: object) => c.unsafe(query, params, { ...options, prepare: true });
      if (key === 'begin' || key === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: object) => unknown;
          return c[key](...args, (tx: object) => fn(preparingEverything(tx)));
        };
      }
      return Reflect.get(target, key, receiver);
    }
  });
}

/**
 * PGlite's Postgres keeps its shared buffers in the WebAssembly memory, all of it touched: 16 MB
 * instead of the default 128 MB is plenty for a shop that fits an embedded database.
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB'];

async function loadPglite() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const open = (dir: string | undefined) => new PGlite(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  return { open, drizzle, migrate };
}

/** The migrated data directory new embedded databases are copied from (made now if missing); undefined if it cannot be cached. */
export async function preparePgliteTemplate(): Promise<string | undefined> {
  return pgliteTemplate(migrationsFolder, async (dir) => {
    const { open, drizzle, migrate } = await loadPglite();
    const client = open(dir);
    await migrate(drizzle(client), { migrationsFolder });
    await client.close();
  });
}

/** Opens PGlite in `dataDir` ('memory://' for a throw-away database) and applies migrations. */
export async function openPglite(dataDir: string): Promise<Database> {
  const { open, drizzle, migrate } = await loadPglite();
  const inMemory = dataDir.startsWith('memory://');
  let created = inMemory;
  if (!inMemory) {
    created = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
    mkdirSync(dataDir, { recursive: true });
    const template = created ? await preparePgliteTemplate() : undefined;
    // Without a template (read-only cache), PGlite runs initdb in dataDir and the migrations follow.
    if (template) cpSync(template, dataDir, { recursive: true });
  }
  const client = open(inMemory ? undefined : dataDir);
  await client.waitReady;
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', created, close: () => client.close() };
}

export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
  // object not in prerequisite state: e.g. a server still in recovery or a database not accepting connections yet
  '55000'
]);

/**
 * True when an error means the database cannot serve right now (answer 503 with Retry-After, keep
 * running): unreachable or cut connections (08xxx), shutdown (57P0x), insufficient resources
 * (53xxx: too many connections, disk full, out of memory…) and 55000.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || code.startsWith('53'))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** True for a deadlock or serialization failure: the transaction was rolled back and may be retried. */
export function isConcurrencyConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
