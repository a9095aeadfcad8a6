import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../server/db/schema.ts';
import { setExchangesEnabled } from '../helpers/exchanges.ts';
import { lineInput, signInShopper } from '../helpers/staff.ts';
import { shirtAndBagOrder } from '../helpers/mixed-return.ts';
import { staffTest as it, WEBHOOK_ENV } from '../helpers/staff-test.ts';

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);
it.beforeAll(({ t }) => setExchangesEnabled(t.db, true));

/**
 * A new return's lines are read once (issue 16 item 4): the answer to `POST /api/returns`, the
 * `return.created` webhook and the "request received" email are built from the lines as written.
 * They must say what a later read of the same return says, in the order of the order's lines.
 */

describe('the answer to a new request', () => {
  it('equals the return read back, lines in the order of the order (an exchange, a reason with its text), and so do the webhook and the email', async ({
    ids,
    staff,
    t
  }) => {
    const { customer, made, bag, bagLine } = await shirtAndBagOrder(t);
    const shopper = await signInShopper(t, customer);
    // The bag (second on the order) is asked first.
    const asked = await shopper.post('/api/returns', {
      orderNumber: made.order.number,
      comment: 'Both at once',
      lines: [
        { orderLineId: bagLine!.id, quantity: 1, reasonId: ids.reason('other'), reasonText: 'Strap torn', actionId: ids.action('refund') },
        { ...lineInput(ids, made.line.id, 1, 'wrong_size', 'exchange_size'), replacementVariantId: made.size('M').id }
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
