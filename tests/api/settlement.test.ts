import { describe, expect } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, orderLines, outbox, returnLines, returnReasons, returns, shopSettings } from '../../server/db/schema.ts';
import { detail, movementsOf, save, signInShopper, signInStaff, staffReturnOfOrder, stockOf } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest, WEBHOOK_ENV, type StaffSuite } from '../helpers/staff-test.ts';

/** `approved`, `received`: a test's own return of `approved` and of `received` (default receipt), made before it runs when it names it. */
const it = staffTest.extend('approved', ({ suite }) => approved(suite)).extend('received', ({ suite }) => received(suite));

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);

/** An approved return of 3 × €15.00 (wrong size) and 2 × €20.00 (defective). */
async function approved(suite: StaffSuite) {
  const { lineOf, ...made } = await staffReturnOfOrder(
    suite,
    [
      { quantity: 3, price: 1500, reason: 'wrong_size' },
      { quantity: 2, price: 2000, reason: 'defective' }
    ],
    'approved'
  );
  return { ...made, sized: lineOf(0), broken: lineOf(1) };
}

type Approved = Awaited<ReturnType<typeof approved>>;

/** An approved return moved to received with the receipt `make` builds (none: the defaults). */
async function received(suite: StaffSuite, make?: (a: Approved) => Record<string, unknown>) {
  const { staff } = suite;
  const a = await approved(suite);
  const res = await save(staff, a.ret.number, { version: a.ret.version, state: 'received', ...(make ? { receipt: make(a) } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...a, version: res.body.return.version as number, after: res.body.return };
}

async function orderLineTotals(t: TestContext, id: number) {
  const [l] = await t.db.select().from(orderLines).where(eq(orderLines.id, id));
  return { units: l!.unitsCredited, amount: l!.amountCreditedCents };
}

describe('receipt per line', () => {
  it('records what arrived and its condition (defaults from the reason), and restocks only resellable units received', async ({
    approved: a,
    staff,
    t
  }) => {
    const stock = await stockOf(t.db, a.variants[0]!.id);
    const res = await save(staff, a.ret.number, {
      version: a.ret.version,
      state: 'received',
      receipt: { [a.sized.id]: { units: 2 } }
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const lines = res.body.return.lines;
    expect(
      lines.map((l: { unitsReceived: number; condition: string; restockedUnits: number }) => [
        l.unitsReceived,
        l.condition,
        l.restockedUnits
      ])
    ).toEqual([
      [2, 'resellable', 2],
      [2, 'damaged', 0]
    ]);
    expect(await stockOf(t.db, a.variants[0]!.id)).toBe(stock + 2);
    expect(await movementsOf(t.db, a.sized.id)).toHaveLength(1);
    expect(await movementsOf(t.db, a.broken.id)).toHaveLength(0);
  });

  it('the shopper sees what arrived on their return page', async ({ suite, t }) => {
    const r = await received(suite, (a) => ({
      [a.sized.id]: { units: 1, condition: 'damaged' },
      [a.broken.id]: { units: 0, condition: 'missing' }
    }));
    const shopper = await signInShopper(t, r.customer);
    const res = await shopper.get(`/api/returns/${r.ret.number}`);
    expect(res.status).toBe(200);
    expect(res.body.return.lines.map((l: { unitsReceived: number; condition: string }) => [l.unitsReceived, l.condition])).toEqual([
      [1, 'damaged'],
      [0, 'missing']
    ]);
    expect(res.body.return.credit).toBeNull();
  });

  it('refuses more units than requested, a missing line with units, unknown lines, and restocking damaged units: nothing written', async ({
    approved: a,
    staff
  }) => {
    const cases: [Record<string, unknown>, number, string, Record<string, string>][] = [
      [
        { receipt: { [a.sized.id]: { units: 4 } } },
        422,
        'receipt_over_requested',
        { [`receipt.${a.sized.id}.units`]: 'exceeds_requested' }
      ],
      [
        { receipt: { [a.sized.id]: { units: 1, condition: 'missing' } } },
        422,
        'receipt_condition',
        { [`receipt.${a.sized.id}.condition`]: 'cannot_be_missing' }
      ],
      [{ receipt: { [a.sized.id]: { units: -1 } } }, 400, 'invalid_request', { [`receipt.${a.sized.id}.units`]: 'too_small' }],
      [{ receipt: { [a.sized.id]: { units: 1.5 } } }, 400, 'invalid_request', {}],
      [{ receipt: { 999999: { units: 1 } } }, 400, 'invalid_request', { 'receipt.999999': 'unknown_line' }],
      [
        { receipt: { [a.broken.id]: { units: 2, condition: 'damaged' } }, restock: { [a.broken.id]: true } },
        422,
        'restock_not_resellable',
        { [`restock.${a.broken.id}`]: 'not_resellable' }
      ]
    ];
    for (const [body, status, code, fields] of cases) {
      const res = await save(staff, a.ret.number, { version: a.ret.version, state: 'received', ...body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.fields).toMatchObject(fields);
    }
    const d = await detail(staff, a.ret.number);
    expect(d).toMatchObject({ state: 'approved', version: a.ret.version });
    expect(d.lines.map((l: { unitsReceived: null }) => l.unitsReceived)).toEqual([null, null]);
  });

  it('refuses a receipt on a move that does not reach received', async ({ approved: a, staff }) => {
    const res = await save(staff, a.ret.number, { version: a.ret.version, state: 'cancelled', receipt: { [a.sized.id]: { units: 1 } } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('receipt_not_now');
  });
});

describe('credit per line', () => {
  it('credits by default what arrived at the price paid, and tells the shopper, the email and the webhook', async ({ staff, suite, t }) => {
    const r = await received(suite, (a) => ({ [a.sized.id]: { units: 2 } }));
    await t.db.delete(outbox);
    const res = await save(staff, r.ret.number, { version: r.version, state: 'credited', notify: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body.return;
    // 2 × €15.00 + 2 × €20.00 (the damaged units arrived: credited, not restocked).
    expect(d.lines.map((l: { unitsCredited: number; amountCreditedCents: number }) => [l.unitsCredited, l.amountCreditedCents])).toEqual([
      [2, 3000],
      [2, 4000]
    ]);
    expect(d.credit).toMatchObject({ method: 'refund', currency: 'EUR', totalCents: 7000, shippingDeductionCents: 0 });
    expect(await orderLineTotals(t, r.lines[0]!.id)).toEqual({ units: 2, amount: 3000 });

    const shopper = await signInShopper(t, r.customer);
    const seen = (await shopper.get(`/api/returns/${r.ret.number}`)).body.return;
    expect(seen.credit).toMatchObject({ method: 'refund', totalCents: 7000, currency: 'EUR' });
    expect(seen.lines.map((l: { unitsCredited: number }) => l.unitsCredited)).toEqual([2, 2]);

    const rows = await t.db.select().from(outbox);
    const email = rows.find((o) => o.kind === 'email')!.payload as { text: string };
    expect(email.text).toContain('€70.00 will be refunded to your original payment method');
    const hook = rows.find((o) => o.topic === 'return.credited')!.payload as { data: Record<string, unknown> };
    expect(hook.data).toMatchObject({
      creditId: `credit_${r.ret.number}`,
      method: 'refund',
      currency: 'EUR',
      totalCents: 7000,
      lines: [
        { sku: r.lines[0]!.sku, unitsReceived: 2, unitsCredited: 2, amountCents: 3000, condition: 'resellable' },
        { sku: r.lines[1]!.sku, unitsReceived: 2, unitsCredited: 2, amountCents: 4000, condition: 'damaged' }
      ]
    });
  });

  it('takes the reason’s restocking fee (rounded half up) and the shop’s return shipping', async ({ staff, suite, t }) => {
    await t.db.update(returnReasons).set({ restockingFeePercent: 15 }).where(eq(returnReasons.code, 'wrong_size'));
    await t.db.update(shopSettings).set({ returnShippingCents: 495 }).where(eq(shopSettings.id, 1));
    try {
      const r = await received(suite, (a) => ({ [a.sized.id]: { units: 1 }, [a.broken.id]: { units: 0, condition: 'missing' } }));
      const res = await save(staff, r.ret.number, { version: r.version, state: 'credited' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // 1500 − 15 % (225) = 1275; the missing line credits nothing; minus 4.95 shipping.
      expect(res.body.return.lines.map((l: { amountCreditedCents: number }) => l.amountCreditedCents)).toEqual([1275, 0]);
      expect(res.body.return.credit).toMatchObject({ totalCents: 1275 - 495, shippingDeductionCents: 495 });
    } finally {
      await t.db.update(returnReasons).set({ restockingFeePercent: 0 }).where(eq(returnReasons.code, 'wrong_size'));
      await t.db.update(shopSettings).set({ returnShippingCents: 0 }).where(eq(shopSettings.id, 1));
    }
  });

  it('staff may credit fewer units, a lower amount, another method; "keep the item" credits units that did not arrive, audited', async ({
    staff,
    suite,
    t
  }) => {
    const r = await received(suite, (a) => ({ [a.sized.id]: { units: 1 }, [a.broken.id]: { units: 0, condition: 'missing' } }));
    const res = await save(staff, r.ret.number, {
      version: r.version,
      state: 'credited',
      credit: {
        method: 'store_credit',
        lines: { [r.sized.id]: { units: 1, amountCents: 1000 }, [r.broken.id]: { units: 2, keepItem: true } }
      }
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(
      res.body.return.lines.map((l: { unitsCredited: number; amountCreditedCents: number; keepItem: boolean }) => [
        l.unitsCredited,
        l.amountCreditedCents,
        l.keepItem
      ])
    ).toEqual([
      [1, 1000, false],
      [2, 4000, true]
    ]);
    expect(res.body.return.credit).toMatchObject({ method: 'store_credit', totalCents: 5000 });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, r.ret.number), sql`${auditEvents.changes} ? 'credit'`));
    const credit = (audit!.changes as { credit: [null, { lines: { keepItem: boolean; units: number }[] }] }).credit[1];
    expect(credit.lines.find((l) => l.keepItem)).toMatchObject({ units: 2, keepItem: true });
  });

  it('refuses credit over paid or over received units, negative or fractional minor units: a 4xx naming the line, nothing written', async ({
    staff,
    suite,
    t
  }) => {
    const r = await received(suite, (a) => ({ [a.sized.id]: { units: 1 } }));
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ [r.sized.id]: { units: 2 } }, 422, 'credit_over_received', `credit.lines.${r.sized.id}.units`],
      [{ [r.sized.id]: { units: 4, keepItem: true } }, 422, 'credit_over_requested', `credit.lines.${r.sized.id}.units`],
      [{ [r.sized.id]: { units: 1, amountCents: 1501 } }, 422, 'credit_over_paid', `credit.lines.${r.sized.id}.amountCents`],
      [{ [r.sized.id]: { amountCents: -1 } }, 400, 'invalid_request', `credit.lines.${r.sized.id}.amountCents`],
      [{ [r.sized.id]: { amountCents: 10.5 } }, 400, 'invalid_request', `credit.lines.${r.sized.id}.amountCents`],
      [{ 999999: { units: 1 } }, 400, 'invalid_request', 'credit.lines.999999']
    ];
    for (const [lines, status, code, field] of cases) {
      const res = await save(staff, r.ret.number, { version: r.version, state: 'credited', credit: { lines } });
      expect(res.status, JSON.stringify(lines)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    const d = await detail(staff, r.ret.number);
    expect(d).toMatchObject({ state: 'received', version: r.version, credit: null });
    expect(await orderLineTotals(t, r.lines[0]!.id)).toEqual({ units: 0, amount: 0 });
    const early = await save(staff, r.ret.number, { version: r.version, credit: { method: 'refund' } });
    expect(early.body.error.code).toBe('credit_not_now');
  });

  it('a fee over 100 % is refused', async ({ admin, t }) => {
    const [reason] = await t.db.select().from(returnReasons).where(eq(returnReasons.code, 'changed_mind'));
    const res = await admin.patch(`/api/staff/settings/reasons/${reason!.id}`, { restockingFeePercent: 101 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ restockingFeePercent: 'too_big' });
    const frac = await admin.patch(`/api/staff/settings/reasons/${reason!.id}`, { restockingFeePercent: 2.5 });
    expect(frac.status).toBe(400);
    const ok = await admin.patch(`/api/staff/settings/reasons/${reason!.id}`, { restockingFeePercent: 10 });
    expect(ok.status).toBe(200);
    await admin.patch(`/api/staff/settings/reasons/${reason!.id}`, { restockingFeePercent: 0 });
  });

  it('two staff saving credits at once: one wins, the other gets the stale-save 409', async ({ received: r, staff, t }) => {
    const other = (await signInStaff(t, 'staff')).agent;
    const results = await Promise.all([
      save(staff, r.ret.number, { version: r.version, state: 'credited', credit: { lines: { [r.sized.id]: { units: 3 } } } }),
      save(other, r.ret.number, { version: r.version, state: 'credited', credit: { lines: { [r.sized.id]: { units: 2 } } } })
    ]);
    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    expect(results.find((x) => x.status === 409)!.body.error.code).toBe('stale_return');
    const totals = await orderLineTotals(t, r.lines[0]!.id);
    expect([2, 3]).toContain(totals.units);
  });

  it('a reopened return credited again keeps its first credit: nothing is credited twice', async ({ received: r, admin, t }) => {
    let res = await save(admin, r.ret.number, { version: r.version, state: 'credited' });
    expect(res.status).toBe(200);
    const first = res.body.return.credit;
    for (const state of ['in_progress', 'approved', 'received', 'credited']) {
      res = await save(admin, r.ret.number, { version: res.body.return.version, state });
      expect(res.status, state).toBe(200);
    }
    expect(res.body.return.credit).toEqual(first);
    expect(await orderLineTotals(t, r.lines[0]!.id)).toEqual({ units: 3, amount: 4500 });
    const again = await save(admin, r.ret.number, { version: res.body.return.version, state: 'in_progress' });
    const refused = await save(admin, r.ret.number, {
      version: again.body.return.version,
      state: 'approved'
    });
    expect(refused.status).toBe(200);
    const twice = await save(admin, r.ret.number, {
      version: refused.body.return.version,
      state: 'received',
      receipt: { [r.sized.id]: { units: 1 } }
    });
    expect(twice.status).toBe(422);
    expect(twice.body.error.code).toBe('receipt_decided');
  });
});

describe('the database holds the invariants', () => {
  it('refuses a credit changed after it was decided, more than paid for a line’s units, or more than bought over all returns', async ({
    received: r,
    staff,
    suite,
    t
  }) => {
    const res = await save(staff, r.ret.number, { version: r.version, state: 'credited' });
    expect(res.status).toBe(200);
    await expect(t.db.update(returnLines).set({ amountCreditedCents: 1 }).where(eq(returnLines.id, r.sized.id))).rejects.toThrow();
    await expect(t.db.update(returns).set({ creditTotalCents: 1 }).where(eq(returns.number, r.ret.number))).rejects.toThrow();
    await expect(t.db.update(returnLines).set({ unitsReceived: 1 }).where(eq(returnLines.id, r.sized.id))).rejects.toThrow();

    const other = await received(suite);
    // More than paid for the units of one line.
    await expect(
      t.db.update(returnLines).set({ unitsCredited: 1, amountCreditedCents: 1501 }).where(eq(returnLines.id, other.sized.id))
    ).rejects.toThrow();
    // Units credited that did not arrive, without "keep the item".
    const notYet = await approved(suite);
    await expect(
      t.db.update(returnLines).set({ unitsCredited: 1, amountCreditedCents: 0 }).where(eq(returnLines.id, notYet.sized.id))
    ).rejects.toThrow();
    // Negative units or money.
    await expect(t.db.update(returnLines).set({ unitsReceived: -1 }).where(eq(returnLines.id, notYet.sized.id))).rejects.toThrow();
    await expect(
      t.db.update(returnLines).set({ unitsCredited: 0, amountCreditedCents: -1 }).where(eq(returnLines.id, other.sized.id))
    ).rejects.toThrow();
    // Over all the returns of an order line: the order line's CHECK.
    await expect(t.db.update(orderLines).set({ unitsCredited: 4 }).where(eq(orderLines.id, other.lines[0]!.id))).rejects.toThrow();
    await expect(t.db.update(orderLines).set({ amountCreditedCents: 4501 }).where(eq(orderLines.id, other.lines[0]!.id))).rejects.toThrow();
    expect(await orderLineTotals(t, other.lines[0]!.id)).toEqual({ units: 0, amount: 0 });
  });
});
