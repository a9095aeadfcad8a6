import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, orderLines, orders } from '../../server/db/schema.ts';
import { ORIGIN, type Agent, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { customerOrder, lineInput, save, signInStaff, staffCreate, staffSuite, type Ids } from '../helpers/staff.ts';

/**
 * Insights (issue 21) against a small shop computed by hand. Clock: T0 = 2026-06-15 12:00 UTC (a
 * Monday), the shop in UTC; the answers are read at T0 + 4 days for the last 30 days (21 May – 19 June).
 *
 *   A (one SKU): 4 sold on order 1 (delivered 10 June) + 6 on order 2 (5 June) = 10; 100 more delivered 6 May (outside).
 *   B (one SKU): 5 sold on order 3 (12 June). C: 2 sold in USD.
 *   R1 (order 1): 2 × A, wrong size; approved T0+1d, 1 of 2 received T0+3d (partial receipt), credited T0+4d (1 unit refunded).
 *   R2 (order 2): 3 × A, defective; rejected T0+1d after being counted.
 *   R3 (order 3): 1 × B, not as described; rejected T0+1d, reopened by an admin, approved T0+2d.
 *   R4 (order 3): 2 × B, other ("=1+1" as its text); still new.
 *   R5 (USD order): 1 × C; still new (counted with the returns requested, never in EUR money).
 */
const DAY = 86_400_000;
let t: TestContext;
let ids: Ids;
let staff: Agent;
let admin: Agent;
const made: Record<string, { number: string; version: number; lines: { id: number; orderLineId: number }[] }> = {};
let priceA = 0;
let productA = '';

beforeAll(async () => {
  ({ t, ids, admin, staff } = await staffSuite());
  const o1 = await customerOrder(t, { lines: [{ quantity: 4, price: 2500 }], deliveredDaysAgo: 5 });
  const a = o1.lines[0]!;
  priceA = a.unitPriceCents;
  productA = a.productName;
  // Orders 2 and the old one sell the same SKU as order 1.
  const more = async (quantity: number, deliveredDaysAgo: number) => {
    const customer = await createCustomer(t.db);
    const o = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 1 }], deliveredDaysAgo });
    await t.db.delete(orderLines).where(eq(orderLines.orderId, o.order.id));
    const [line] = await t.db
      .insert(orderLines)
      .values({
        orderId: o.order.id,
        variantId: a.variantId,
        productName: a.productName,
        variantLabel: a.variantLabel,
        sku: a.sku,
        unitPriceCents: a.unitPriceCents,
        quantity
      })
      .returning();
    return { order: o.order, line: line! };
  };
  const o2 = await more(6, 10);
  await more(100, 40);
  const o3 = await customerOrder(t, { lines: [{ quantity: 5, price: 1000 }], deliveredDaysAgo: 3 });
  const o5 = await customerOrder(t, { lines: [{ quantity: 2, price: 900 }], deliveredDaysAgo: 3 });
  // The currency changes after the lines were written: the trigger copies it onto them.
  await t.db.update(orders).set({ currency: 'USD' }).where(eq(orders.id, o5.order.id));
  await t.db.update(customers).set({ firstName: '=HYPERLINK("http://evil.example","x")' }).where(eq(customers.id, o1.customer.id));

  made.r1 = await staffCreate(staff, { orderNumber: o1.order.number, lines: [lineInput(ids, a.id, 2, 'wrong_size')] });
  made.r2 = await staffCreate(staff, { orderNumber: o2.order.number, lines: [lineInput(ids, o2.line.id, 3, 'defective')] });
  made.r3 = await staffCreate(staff, { orderNumber: o3.order.number, lines: [lineInput(ids, o3.lines[0]!.id, 1, 'not_as_described')] });
  made.r4 = await staffCreate(staff, {
    orderNumber: o3.order.number,
    lines: [{ ...lineInput(ids, o3.lines[0]!.id, 2, 'other'), reasonText: '=1+1' }]
  });
  made.r5 = await staffCreate(staff, { orderNumber: o5.order.number, lines: [lineInput(ids, o5.lines[0]!.id, 1)] });
});
afterAll(() => t.close());

/** A day later: staff sessions last 8 hours idle, so both sign in again. */
async function nextDay() {
  t.advance(DAY);
  staff = (await signInStaff(t, 'staff')).agent;
  admin = (await signInStaff(t, 'admin')).agent;
}

