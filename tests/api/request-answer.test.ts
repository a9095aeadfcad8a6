import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { orderLines, outbox } from '../../server/db/schema.ts';
import type { Agent, TestContext } from '../helpers/app.ts';
import { setExchangesEnabled, shirtOrder } from '../helpers/exchanges.ts';
import { createCustomer, createVariant } from '../helpers/fixtures.ts';
import { signInShopper, staffSuite, type Ids } from '../helpers/staff.ts';

/**
 * A new return's lines are read once (issue 16 item 4): the answer to `POST /api/returns`, the
 * `return.created` webhook and the "request received" email are built from the lines as written.
 * They must say what a later read of the same return says, in the order of the order's lines.
 */
let t: TestContext;
let ids: Ids;
let staff: Agent;
beforeAll(async () => {
  ({ t, ids, staff } = await staffSuite({
    SHOP_SECRET: 'webhook-secret-for-tests-0123456789abcd',
    WEBHOOK_URL: 'http://127.0.0.1:9/hooks'
  }));
  await setExchangesEnabled(t.db, true);
});
afterAll(() => t.close());

describe('the answer to a new request', () => {
  it('equals the return read back, lines in the order of the order (an exchange, a reason with its text), and so do the webhook and the email', async () => {
    const customer = await createCustomer(t.db);
    const made = await shirtOrder(t.db, customer, t.clock.now);
    const bag = await createVariant(t.db, { price: 2500, label: null });
    const [bagLine] = await t.db
      .insert(orderLines)
      .values({
        orderId: made.order.id,
        variantId: bag.variant.id,
        position: 1,
        productName: 'Canvas bag',
        variantLabel: null,
        sku: bag.variant.sku,
        unitPriceCents: 2500,
        quantity: 1
      })
      .returning();
    const shopper = await signInShopper(t, customer);
    // The bag (second on the order) is asked first.
    const asked = await shopper.post('/api/returns', {
      orderNumber: made.order.number,
      comment: 'Both at once',
      lines: [
        { orderLineId: bagLine!.id, quantity: 1, reasonId: ids.reason('other'), reasonText: 'Strap torn', actionId: ids.action('refund') },
        {
          orderLineId: made.line.id,
          quantity: 1,
          reasonId: ids.reason('wrong_size'),
          actionId: ids.action('exchange_size'),
          replacementVariantId: made.size('M').id
        }
      ]
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const number = asked.body.return.number as string;

    const again = await shopper.get(`/api/returns/${number}`);
    expect(again.status).toBe(200);
    expect(asked.body).toEqual(again.body);
    expect(asked.body.return.lines.map((l: { name: string }) => l.name)).toEqual([made.product.name, 'Canvas bag']);
    expect(asked.body.return.lines[0].replacement).toEqual({ sku: made.size('M').sku, label: 'M', units: 1, priceDifferenceCents: 0 });
    expect(asked.body.return.lines[1]).toMatchObject({ reasonText: 'Strap torn', replacement: null });

    const [created] = (await t.db.select().from(outbox).where(eq(outbox.topic, 'return.created')))
      .map((o) => o.payload as { data: { returnNumber: string; lines: unknown[] } })
      .filter((h) => h.data.returnNumber === number);
    expect(created!.data.lines).toEqual([
      {
        sku: made.line.sku,
        name: made.product.name,
        variant: 'S',
        quantity: 1,
        reason: 'wrong_size',
        reasonText: null,
        action: 'exchange_size',
        replacementSku: made.size('M').sku
      },
      { sku: bag.variant.sku, name: 'Canvas bag', variant: null, quantity: 1, reason: 'other', reasonText: 'Strap torn', action: 'refund' }
    ]);

    const email = (await t.db.select().from(outbox).where(eq(outbox.kind, 'email')))
      .map((o) => o.payload as { to: string; text: string })
      .find((e) => e.to === customer.email && e.text.includes(number))!;
    expect(email.text.indexOf(made.product.name)).toBeLessThan(email.text.indexOf('Canvas bag'));
    expect(email.text).toContain('Strap torn');
    // Staff read the same lines.
    const seen = await staff.get(`/api/staff/returns/${number}`);
    expect(seen.body.return.lines.map((l: { name: string }) => l.name)).toEqual([made.product.name, 'Canvas bag']);
  });
});
