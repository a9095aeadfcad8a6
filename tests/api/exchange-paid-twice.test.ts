import { describe, expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { outbox, returnLines, stockReservations } from '../../server/db/schema.ts';
import { reservationsOf, setExchangesEnabled } from '../helpers/exchanges.ts';
import { mixedReturn } from '../helpers/mixed-return.ts';
import { auditOf, detail, save, stockOf } from '../helpers/staff.ts';
import { staffTest, WEBHOOK_ENV } from '../helpers/staff-test.ts';

/** `mixed`: each test's own mixed return (tests/helpers/mixed-return.ts), made after the file's `beforeEach`, when a test names it. */
const it = staffTest.extend('mixed', ({ t, ids, staff }) => mixedReturn(t, ids, staff));

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);

// Issue 23 item 3: an exchange whose replacement is reserved must not also be refunded.
it.beforeEach(({ t }) => setExchangesEnabled(t.db, true));

/** What a direct SQL write was refused with (the database's own message), or '' when it went through. */
async function refusal(write: Promise<unknown>): Promise<string> {
  try {
    await write;
    return '';
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
}

describe('an exchange is never paid twice', () => {
  it('saved as offered, the exchange line is credited as its replacement (no refund) and the other line refunded', async ({
    mixed: r,
    staff,
    t
  }) => {
    expect(await stockOf(t.db, r.size('M').id)).toBe(4);
    const res = await save(staff, r.number, { version: r.version, state: 'credited' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const lines = res.body.return.lines as { id: number; creditMethod: string; amountCreditedCents: number }[];
    expect(lines.find((l) => l.id === r.shirtLineId)).toMatchObject({ creditMethod: 'replacement', amountCreditedCents: 2000 });
    expect(lines.find((l) => l.id === r.bagLineId)).toMatchObject({ creditMethod: 'refund', amountCreditedCents: 2500 });
    // Money back only for the bag; the shirt's M stays reserved: it is the one sent.
    expect(res.body.return.credit.totals).toEqual({ refund: 2500, store_credit: 0, replacement: 2000 });
    expect(await stockOf(t.db, r.size('M').id)).toBe(4);
  });

  it('refuses a refund, store credit or nothing on a line whose replacement is reserved: 422 naming the line, nothing written', async ({
    mixed: r,
    staff,
    t
  }) => {
    const attempts = [
      { method: 'refund' },
      { lines: { [r.shirtLineId]: { method: 'store_credit' } } },
      { lines: { [r.shirtLineId]: { method: 'kept' } } },
      { lines: { [r.shirtLineId]: { method: 'refund', releaseReplacement: false } } }
    ];
    for (const credit of attempts) {
      const res = await save(staff, r.number, { version: r.version, state: 'credited', credit });
      expect(res.status, JSON.stringify(credit)).toBe(422);
      expect(res.body.error).toMatchObject({
        code: 'replacement_reserved',
        fields: { [`credit.lines.${r.shirtLineId}.method`]: 'replacement_reserved' }
      });
    }
    const after = await detail(staff, r.number);
    expect(after).toMatchObject({ state: 'received', version: r.version, credit: null });
    expect((await reservationsOf(t.db, r.shirtLineId)).map((x) => x.releasedAt)).toEqual([null]);
    expect(await stockOf(t.db, r.size('M').id)).toBe(4);
    // A release is asked only of a reserved replacement credited otherwise.
    const res = await save(staff, r.number, {
      version: r.version,
      state: 'credited',
      credit: { lines: { [r.bagLineId]: { releaseReplacement: true } } }
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ [`credit.lines.${r.bagLineId}.releaseReplacement`]: 'nothing_reserved' });
  });

  it('released in the same save: the line is refunded and its replacement goes back to stock, once, audited and told to the shop', async ({
    mixed: r,
    admin,
    staff,
    t
  }) => {
    await t.db.delete(outbox);
    const res = await save(staff, r.number, {
      version: r.version,
      state: 'credited',
      credit: { lines: { [r.shirtLineId]: { method: 'refund', releaseReplacement: true } } }
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.return.credit).toMatchObject({
      method: 'refund',
      totalCents: 4500,
      totals: { refund: 4500, store_credit: 0, replacement: 0 }
    });
    expect(res.body.return.lines.find((l: { id: number }) => l.id === r.shirtLineId).replacement).toMatchObject({ reserved: false });
    expect(await stockOf(t.db, r.size('M').id)).toBe(5);
    expect((await reservationsOf(t.db, r.shirtLineId)).map((x) => x.releasedAt !== null)).toEqual([true]);
    const audit = (await auditOf(t.db, 'return', r.number)).at(-1)!.changes as { credit: [null, { lines: unknown[] }] };
    expect(audit.credit[1].lines).toContainEqual(
      expect.objectContaining({ returnLineId: r.shirtLineId, method: 'refund', replacementReleased: true })
    );
    const hook = (await t.db.select().from(outbox).where(eq(outbox.topic, 'return.credited')))[0]!.payload as {
      data: { lines: Record<string, unknown>[] };
    };
    expect(hook.data.lines[0]).toMatchObject({ sku: r.size('S').sku, method: 'refund' });
    expect(hook.data.lines[0]).not.toHaveProperty('replacementSku');

    // Reopened and approved again: a line credited as a refund gets no new reservation.
    let v = res.body.return.version as number;
    for (const state of ['in_progress', 'approved']) {
      const step = await save(admin, r.number, { version: v, state });
      expect(step.status, JSON.stringify(step.body)).toBe(200);
      v = step.body.return.version;
    }
    expect(await reservationsOf(t.db, r.shirtLineId)).toHaveLength(1);
    expect(await stockOf(t.db, r.size('M').id)).toBe(5);
  });
});

describe('the database holds it', () => {
  it('refuses a direct write of a refund on a line whose replacement is reserved, a reservation for a line credited otherwise, and a changed method', async ({
    mixed: r,
    t
  }) => {
    const writeRefund = () =>
      t.db
        .update(returnLines)
        .set({ creditMethod: 'refund', unitsCredited: 1, amountCreditedCents: 2000 })
        .where(eq(returnLines.id, r.shirtLineId));
    // A refund written straight into the table while the M is reserved.
    expect(await refusal(writeRefund())).toMatch(/while its replacement is reserved/);
    expect(
      await refusal(
        t.db.execute(sql`update return_lines set credit_method = 'kept', units_credited = 0, amount_credited_cents = 0
        where id = ${r.shirtLineId}`)
      )
    ).toMatch(/while its replacement is reserved/);
    // Released first (as the service does), the same write goes through.
    await t.db.update(stockReservations).set({ releasedAt: t.clock.now }).where(eq(stockReservations.returnLineId, r.shirtLineId));
    expect(await refusal(writeRefund())).toBe('');
    // No replacement is reserved again for that line, and its method is decided once.
    expect(
      await refusal(
        t.db.insert(stockReservations).values({ returnLineId: r.shirtLineId, variantId: r.size('M').id, units: 1, createdAt: t.clock.now })
      )
    ).toMatch(/its replacement is not reserved/);
    expect(await refusal(t.db.update(returnLines).set({ creditMethod: 'replacement' }).where(eq(returnLines.id, r.shirtLineId)))).toMatch(
      /already decided/
    );
    // A line kept is credited nothing; a method needs a credit.
    expect(
      await refusal(
        t.db
          .update(returnLines)
          .set({ creditMethod: 'kept', unitsCredited: 1, amountCreditedCents: 2500 })
          .where(eq(returnLines.id, r.bagLineId))
      )
    ).toMatch(/return_lines_kept/);
    expect(await refusal(t.db.update(returnLines).set({ creditMethod: 'refund' }).where(eq(returnLines.id, r.bagLineId)))).toMatch(
      /return_lines_credit_method/
    );
    expect(await stockOf(t.db, r.size('M').id)).toBe(5);
  });
});