async function move(agent: Agent, key: string, body: Record<string, unknown>) {
  const r = made[key]!;
  const res = await save(agent, r.number, { version: r.version, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  made[key] = res.body.return;
}

const get = async (path: string) => {
  const res = await staff.get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const rateOf = async (product: string) =>
  ((await get('/api/staff/insights/rates?days=30&currency=EUR&minUnits=1')).products as { product: string }[]).find(
    (p) => p.product === product
  );

describe('Insights on a hand-computed shop', () => {
  it('counts a return while it stands, and no longer once it is rejected; a reopened one counts again', async () => {
    expect(await rateOf(productA)).toMatchObject({ sold: 10, returned: 5, rate: 50 });
    await nextDay();
    await move(staff, 'r1', { state: 'approved' });
    await move(staff, 'r2', { state: 'rejected' });
    await move(staff, 'r3', { state: 'rejected' });
    expect(await rateOf(productA)).toMatchObject({ sold: 10, returned: 2, rate: 20 });
    await move(admin, 'r3', { state: 'in_progress' });
    await nextDay();
    await move(staff, 'r3', { state: 'approved' });
    await nextDay();
    await move(staff, 'r1', { state: 'received', receipt: { [made.r1!.lines[0]!.id]: { units: 1, condition: 'resellable' } } });
    await nextDay();
    await move(staff, 'r1', { state: 'credited', credit: { method: 'refund' } });
  });

  it('answers the rates per product and variant, with the reasons', async () => {
    const body = await get('/api/staff/insights/rates?days=30&currency=EUR&minUnits=1');
    expect(body.period).toEqual({ from: '2026-05-21', to: '2026-06-19' });
    expect(body.totals).toEqual({ sold: 15, returned: 5, rate: 33.3 });
    const [b, a] = body.products;
    expect(b).toMatchObject({ sold: 5, returned: 3, rate: 60 });
    expect(b.topReasons.map((r: { code: string; units: number; share: number }) => [r.code, r.units, r.share])).toEqual([
      ['other', 2, 66.7],
      ['not_as_described', 1, 33.3]
    ]);
    expect(a).toMatchObject({ sold: 10, returned: 2, rate: 20, topReasons: [{ code: 'wrong_size', units: 2, share: 100 }] });
    expect(body.variants).toHaveLength(2);
    expect(body.reasons.map((r: { code: string; units: number }) => [r.code, r.units])).toEqual([
      ['other', 2],
      ['wrong_size', 2],
      ['not_as_described', 1]
    ]);
    // The minimum volume leaves out B (5 sold), never mixes in the other currency.
    const filtered = await get('/api/staff/insights/rates?days=30&currency=EUR&minUnits=6');
    expect(filtered.products).toHaveLength(1);
    const usd = await get('/api/staff/insights/rates?days=30&currency=USD&minUnits=1');
    expect(usd.totals).toEqual({ sold: 2, returned: 1, rate: 50 });
  });

  it('answers the weeks and the outcomes', async () => {
    const body = await get('/api/staff/insights/activity?days=30&currency=EUR');
    expect(body.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-05-18', '2026-05-25', '2026-06-01', '2026-06-08', '2026-06-15']);
    expect(body.weeks.at(-1)).toEqual({ week: '2026-06-15', requested: 5, credited: 1, creditedCents: priceA, unknownAmounts: 0 });
    expect(body.weeks[0]).toMatchObject({ requested: 0, credited: 0, creditedCents: 0 });
    expect(body.outcomes).toEqual({ refund: 1, store_credit: 0, replacement: 0, kept: 0, rejected: 1, unknown: 0 });
  });

  it('answers the handling times from the audit trail and the returns waiting', async () => {
    const body = await get('/api/staff/insights/handling?days=30&waitDays=1');
    expect(body.approval).toEqual({ medianSeconds: DAY / 1000, p90Seconds: (2 * DAY) / 1000, count: 2 });
    expect(body.receipt).toEqual({ medianSeconds: (2 * DAY) / 1000, p90Seconds: (2 * DAY) / 1000, count: 1 });
    expect(body.credit).toEqual({ medianSeconds: DAY / 1000, p90Seconds: DAY / 1000, count: 1 });
    expect(body.waiting).toEqual({ requested: 2, in_progress: 0, approved: 1, received: 0, items_needed: 0 });
  });

  it('exports the return lines as CSV with the receipt and credit, neutralising formula-like cells', async () => {
    const res = await staff.fetch(`${ORIGIN}/api/staff/insights/export/lines.csv?days=30`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    const rows = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]).toBe(
      'return,requested_at,state,order,sku,product,variant,quantity,unit_price,reason,reason_text,action,units_received,condition,restock,units_credited,amount_credited,credit_method,currency'
    );
    const r1 = rows.find((r) => r.startsWith(`${made.r1!.number},`))!;
    expect(r1).toContain(',wrong_size,,refund,1,resellable,');
    expect(r1).toContain(`,1,${(priceA / 100).toFixed(2)},refund,EUR`);
    expect(rows.find((r) => r.startsWith(`${made.r4!.number},`))).toContain(",other,'=1+1,refund,");
    const returnsCsv = await (await staff.fetch(`${ORIGIN}/api/staff/insights/export/returns?days=30&state=credited`)).text();
    const lines = returnsCsv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it('refuses a period that is not one', async () => {
    const res = await staff.get('/api/staff/insights/rates?from=2026-02-30&to=2026-03-01');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.fields).toHaveProperty('from');
    expect((await staff.get('/api/staff/insights/export/everything')).status).toBe(404);
  });
});
