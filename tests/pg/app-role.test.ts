import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openPostgres, type Database } from '../../server/db/client.ts';
import { ensureDefaults } from '../../server/db/defaults.ts';
import { withdrawals } from '../../server/db/schema.ts';
import { Agent, ORIGIN } from '../helpers/app.ts';
import { adminUrl, databaseUrl } from '../helpers/pg-urls.ts';

// The README's "Run the app as a role that does not own its tables": the owner runs the migrations
// (npm run db:migrate), the app connects as a role with SELECT/INSERT/UPDATE/DELETE only, and the
// append-only withdrawal tables then resist the app's own connection too (an owner could disable the
// triggers; the app role cannot).
const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const owner = `reprise_owner_${suffix}`;
const appRole = `reprise_app_${suffix}`;
const name = `reprise_roles_${suffix}`;
const base = process.env.TEST_DATABASE_URL!;
const as = (role: string) => {
  const url = new URL(databaseUrl(base, name));
  url.username = role;
  url.password = '';
  return url.toString();
};

let admin: { unsafe: (q: string) => Promise<unknown>; end: () => Promise<void> };
let app: Database | undefined;
beforeAll(async () => {
  const { default: postgres } = await import('postgres');
  admin = postgres(adminUrl(base), { max: 1, onnotice: () => {} }) as unknown as typeof admin;
  await admin.unsafe(`create role ${owner} login`);
  await admin.unsafe(`create role ${appRole} login`);
  await admin.unsafe(`create database ${name} owner ${owner}`);
  // The one-time set-up of the README, run by the owner in the new database.
  const setup = postgres(as(owner), { max: 1, onnotice: () => {} });
  await setup.unsafe(`revoke create on schema public from public`);
  await setup.unsafe(`grant usage on schema public to ${appRole}`);
  await setup.unsafe(`alter default privileges for role ${owner} grant usage on schemas to ${appRole}`);
  await setup.unsafe(`alter default privileges for role ${owner} grant select, insert, update, delete on tables to ${appRole}`);
  await setup.unsafe(`alter default privileges for role ${owner} grant usage, select on sequences to ${appRole}`);
  await setup.end();
  // npm run db:migrate, as the owner.
  const migrated = await openPostgres(as(owner), { max: 1 });
  await migrated.close();
});
afterAll(async () => {
  await app?.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`drop role if exists ${appRole}`);
  await admin.unsafe(`drop role if exists ${owner}`);
  await admin.end();
});

describe('the app as a role that does not own its tables', () => {
  it('starts (no migration left to run), serves, and cannot change or remove a withdrawal statement', async () => {
    app = await openPostgres(as(appRole), { max: 2 });
    await ensureDefaults(app.db);
    const server = new Agent(
      createApp({ db: app.db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() }, { log: () => {} })
    );
    expect((await server.get('/api/shop')).status).toBe(200);

    const [row] = await app.db
      .insert(withdrawals)
      .values({
        reference: 'W-ROLE-1',
        name: 'Ada',
        email: 'ada@example.com',
        orderNumber: '1001',
        locale: 'en',
        clientAddress: '192.0.2.1',
        submittedAt: new Date()
      })
      .returning();
    const refused = async (run: () => Promise<unknown>) => {
      const err = await run().then(
        () => null,
        (e: { cause?: { code?: string }; code?: string }) => e
      );
      expect(err).not.toBeNull();
      return err!.cause?.code ?? err!.code;
    };
    expect(await refused(() => app!.db.update(withdrawals).set({ name: 'Eve' }).where(eq(withdrawals.id, row!.id)))).toBe('42501');
    expect(await refused(() => app!.db.delete(withdrawals).where(eq(withdrawals.id, row!.id)))).toBe('42501');
    // What an owner could do, the app role cannot: switch the triggers off, or empty the table.
    expect(await refused(() => app!.db.execute(sql`alter table withdrawals disable trigger user`))).toBe('42501');
    expect(await refused(() => app!.db.execute(sql`truncate withdrawals`))).toBe('42501');
    const [kept] = await app.db.select().from(withdrawals).where(eq(withdrawals.id, row!.id));
    expect(kept!.name).toBe('Ada');
  });
});
