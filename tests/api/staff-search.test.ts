import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers } from '../../server/db/schema.ts';
import { ORDER_SEARCH_LIMIT } from '../../server/staff/orders.ts';
import type { Agent, TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { lineInput, staffCreate, staffSuite, type Ids } from '../helpers/staff.ts';

// Staff look people up by what they have at hand: a name heard on the phone (without its accents),
// the beginning of a return number read from a parcel, or nothing yet (the newest orders).

let t: TestContext;
let ids: Ids;
let staff: Agent;

/** A customer with this name, an order (number as given, placed `placedDaysAgo` ago) and a return on it. */
async function personWithReturn(firstName: string, lastName: string, orderNumber: string, placedDaysAgo = 10) {
  const customer = await createCustomer(t.db);
  await t.db.update(customers).set({ firstName, lastName }).where(eq(customers.id, customer.id));
  const { order, lines } = await createOrder(t.db, customer, {
    now: t.clock.now,
    number: orderNumber,
    placedDaysAgo,
    lines: [{ quantity: 3 }]
  });
  const ret = await staffCreate(staff, { orderNumber, lines: [lineInput(ids, lines[0]!.id)], override: true });
  return { customer, order, lines, ret };
}

let chloe: Awaited<ReturnType<typeof personWithReturn>>;
let zoe: Awaited<ReturnType<typeof personWithReturn>>;
let claire: Awaited<ReturnType<typeof personWithReturn>>;
beforeAll(async () => {
  ({ t, ids, staff } = await staffSuite());
  chloe = await personWithReturn('Chloé', 'Petit', 'SR-1020', 30);
  zoe = await personWithReturn('Zoé', 'Lefèvre-Œstrup', 'SR-10207', 20);
  claire = await personWithReturn('Claire', 'Martin', 'SR-2040', 10);
});
afterAll(() => t.close());

const queue = async (q: string) => {
  const res = await staff.get(`/api/staff/returns?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.returns as { number: string; customer: { name: string } }[]).map((r) => r.number);
};
const orderSearch = async (q?: string) => {
  const res = await staff.get(q === undefined ? '/api/staff/orders' : `/api/staff/orders?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.orders as { number: string }[]).map((o) => o.number);
};

describe('the queue and the order search find a customer by name', () => {
  it('by the beginning of the first name, accents and case ignored', async () => {
    for (const q of ['chloe', 'Chloé', 'CHLOE', 'chlo', '  chloé  ']) {
      expect(await queue(q), q).toEqual([chloe.ret.number]);
      expect(await orderSearch(q), q).toEqual([chloe.order.number]);
    }
  });

  it('by the full name or the last name alone, ligatures and hyphens as typed without them', async () => {
    expect(await queue('chloe petit')).toEqual([chloe.ret.number]);
    expect(await queue('Petit')).toEqual([chloe.ret.number]);
    expect(await queue('lefevre')).toEqual([zoe.ret.number]);
    expect(await queue('lefevre-oestrup')).toEqual([zoe.ret.number]);
    expect(await orderSearch('zoe lefevre')).toEqual([zoe.order.number]);
    expect(await queue('martin')).toEqual([claire.ret.number]);
    expect(await queue('c')).toEqual([claire.ret.number, chloe.ret.number]);
  });

  it('not by a piece from the middle of a name, nor a name nobody has', async () => {
    expect(await queue('hloe')).toEqual([]);
    expect(await queue('nobody')).toEqual([]);
    expect(await orderSearch('nobody')).toEqual([]);
  });

  it('keeps the counts per state to what the search found', async () => {
    const res = await staff.get('/api/staff/returns?q=chloe');
    expect(res.body.counts).toMatchObject({ requested: 1, approved: 0 });
  });
});

describe('the queue and the order search find a return by the beginning of its number', () => {
  it('in any case: "r-sr-1020" finds R-SR-1020-1 and R-SR-10207-1', async () => {
    expect(chloe.ret.number).toBe('R-SR-1020-1');
    expect(await queue('r-sr-1020')).toEqual([zoe.ret.number, chloe.ret.number]);
    expect(await queue('R-SR-1020-1')).toEqual([chloe.ret.number]);
    expect(await queue('r-sr-2')).toEqual([claire.ret.number]);
    expect(await orderSearch('r-sr-1020-')).toEqual([chloe.order.number]);
    expect(await orderSearch('r-sr-1020')).toEqual([zoe.order.number, chloe.order.number]);
  });

  it('and an order by the beginning of its number', async () => {
    expect(await orderSearch('sr-1020')).toEqual([zoe.order.number, chloe.order.number]);
    expect(await queue('sr-2040')).toEqual([claire.ret.number]);
  });

  it('takes % and _ literally', async () => {
    expect(await queue('r-sr-%')).toEqual([]);
    expect(await queue('r_sr')).toEqual([]);
    expect(await orderSearch('%')).toEqual([]);
  });
});

describe('the Orders page before any search', () => {
  it(`lists the newest orders, at most ${ORDER_SEARCH_LIMIT}`, async () => {
    expect(await orderSearch()).toEqual([claire.order.number, zoe.order.number, chloe.order.number]);
    expect(await orderSearch('')).toEqual([claire.order.number, zoe.order.number, chloe.order.number]);
    const customer = await createCustomer(t.db);
    const newer: string[] = [];
    for (let i = 1; i <= ORDER_SEARCH_LIMIT; i++)
      newer.unshift((await createOrder(t.db, customer, { now: t.clock.now, placedDaysAgo: 5 - i / 100 })).order.number);
    expect(await orderSearch()).toEqual(newer);
    const res = await staff.get('/api/staff/orders');
    expect(res.body.orders[0]).toMatchObject({ number: newer[0], customer: { email: customer.email, name: 'Test' } });
  });
});
