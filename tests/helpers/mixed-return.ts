/** A mixed return for the credit tests (not a test file itself): one line refunded, one exchanged. */
import { expect } from 'vitest';
import { orderLines } from '../../server/db/schema.ts';
import type { TestContext } from './app.ts';
import { shirtOrder } from './exchanges.ts';
import { createCustomer, createVariant } from './fixtures.ts';
import { detail, lineInput, save, signInShopper, type Ids } from './staff.ts';
import type { Agent } from './app.ts';

/** A customer's delivered order of a shirt S (€20.00; sizes as `shirtOrder`), then a canvas bag (€25.00, no size). */
export async function shirtAndBagOrder(t: TestContext) {
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
  return { customer, made, bag, bagLine: bagLine! };
}

/**
 * The order of `shirtAndBagOrder`: the shopper asks to exchange the shirt for an M and to be refunded
 * for the bag; staff approve it (the M is reserved) and receive it, unless `until` says to stop earlier.
 */
export async function mixedReturn(t: TestContext, ids: Ids, staff: Agent, until: 'requested' | 'received' = 'received') {
  const { customer, made, bagLine } = await shirtAndBagOrder(t);
  const shopper = await signInShopper(t, customer);
  const asked = await shopper.post('/api/returns', {
    orderNumber: made.order.number,
    lines: [
      { ...lineInput(ids, made.line.id, 1, 'wrong_size', 'exchange_size'), replacementVariantId: made.size('M').id },
      lineInput(ids, bagLine.id, 1, 'changed_mind', 'refund')
    ]
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const number = asked.body.return.number as string;
  let version = (await detail(staff, number)).version as number;
  if (until === 'received') {
    for (const state of ['approved', 'received']) {
      const res = await save(staff, number, { version, state });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      version = res.body.return.version;
    }
  }
  const d = await detail(staff, number);
  const lineOf = (orderLineId: number) => (d.lines as { id: number; orderLineId: number }[]).find((l) => l.orderLineId === orderLineId)!.id;
  return {
    ...made,
    customer,
    shopper,
    number,
    version,
    bagLine,
    shirtLineId: lineOf(made.line.id),
    bagLineId: lineOf(bagLine.id)
  };
}
