import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, shopSettings } from '../../server/db/schema.ts';
import type { Agent, TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { customerOrder, lineInput, signInShopper, staffSuite, type Ids } from '../helpers/staff.ts';

let t: TestContext;
let ids: Ids;
let staff: Agent;
let staffMember: { id: number; name: string };
beforeAll(async () => {
  ({ t, ids, staff, staffMember } = await staffSuite());
});
afterAll(() => t.close());

describe('finding an order', () => {
  it('finds orders by number and by the customer’s email (any case, or its beginning), newest first', async () => {
    const customer = await createCustomer(t.db, { email: `finder-${Date.now()}@example.com` });
    const older = await createOrder(t.db, customer, { now: t.clock.now, placedDaysAgo: 20 });
    const newer = await createOrder(t.db, customer, { now: t.clock.now, placedDaysAgo: 3 });
    await customerOrder(t); // someone else's

    const byNumber = await staff.get(`/api/staff/orders?q=${older.order.number}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.orders.map((o: { number: string }) => o.number)).toEqual([older.order.number]);
    const byEmail = await staff.get(`/api/staff/orders?q=${encodeURIComponent(customer.email.toUpperCase())}`);
    expect(byEmail.body.orders.map((o: { number: string }) => o.number)).toEqual([newer.order.number, older.order.number]);
    expect(byEmail.body.orders[0].customer).toEqual({ email: customer.email, name: 'Test' });
    const byPrefix = await staff.get(`/api/staff/orders?q=${customer.email.slice(0, 12)}`);
    expect(byPrefix.body.orders).toHaveLength(2);
    expect((await staff.get('/api/staff/orders?q=NO-SUCH')).body.orders).toEqual([]);
  });

  it('shows the order with every line, why a shopper could not return it, and the active options', async () => {
    const { order, lines, customer } = await customerOrder(t, {
      lines: [{ quantity: 2 }, { quantity: 1, finalSale: true }],
      deliveredDaysAgo: 45
    });
    const res = await staff.get(`/api/staff/orders/${order.number}`);
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ number: order.number, customer: { email: customer.email } });
    expect(
      res.body.order.lines.map((l: { id: number; returnableQuantity: number; blockedReason: string }) => [
        l.id,
        l.returnableQuantity,
        l.blockedReason
      ])
    ).toEqual([
      [lines[0]!.id, 2, 'window_passed'],
      [lines[1]!.id, 1, 'final_sale']
    ]);
    expect(res.body.options.reasons.find((r: { code: string }) => r.code === 'defective')).toMatchObject({ restockDefault: false });
    expect(res.body.settings).toMatchObject({ returnsAllowed: true, inventoryLinkedToPos: false });
    expect((await staff.get('/api/staff/orders/NO-SUCH')).status).toBe(404);
  });
});

describe('creating a return for a customer', () => {
  it('works while shopper returns are disabled, and the shopper sees it without the staff note', async () => {
    const { customer, order, lines } = await customerOrder(t);
    await t.db.update(shopSettings).set({ returnsAllowed: false }).where(eq(shopSettings.id, 1));
    try {
      const shopper = await signInShopper(t, customer);
      const refused = await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('returns_disabled');

      const res = await staff.post('/api/staff/returns', {
        orderNumber: order.number,
        lines: [lineInput(ids, lines[0]!.id, 2)],
        comment: 'Came to the shop',
        staffNote: 'Box damaged',
        state: 'in_progress'
      });
      expect(res.status).toBe(201);
      expect(res.body.return).toMatchObject({
        number: `R-${order.number}-1`,
        state: 'in_progress',
        customerComment: 'Came to the shop',
        customerCommentBy: 'staff',
        staffNote: 'Box damaged',
        createdByStaff: staffMember.name,
        customer: { email: customer.email }
      });
      expect(res.body.return.audit[0]).toMatchObject({
        action: 'created',
        actor: { type: 'staff', name: staffMember.name },
        changes: { state: [null, 'in_progress'] }
      });

      const seen = await shopper.get(`/api/returns/${res.body.return.number}`);
      expect(seen.status).toBe(200);
      expect(seen.body.return).toMatchObject({ state: 'in_progress' });
      expect(JSON.stringify(seen.body)).not.toContain('Box damaged');
    } finally {
      await t.db.update(shopSettings).set({ returnsAllowed: true }).where(eq(shopSettings.id, 1));
    }
  });

  it('keeps a comment typed by staff from the shopper, while a shopper’s own comment stays theirs to see', async () => {
    const { customer, order, lines } = await customerOrder(t, { lines: [{ quantity: 1 }, { quantity: 1 }] });
    const counter = await staff.post('/api/staff/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id)],
      comment: 'Customer was rude at the counter'
    });
    expect(counter.status).toBe(201);
    const shopper = await signInShopper(t, customer);
    const seen = await shopper.get(`/api/returns/${counter.body.return.number}`);
    expect(seen.status).toBe(200);
    expect(seen.body.return.customerComment).toBe('');
    expect(JSON.stringify(seen.body)).not.toContain('rude');
    expect((await staff.get(`/api/staff/returns/${counter.body.return.number}`)).body.return).toMatchObject({
      customerComment: 'Customer was rude at the counter',
      customerCommentBy: 'staff'
    });

    const own = await shopper.post('/api/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[1]!.id)],
      comment: 'Too small'
    });
    expect(own.status).toBe(201);
    expect((await shopper.get(`/api/returns/${own.body.return.number}`)).body.return.customerComment).toBe('Too small');
    expect((await staff.get(`/api/staff/returns/${own.body.return.number}`)).body.return).toMatchObject({
      customerComment: 'Too small',
      customerCommentBy: 'customer'
    });
  });

  it('needs an override, recorded with who did it, for a line outside the window or on final sale', async () => {
    const { order, lines } = await customerOrder(t, { lines: [{ quantity: 1 }, { quantity: 1, finalSale: true }], deliveredDaysAgo: 60 });
    const body = { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id), lineInput(ids, lines[1]!.id)] };
    const refused = await staff.post('/api/staff/returns', body);
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ 'lines.0.orderLineId': 'window_passed', 'lines.1.orderLineId': 'final_sale' });

    const ok = await staff.post('/api/staff/returns', { ...body, override: true });
    expect(ok.status).toBe(201);
    expect(ok.body.return.audit[0]).toMatchObject({
      actor: { type: 'staff', name: staffMember.name },
      changes: {
        override: [
          { orderLineId: lines[0]!.id, reason: 'window_passed' },
          { orderLineId: lines[1]!.id, reason: 'final_sale' }
        ]
      }
    });
  });

  it('never returns more units than were bought', async () => {
    const { order, lines } = await customerOrder(t, { lines: [{ quantity: 2 }] });
    const first = await staff.post('/api/staff/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id, 2)] });
    expect(first.status).toBe(201);
    const more = await staff.post('/api/staff/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 1)],
      override: true
    });
    expect(more.status).toBe(422);
    expect(more.body.error.fields).toEqual({ 'lines.0.quantity': 'exceeds_returnable' });
  });

  it('refuses a final start state and unknown fields', async () => {
    const { order, lines } = await customerOrder(t);
    for (const state of ['credited', 'rejected', 'cancelled']) {
      const res = await staff.post('/api/staff/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)], state });
      expect(res.status, state).toBe(400);
      expect(res.body.error.fields).toHaveProperty('state');
    }
    const res = await staff.post('/api/staff/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)], customerId: 1 });
    expect(res.status).toBe(400);
  });

  it('notifies the customer in their language: the email is queued and listed on the Emails page', async () => {
    const customer = await createCustomer(t.db, { locale: 'fr', firstName: 'Zoé' });
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now });
    const res = await staff.post('/api/staff/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id)],
      state: 'approved',
      notify: true
    });
    expect(res.status).toBe(201);
    const queued = await t.db.select().from(outbox).where(eq(outbox.recipient, customer.email));
    expect(queued).toHaveLength(1);
    expect((queued[0]!.payload as { subject: string }).subject).toBe(`Votre retour R-${order.number}-1 : Retour approuvé`);

    const list = await staff.get('/api/staff/emails');
    expect(list.status).toBe(200);
    const listed = list.body.emails.find((e: { recipient: string }) => e.recipient === customer.email);
    expect(listed).toMatchObject({
      subject: `Votre retour R-${order.number}-1 : Retour approuvé`,
      status: 'pending',
      topic: 'return.approved'
    });
    const one = await staff.get(`/api/staff/emails/${listed.id}`);
    expect(one.body.email.text).toContain('Bonjour Zoé');

    const silent = await customerOrder(t);
    await staff.post('/api/staff/returns', { orderNumber: silent.order.number, lines: [lineInput(ids, silent.lines[0]!.id)] });
    expect(await t.db.select().from(outbox).where(eq(outbox.recipient, silent.customer.email))).toHaveLength(0);
  });
});
