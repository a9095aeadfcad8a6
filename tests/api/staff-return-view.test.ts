/**
 * What staff see of a return, read in one statement (docs/decisions.md, "the staff view in one statement"):
 * the same answer as the page gets, counted through a drizzle logger on the same database.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import * as schema from '../../server/db/schema.ts';
import { staffReturnView } from '../../server/staff/views.ts';
import { onPostgres } from '../helpers/db.ts';
import { setExchangesEnabled } from '../helpers/exchanges.ts';
import { mixedReturn } from '../helpers/mixed-return.ts';
import { detail, save } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

/** A handle on the same database whose every statement is written down. */
async function counting(db: Db): Promise<{ db: Db; statements: string[] }> {
  const statements: string[] = [];
  const logger = { logQuery: (query: string) => void statements.push(query) };
  const client = (db as unknown as { session: { client: never } }).session.client;
  const db2 = onPostgres
    ? (await import('drizzle-orm/postgres-js')).drizzle(client, { schema, logger })
    : (await import('drizzle-orm/pglite')).drizzle(client, { schema, logger });
  return { db: db2 as unknown as Db, statements };
}

it('reads a return with an exchange, a restock, messages and its trail in one statement, the same answer as the page gets', async ({
  t,
  ids,
  staff
}) => {
  await setExchangesEnabled(t.db, true);
  const made = await mixedReturn(t, ids, staff);
  const noted = await save(staff, made.number, { version: made.version, customerMessage: 'Your M is on its way.', staffNote: 'Checked' });
  expect(noted.status, JSON.stringify(noted.body)).toBe(200);
  const shown = await detail(staff, made.number);
  const [ret] = await t.db.select({ id: schema.returns.id }).from(schema.returns).where(eq(schema.returns.number, made.number));
  const { db, statements } = await counting(t.db);
  const view = await staffReturnView(db, { id: ret!.id }, { role: 'staff' }, t.clock.now);
  expect(JSON.parse(JSON.stringify(view.return))).toEqual(shown);
  expect(shown.lines.map((l: { replacement: unknown }) => l.replacement !== null)).toEqual([true, false]);
  expect(shown.messages).toHaveLength(1);
  expect(statements.length, statements.join('\n\n')).toBe(1);
});
