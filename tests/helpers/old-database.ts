/** A database as it was before some migrations, for the migration tests (not a test file itself). */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle, type PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../../server/db/client.ts';

type JournalEntry = { tag: string };

/** An empty PGlite and a copy of the migrations whose journal keeps only the entries `keep` leaves; `close` removes both. */
export async function oldMigrations(keep: (entries: JournalEntry[]) => JournalEntry[]) {
  const dir = await mkdtemp(join(tmpdir(), 'reprise-migration-'));
  await cp(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: JournalEntry[] };
  journal.entries = keep(journal.entries);
  await writeFile(journalPath, JSON.stringify(journal));
  const pg = new PGlite();
  const close = async () => {
    await pg.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { dir, pg, close };
}

/**
 * What every old return hangs on: customer 1 (old@example.com), reason 1 (wrong size) and action 1
 * (refund), order OLD1 and its line 1: `quantity` shirts at €20.00, 3 of them on returns.
 */
export async function oldOrder(db: PgliteDatabase, quantity: number) {
  await db.execute(sql`insert into customers (email, first_name) values ('old@example.com', 'Old')`);
  await db.execute(sql`insert into return_reasons (code, label_en, label_fr) values ('wrong_size', 'Wrong size', 'Mauvaise taille')`);
  await db.execute(sql`insert into return_actions (code, label_en, label_fr) values ('refund', 'Refund', 'Remboursement')`);
  await db.execute(
    sql`insert into orders (number, customer_id, email, total_cents, placed_at) values ('OLD1', 1, 'old@example.com', ${2000 * quantity}, now())`
  );
  await db.execute(sql`insert into order_lines (order_id, product_name, sku, unit_price_cents, quantity, units_on_returns)
      values (1, 'Shirt', 'S1', 2000, ${quantity}, 3)`);
}

/** The old database of `oldMigrations`, migrated as far as its journal goes, with `oldOrder(quantity)` in it. */
export async function oldShop(old: { dir: string; pg: PGlite }, quantity: number): Promise<PgliteDatabase> {
  const db = drizzle(old.pg);
  await migrate(db, { migrationsFolder: old.dir });
  await oldOrder(db, quantity);
  return db;
}
