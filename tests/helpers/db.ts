import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, Db } from '../../server/db/client.ts';
import { openPostgres } from '../../server/db/client.ts';
import { ensureDefaults } from '../../server/db/defaults.ts';
import * as schema from '../../server/db/schema.ts';
import { adminUrl, databaseUrl } from './pg-urls.ts';

export const onPostgres = process.env.TEST_DB === 'postgres';

/** A fresh, migrated database with the default settings, reasons and actions, for one test file. */
export async function openTestDb(): Promise<Database & { name?: string }> {
  let database: Database & { name?: string };
  if (onPostgres) {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `reprise_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const { default: postgres } = await import('postgres');
    const admin = postgres(adminUrl(base), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${inject('pgTemplate')}`);
    const opened = await openPostgres(databaseUrl(base, name), { max: 20 });
    database = {
      ...opened,
      name,
      close: async () => {
        await opened.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    };
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite({ loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await client.waitReady;
    const db = drizzle(client, { schema }) as unknown as Db;
    database = { db, kind: 'pglite', created: true, close: () => client.close() };
  }
  await ensureDefaults(database.db);
  return database;
}
