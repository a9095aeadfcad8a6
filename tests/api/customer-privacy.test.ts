import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseCustomer, erasedEmail, exportCustomer } from '../../server/customers/privacy.ts';
import { auditEvents, returnMessages, returns } from '../../server/db/schema.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder, PASSWORD } from '../helpers/fixtures.ts';
import { catalogIds } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

/** A customer with an order and a return (with a comment, a message from the shop and its emails). */
async function customerWithReturn(email: string, firstName: string) {
  const ids = await catalogIds(t.db);
  const customer = await createCustomer(t.db, { email, firstName });
  const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2, price: 4500 }] });
  const shopper = await signInShopper(t, customer);
  const created = await shopper.post('/api/returns', {
    orderNumber: order.number,
    comment: `${firstName}, 3 rue des Roses: too small`,
    lines: [{ orderLineId: lines[0]!.id, quantity: 1, reasonId: ids.reason('wrong_size'), actionId: ids.action('refund') }]
  });
  expect(created.status).toBe(201);
  const [ret] = await t.db
    .select()
    .from(returns)
    .where(sql`${returns.number} = ${created.body.return.number}`);
  await t.db.insert(returnMessages).values({ returnId: ret!.id, body: `Dear ${firstName}, please send it to us.`, authorRole: 'staff' });
  return { customer, order, shopper, ret: ret!, number: created.body.return.number as string };
}

/** Every row of the tables that hold personal data, as text, to search for a value. */
async function everything(): Promise<string> {
  const dump = await t.db.execute(
    sql`select (select coalesce(json_agg(c), '[]') from customers c)::text || (select coalesce(json_agg(o), '[]') from orders o)::text
      || (select coalesce(json_agg(r), '[]') from returns r)::text || (select coalesce(json_agg(m), '[]') from return_messages m)::text
      || (select coalesce(json_agg(x), '[]') from outbox x)::text || (select coalesce(json_agg(a), '[]') from audit_events a)::text as all`
  );
  const rows = (Array.isArray(dump) ? dump : (dump as unknown as { rows: unknown[] }).rows) as { all: string }[];
  return rows[0]!.all;
}

describe('a customer’s data: export and erase', () => {
  it('exports the account (never the password hash), orders, returns with messages and the emails sent, and audits it', async () => {
    const { customer, order, number } = await customerWithReturn('margaux.export@example.com', 'Margaux');
    const data = await exportCustomer(t.db, 'Margaux.Export@example.com', t.clock.now);
    expect(data.customer).toMatchObject({ email: customer.email, firstName: 'Margaux', hasPassword: true });
    expect(JSON.stringify(data)).not.toContain('argon2');
    expect(data.orders.map((o) => o.number)).toEqual([order.number]);
    expect(data.orders[0]!.lines).toHaveLength(1);
    expect(data.returns[0]).toMatchObject({ number, customerComment: 'Margaux, 3 rue des Roses: too small' });
    expect(data.returns[0]!.messages.map((m) => m.body)).toEqual(['Dear Margaux, please send it to us.']);
    expect(data.emails.length).toBeGreaterThan(0);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.entity} = 'customer' and ${auditEvents.action} = 'exported'`);
    expect(audit?.entityId).toBe(String(customer.id));
  });

  it('refuses to erase while a return is open, and changes nothing', async () => {
    const { shopper } = await customerWithReturn('margaux.open@example.com', 'Ophélie');
    await expect(eraseCustomer(t.db, 'margaux.open@example.com', t.clock.now)).rejects.toMatchObject({
      status: 409,
      code: 'customer_has_open_return'
    });
    expect((await shopper.get('/api/auth/me')).status).toBe(200);
  });

  it('erases name, email, password, comments, messages and email bodies; amounts, units and states stay; sessions end', async () => {
    const email = 'margaux.erase@example.com';
    const { customer, shopper, ret, number } = await customerWithReturn(email, 'Eulalie');
    expect((await shopper.post(`/api/returns/${number}/cancel`)).status).toBe(200);
    const before = await everything();
    expect(before).toContain(email);
    expect(before).toContain('Eulalie');

    const done = await eraseCustomer(t.db, email, t.clock.now);
    expect(done).toMatchObject({ customerId: customer.id, placeholder: erasedEmail(customer.id), orders: 1, returns: 1 });

    const after = await everything();
    for (const personal of [email, 'Eulalie']) expect(after).not.toContain(personal);
    const [kept] = await t.db
      .select()
      .from(returns)
      .where(sql`${returns.id} = ${ret.id}`);
    expect(kept).toMatchObject({ number, state: 'cancelled', orderId: ret.orderId });
    expect((await shopper.get('/api/auth/me')).status).toBe(401);
    expect((await t.agent().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
    // The audit rows are all still there, plus the erasure itself.
    const [erased] = await t.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.action} = 'erased'`);
    expect(erased).toMatchObject({ entity: 'customer', entityId: String(customer.id) });
  });
});
