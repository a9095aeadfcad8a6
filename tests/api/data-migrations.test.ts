import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { returnMessages, returns } from '../../server/db/schema.ts';
import { customerOrder, lineInput, staffCreate } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

/** Runs a hand-written migration's SQL again, on rows shaped as they were before it. */
const runMigration = (t: TestContext, file: string) =>
  t.db.execute(sql.raw(readFileSync(new URL(`../../drizzle/${file}`, import.meta.url), 'utf8')));

describe('hand-written data migrations', () => {
  it('0009 makes a return’s single old message the first of its thread, written by staff at the return’s last change', async ({
    ids,
    staff,
    t
  }) => {
    const { order, lines } = await customerOrder(t);
    const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const [row] = await t.db.select().from(returns).where(eq(returns.number, ret.number));
    const at = new Date('2026-10-01T08:00:00Z');
    await t.db.update(returns).set({ customerMessage: 'Use the prepaid label', updatedAt: at }).where(eq(returns.id, row!.id));
    await t.db.delete(returnMessages);
    await runMigration(t, '0009_copy_customer_message.sql');
    const kept = await t.db.select().from(returnMessages).where(eq(returnMessages.returnId, row!.id));
    expect(kept).toMatchObject([{ body: 'Use the prepaid label', authorRole: 'staff', createdAt: at }]);
  });

  it('0010 marks the comment of a return staff created as staff-only', async ({ ids, staff, t }) => {
    const { order, lines } = await customerOrder(t);
    const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)], comment: 'Counter' });
    await t.db.update(returns).set({ customerCommentBy: 'customer' }).where(eq(returns.number, ret.number));
    await runMigration(t, '0010_staff_comments_staff_only.sql');
    const [row] = await t.db.select().from(returns).where(eq(returns.number, ret.number));
    expect(row!.customerCommentBy).toBe('staff');
  });
});
