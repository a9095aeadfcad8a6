import { describe, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../server/db/schema.ts';
import { customerOrder, detail, lineInput, save, signInShopper, staffCreate } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

async function emailsTo(t: TestContext, email: string, topic: string) {
  const rows = await t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, email), eq(outbox.topic, topic)))
    .orderBy(outbox.id);
  return rows.map((r) => (r.payload as { text: string }).text);
}

describe('the shop’s messages to the customer', () => {
  it('keeps every message with its date and author role; the shopper and staff see them all; the email carries only the new one', async ({
    admin,
    ids,
    staff,
    t
  }) => {
    const { customer, order, lines } = await customerOrder(t);
    const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const firstAt = t.clock.now.toISOString();
    const first = await save(staff, ret.number, {
      version: ret.version,
      state: 'approved',
      customerMessage: 'Print the label and drop the parcel at the post office.',
      notify: true
    });
    expect(first.status).toBe(200);
    t.advance(3_600_000);
    const secondAt = t.clock.now.toISOString();
    const second = await save(admin, ret.number, { version: first.body.return.version, customerMessage: 'Any news?', notify: true });
    expect(second.status).toBe(200);

    const thread = [
      { body: 'Print the label and drop the parcel at the post office.', at: firstAt, authorRole: 'staff' },
      { body: 'Any news?', at: secondAt, authorRole: 'admin' }
    ];
    expect(second.body.return.messages).toEqual(thread);
    expect(second.body.return.customerMessage).toBeUndefined();

    const shopper = await signInShopper(t, customer);
    const seen = await shopper.get(`/api/returns/${ret.number}`);
    expect(seen.body.return.messages).toEqual(thread);

    const texts = await emailsTo(t, customer.email, 'return.approved');
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('Print the label');
    expect(texts[1]).toContain('Any news?');
    expect(texts[1]).not.toContain('Print the label');

    // Notifying again without a new message repeats no old one.
    const third = await save(staff, ret.number, { version: second.body.return.version, notify: true });
    expect(third.status).toBe(200);
    const again = await emailsTo(t, customer.email, 'return.approved');
    expect(again).toHaveLength(3);
    expect(again[2]).not.toContain('Any news?');
    expect(again[2]).not.toContain('Print the label');
    expect(third.body.return.messages).toHaveLength(2);
  });

  it('adds nothing for a blank message and records a message in the audit trail', async ({ ids, staff, t }) => {
    const { order, lines } = await customerOrder(t);
    const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const blank = await save(staff, ret.number, { version: ret.version, customerMessage: '   ' });
    expect(blank.status).toBe(200);
    expect((await detail(staff, ret.number)).messages).toEqual([]);
    const res = await save(staff, ret.number, { version: ret.version, customerMessage: ' Hello ' });
    expect(res.body.return.messages.map((m: { body: string }) => m.body)).toEqual(['Hello']);
    expect(res.body.return.audit.at(-1).changes).toMatchObject({ customerMessage: [null, 'Hello'] });
  });

  it('is offered when staff create a return for a customer, and the email sent then carries it', async ({ ids, staff, t }) => {
    const { customer, order, lines } = await customerOrder(t);
    const created = await staff.post('/api/staff/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id)],
      state: 'approved',
      customerMessage: 'Bring it to the counter any day.',
      notify: true
    });
    expect(created.status).toBe(201);
    expect(created.body.return.messages).toMatchObject([{ body: 'Bring it to the counter any day.', authorRole: 'staff' }]);
    const texts = await emailsTo(t, customer.email, 'return.approved');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Bring it to the counter any day.');
    const shopper = await signInShopper(t, customer);
    expect((await shopper.get(`/api/returns/${created.body.return.number}`)).body.return.messages).toHaveLength(1);
  });
});
