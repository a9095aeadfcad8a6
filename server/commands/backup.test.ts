import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPasswords } from '../../tests/helpers/passwords.ts';
import { openPglite, type Db } from '../db/client.ts';
import { customers, orders } from '../db/schema.ts';
import { DEMO_ACCOUNTS, PUBLIC_DEMO_PASSWORDS, seedDemo } from '../db/seed-demo.ts';

const command = new URL('./backup.ts', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'reprise-backup-'));
const dataDir = join(root, 'data');

function backup(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [command, ...args],
      { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    );
  });
}

/** What a shop would miss if a restore lost it: its orders, and the shopper's account able to sign in. */
async function shopIn(db: Db) {
  const [orderCount] = await db.select({ n: count() }).from(orders);
  const [shopper] = await db
    .select({ hash: customers.passwordHash })
    .from(customers)
    .where(eq(customers.email, DEMO_ACCOUNTS.shopper.email));
  const signsIn = shopper?.hash ? await testPasswords.verify(shopper.hash, PUBLIC_DEMO_PASSWORDS.shopper) : false;
  return { orders: orderCount!.n, signsIn };
}

describe('npm run backup (embedded database)', () => {
  let before: Awaited<ReturnType<typeof shopIn>>;

  beforeAll(async () => {
    const database = await openPglite(dataDir);
    await seedDemo(database.db, testPasswords.hash);
    before = await shopIn(database.db);
    await database.close();
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes a dump that, unpacked into an empty data directory, opens as the same shop', async () => {
    expect(before.orders).toBeGreaterThan(0);
    expect(before.signsIn).toBe(true);
    const file = join(root, 'reprise.tar.gz');
    const run = await backup([file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Backed up .* to .*reprise\.tar\.gz \(\d+\.\d MB\)\./);
    expect(existsSync(`${file}.partial`)).toBe(false);

    // The restore the README gives: mkdir data && tar -xzf FILE -C data, then the portal opens it.
    const restored = join(root, 'restored');
    mkdirSync(restored);
    execFileSync('tar', ['-xzf', file, '-C', restored], { stdio: 'pipe' });
    const reopened = await openPglite(restored);
    try {
      expect(reopened.created).toBe(false);
      expect(await shopIn(reopened.db)).toEqual(before);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('refuses to overwrite a file, and names pg_dump when DATABASE_URL is set', async () => {
    const taken = join(root, 'taken.tar.gz');
    writeFileSync(taken, 'an older backup');
    const overwrite = await backup([taken]);
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toContain('already exists');

    const postgres = await backup([join(root, 'pg.tar.gz')], { DATABASE_URL: 'postgres://reprise@127.0.0.1:1/reprise' });
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toContain('pg_dump');
    expect(existsSync(join(root, 'pg.tar.gz'))).toBe(false);
  }, 60_000);

  it('refuses a data directory that holds no database, and a missing file name', async () => {
    const empty = await backup([join(root, 'x.tar.gz')], { DATA_DIR: join(root, 'nothing-here') });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('There is no embedded database in');
    const noFile = await backup([]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('Usage: npm run backup -- FILE');
  }, 60_000);
});
