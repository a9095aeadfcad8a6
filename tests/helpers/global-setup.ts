import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../server/db/client.ts';
import { adminUrl, databaseUrl, TEMPLATE_DB } from './pg-urls.ts';

/** Builds one migrated template per run: a PGlite data-dir dump, or a PostgreSQL template database. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DB === 'postgres' || project.config.env?.TEST_DB === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const { default: postgres } = await import('postgres');
    const admin = postgres(adminUrl(base), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE_DB}`);
    const tpl = await openPostgres(databaseUrl(base, TEMPLATE_DB), { max: 1 });
    await tpl.close();
    project.provide('pgTemplate', TEMPLATE_DB);
    return async () => {
      await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'reprise-pglite-'));
  const db = await openPglite('memory://');
  const dump = await (db.db as unknown as { $client: { dumpDataDir: (c: 'none') => Promise<Blob> } }).$client.dumpDataDir('none');
  await db.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
