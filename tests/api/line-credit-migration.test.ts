import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import { migrationsFolder } from '../../server/db/client.ts';
import { oldMigrations, oldShop } from '../helpers/old-database.ts';
import { returnLines, returns } from '../../server/db/schema.ts';
import { creditView } from '../../server/returns/settlement.ts';

// A database as it was before a credit method per line (migrations up to 0014), with a return credited
// with one method, one whose method was never recorded and one not credited, then brought up to date.
let old: Awaited<ReturnType<typeof oldMigrations>>;
beforeAll(async () => {
  old = await oldMigrations((entries) => entries.slice(0, entries.findIndex((e) => e.tag === '0014_exchange_invariants') + 1));
});
afterAll(() => old.close());

describe('the credit-per-line migrations (0015, 0016)', () => {
  it('gives each credited line its return’s method; an unknown method stays unknown; the credit reads as before', async () => {
    const db = await oldShop(old, 4);
    // R-OLD1-1: credited as store credit, €20.00 less €5.00 return shipping; R-OLD1-2: credited, method unknown; R-OLD1-3: received.
    await db.execute(sql`insert into returns (number, order_id, customer_id, state, credit_method, credit_decided_at, shipping_deduction_cents, credit_total_cents)
      values ('R-OLD1-1', 1, 1, 'credited', 'store_credit', now(), 500, 1500), ('R-OLD1-2', 1, 1, 'credited', null, now(), null, null),
      ('R-OLD1-3', 1, 1, 'received', null, null, null, null)`);
    await db.execute(sql`insert into return_lines (return_id, order_line_id, quantity, reason_id, action_id, units_received, units_credited, amount_credited_cents)
      values (1, 1, 1, 1, 1, 1, 1, 2000), (2, 1, 1, 1, 1, 1, null, null), (3, 1, 1, 1, 1, 1, null, null)`);

    await migrate(db, { migrationsFolder });

    const lines = await db.select().from(returnLines).orderBy(returnLines.id);
    expect(lines.map((l) => l.creditMethod)).toEqual(['store_credit', null, null]);
    const rets = await db.select().from(returns).orderBy(returns.id);
    expect(creditView(rets[0]!, 'EUR', [lines[0]!])).toMatchObject({
      method: 'store_credit',
      totalCents: 1500,
      totals: { refund: 0, store_credit: 1500, replacement: 0 }
    });
    expect(creditView(rets[1]!, 'EUR', [lines[1]!])).toMatchObject({ method: null, totalCents: null, totals: null });
    expect(creditView(rets[2]!, 'EUR', [lines[2]!])).toBeNull();
    // The migrated method is decided, like the rest of the credit.
    await expect(db.execute(sql`update return_lines set credit_method = 'refund' where id = 1`)).rejects.toThrow();
  });
});
