import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { shopSettings, staffUsers } from '../../server/db/schema.ts';
import { DEMO_ACCOUNTS } from '../../server/db/seed-demo.ts';
import { openTestDb } from '../helpers/db.ts';
import { databaseUrl } from '../helpers/pg-urls.ts';

// The command itself, as an operator runs it on a DATABASE_URL.
const exec = promisify(execFile);
const seed = async (name: string, ...args: string[]) => {
  const env = { ...process.env, DATABASE_URL: databaseUrl(process.env.TEST_DATABASE_URL!, name) };
  try {
    const { stdout, stderr } = await exec(process.execPath, ['server/commands/seed-demo.ts', ...args], { env });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
};

const opened: Awaited<ReturnType<typeof openTestDb>>[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});

describe('npm run seed:demo on a DATABASE_URL', () => {
  it('refuses a database with a staff account: no admin with a public password, the shop not renamed', async () => {
    const database = await openTestDb();
    opened.push(database);
    await database.db.insert(staffUsers).values({ email: 'owner@shop.example', name: 'Owner', role: 'admin', passwordHash: 'x' });
    const result = await seed(database.name!);
    expect(result.code).toBe(1);
    expect(result.out).toContain('--force');
    expect(await database.db.select().from(staffUsers).where(eq(staffUsers.email, DEMO_ACCOUNTS.admin.email))).toEqual([]);
    expect((await database.db.select().from(shopSettings))[0]!.shopName).not.toBe('Maison Demo');
  });

  it('on an empty database prints one-time passwords and plants none of the public ones', async () => {
    const database = await openTestDb();
    opened.push(database);
    const result = await seed(database.name!);
    expect(result.code).toBe(0);
    expect(result.out).not.toContain(DEMO_ACCOUNTS.admin.password);
    const printed = /admin@example\.com \/ (\S+)/.exec(result.out)?.[1];
    const [admin] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, DEMO_ACCOUNTS.admin.email));
    expect(await verifyPassword(admin!.passwordHash, DEMO_ACCOUNTS.admin.password)).toBe(false);
    expect(await verifyPassword(admin!.passwordHash, printed!)).toBe(true);
  });
});
