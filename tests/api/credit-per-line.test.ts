import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, outbox, shopSettings } from '../../server/db/schema.ts';
import { setExchangesEnabled } from '../helpers/exchanges.ts';
import { mixedReturn } from '../helpers/mixed-return.ts';
import { save, signInShopper, staffReturnOfOrder } from '../helpers/staff.ts';
import type { TestContext } from '../helpers/app.ts';
import { staffTest as it, WEBHOOK_ENV, type StaffSuite } from '../helpers/staff-test.ts';

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);

// Issue 23 item 2: a credit outcome per line, told to the shopper, the email and the shop.
it.beforeEach(({ t }) => setExchangesEnabled(t.db, true));

type Line = {
  id: number;
  orderLineId: number;
  creditMethod: string | null;
  unitsCredited: number | null;
  amountCreditedCents: number | null;
};

async function outboxOf(t: TestContext, topic: string) {
  return (await t.db.select().from(outbox).where(eq(outbox.topic, topic))).map((o) => o.payload as Record<string, any>);
}

/** A received return of two lines, 2 × €15.00 and 1 × €20.00, both asking for `action`. */
async function receivedPlain(suite: StaffSuite, action = 'refund') {
  const { ret, lineOf, ...made } = await staffReturnOfOrder(
    suite,
    [
      { quantity: 2, price: 1500, action },
      { quantity: 1, price: 2000, action }
    ],
    'received'
  );
  return { ...made, number: ret.number, version: ret.version, first: lineOf(0).id, second: lineOf(1).id };
}

describe('a credit outcome per line', () => {
  it('a mixed return: the refund line refunded, the exchange line replaced; the shopper, the email and the webhook tell each line', async ({
    ids,
    staff,
    t
  }) => {
    const r = await mixedReturn(t, ids, staff);
    await t.db.update(customers).set({ locale: 'en' }).where(eq(customers.id, r.customer.id));
    await t.db.delete(outbox);
    const res = await save(staff, r.number, { version: r.version, state: 'credited', notify: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return.credit).toMatchObject({
      method: 'mixed',
      totalCents: 4500,
      totals: { refund: 2500, store_credit: 0, replacement: 2000 }
    });

    // The shopper's return page: each line's outcome, and the credit per method.
    const seen = (await r.shopper.get(`/api/returns/${r.number}`)).body.return;
    expect(seen.lines.map((l: Line) => [l.orderLineId, l.creditMethod, l.amountCreditedCents])).toEqual([
      [r.line.id, 'replacement', 2000],
      [r.bagLine.id, 'refund', 2500]
    ]);
    expect(seen.credit).toMatchObject({ method: 'mixed', totalCents: 4500, totals: { refund: 2500, store_credit: 0, replacement: 2000 } });

    // The credited email: one sentence per method, one line per item with its outcome.
    const email = (await t.db.select().from(outbox).where(eq(outbox.kind, 'email')))[0]!.payload as { to: string; text: string };
    expect(email.to).toBe(r.customer.email);
    expect(email.text).toContain(
      '€25.00 will be refunded to your original payment method. A replacement worth €20.00 will be sent to you.'
    );
    expect(email.text).toContain(`- 1 × ${r.product.name}: €20.00, replacement (M)`);
    expect(email.text).toContain('- 1 × Canvas bag: €25.00, refund to your original payment method');

    // return.credited: the method per line, the total per method (adding up to the total).
    const [hook] = await outboxOf(t, 'return.credited');
    expect(hook!.data).toMatchObject({
      method: 'mixed',
      totalCents: 4500,
      totals: { refund: 2500, store_credit: 0, replacement: 2000 },
      lines: [
        { sku: r.size('S').sku, method: 'replacement', unitsCredited: 1, amountCents: 2000, replacementSku: r.size('M').sku },
        { sku: r.bagLine.sku, method: 'refund', unitsCredited: 1, amountCents: 2500 }
      ]
    });
    expect(hook!.data.lines[1]).not.toHaveProperty('replacementSku');
  });

  it('staff choose each line: store credit on one, kept on the other; the return shipping is taken from the money lines', async ({
    staff,
    suite,
    t
  }) => {
    await t.db.update(shopSettings).set({ returnShippingCents: 500 }).where(eq(shopSettings.id, 1));
    try {
      const r = await receivedPlain(suite);
      await t.db.delete(outbox);
      const res = await save(staff, r.number, {
        version: r.version,
        state: 'credited',
        notify: true,
        credit: { lines: { [r.first]: { method: 'store_credit' }, [r.second]: { method: 'kept' } } }
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const lines = res.body.return.lines as Line[];
      expect(lines.map((l) => [l.id, l.creditMethod, l.unitsCredited, l.amountCreditedCents])).toEqual([
        [r.first, 'store_credit', 2, 3000],
        [r.second, 'kept', 0, 0]
      ]);
      expect(res.body.return.credit).toMatchObject({
        method: 'mixed',
        shippingDeductionCents: 500,
        totalCents: 2500,
        totals: { refund: 0, store_credit: 2500, replacement: 0 }
      });
      const email = (await t.db.select().from(outbox).where(eq(outbox.kind, 'email')))[0]!.payload as { text: string };
      expect(email.text).toMatch(/will be given to you as store credit\.|vous sera accordé en avoir en boutique\./);
      expect(email.text).toMatch(/- 0 × .*: (kept by you, nothing credited|conservé par vous, rien n’est crédité)/);
    } finally {
      await t.db.update(shopSettings).set({ returnShippingCents: 0 }).where(eq(shopSettings.id, 1));
    }
  });

  it('a line kept is credited nothing: units or an amount on it are refused, naming the line, nothing written', async ({
    staff,
    suite,
    t
  }) => {
    const r = await receivedPlain(suite);
    for (const [given, field] of [
      [{ method: 'kept', units: 1 }, 'units'],
      [{ method: 'kept', amountCents: 100 }, 'amountCents']
    ] as const) {
      const res = await save(staff, r.number, { version: r.version, state: 'credited', credit: { lines: { [r.first]: given } } });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: 'credit_kept_not_zero',
        fields: { [`credit.lines.${r.first}.${field}`]: 'kept_is_zero' }
      });
    }
    const shopper = await signInShopper(t, r.customer);
    expect((await shopper.get(`/api/returns/${r.number}`)).body.return).toMatchObject({ state: 'received', credit: null });
  });

  it('one method for the whole return (as before) still works: every line that names none gets it', async ({ staff, suite }) => {
    const r = await receivedPlain(suite);
    const res = await save(staff, r.number, {
      version: r.version,
      state: 'credited',
      credit: { method: 'store_credit', lines: { [r.second]: { method: 'refund' } } }
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body.return.lines as Line[]).map((l) => l.creditMethod)).toEqual(['store_credit', 'refund']);
    expect(res.body.return.credit.totals).toEqual({ refund: 2000, store_credit: 3000, replacement: 0 });

    const same = await receivedPlain(suite, 'store_credit');
    const done = await save(staff, same.number, { version: same.version, state: 'credited' });
    expect(done.body.return.credit).toMatchObject({ method: 'store_credit', totals: { refund: 0, store_credit: 5000, replacement: 0 } });
  });
});
