import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, orders, outbox } from '../../server/db/schema.ts';
import { customerOrder, lineInput, save, staffCreate } from '../helpers/staff.ts';
import { staffTest as it, type StaffSuite } from '../helpers/staff-test.ts';

// Money in the emails is written in the order's currency with that currency's own digits, in the
// shopper's language, by the same formatter the pages use (shared/money.ts).

/** A received return of one line of `price` minor units in `currency`, credited with the shopper notified; the email's text. */
async function creditEmail({ ids, staff, t }: StaffSuite, currency: string, price: number, locale: 'en' | 'fr'): Promise<string> {
  const made = await customerOrder(t, { lines: [{ quantity: 1, price }] });
  await t.db.update(orders).set({ currency }).where(eq(orders.id, made.order.id));
  await t.db.update(customers).set({ locale }).where(eq(customers.id, made.customer.id));
  const ret = await staffCreate(staff, {
    orderNumber: made.order.number,
    lines: [lineInput(ids, made.lines[0]!.id, 1)],
    state: 'received'
  });
  await t.db.delete(outbox);
  const res = await save(staff, ret.number, { version: ret.version, state: 'credited', notify: true });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const rows = await t.db.select().from(outbox).where(eq(outbox.kind, 'email'));
  expect(rows).toHaveLength(1);
  return (rows[0]!.payload as { text: string }).text.replace(/[\u00a0\u202f]/g, ' ');
}

describe('the credit email of an order in yen, euros or Kuwaiti dinars', () => {
  it('writes 4500 yen as ¥4,500, as the order’s page does', async ({ suite }) => {
    const text = await creditEmail(suite, 'JPY', 4500, 'en');
    expect(text).toContain('¥4,500 will be refunded to your original payment method');
    expect(text).not.toContain('JP¥');
  });

  it('writes euros with 2 decimals and dinars with 3, in French too', async ({ suite }) => {
    expect(await creditEmail(suite, 'EUR', 4500, 'fr')).toContain('45,00 € vous sera remboursé');
    expect(await creditEmail(suite, 'KWD', 4500, 'en')).toContain('KWD 4.500 will be refunded');
    expect(await creditEmail(suite, 'JPY', 4500, 'fr')).toContain('4 500 JPY vous sera remboursé');
  });
});
