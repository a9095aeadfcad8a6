import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { eq, sql } from 'drizzle-orm';
import { migrationsFolder } from '../../server/db/client.ts';
import { oldMigrations, oldShop } from '../helpers/old-database.ts';
import { orderLines, returnLines, returns } from '../../server/db/schema.ts';
import { creditView } from '../../server/returns/settlement.ts';

// A database as it was before receipts and credits (migrations 0000-0001), with returns in every
// settled state, then brought up to date: every return stays valid, and what was never recorded reads as unknown.
let old: Awaited<ReturnType<typeof oldMigrations>>;
beforeAll(async () => {
  old = await oldMigrations((entries) => entries.filter((e) => e.tag === '0000_init' || e.tag === '0001_read_path_indexes'));
});
afterAll(() => old.close());

describe('the receipt and credit migrations (0005, 0006)', () => {
  it('keeps every existing return valid: old receipts whole, old credits decided with an unknown amount, never zero', async () => {
    const db = await oldShop(old, 3);
    const states = ['requested', 'received', 'credited'];
    for (const [i, state] of states.entries()) {
      await db.execute(sql`insert into returns (number, order_id, customer_id, state) values (${`R-OLD1-${i + 1}`}, 1, 1, ${state})`);
      await db.execute(
        sql`insert into return_lines (return_id, order_line_id, quantity, reason_id, action_id) values (${i + 1}, 1, 1, 1, 1)`
      );
    }

    await migrate(db, { migrationsFolder });

    const rets = await db.select().from(returns).orderBy(returns.id);
    const lines = await db.select().from(returnLines).orderBy(returnLines.id);
    expect(lines.map((l) => [l.unitsReceived, l.condition, l.unitsCredited, l.amountCreditedCents])).toEqual([
      [null, null, null, null],
      [1, null, null, null],
      [1, null, null, null]
    ]);
    expect(rets.map((r) => r.creditDecidedAt !== null)).toEqual([false, false, true]);
    // The credited return's credit: decided (it is never credited again) and its amount unknown, not zero.
    expect(creditView(rets[2]!, 'EUR', [lines[2]!])).toMatchObject({ method: null, totalCents: null, totals: null, currency: 'EUR' });
    expect(creditView(rets[1]!, 'EUR', [lines[1]!])).toBeNull();
    const [line] = await db.select().from(orderLines).where(eq(orderLines.id, 1));
    expect(line).toMatchObject({ unitsCredited: 0, amountCreditedCents: 0 });
  });
});
