import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, returns, shopSettings } from '../../server/db/schema.ts';
import { ALLOWED_MOVES, FINAL_STATES, RETURN_STATES, type ReturnState } from '#shared/states.ts';
import {
  customerOrder,
  detail,
  lineInput,
  movementsOf,
  save,
  signInShopper,
  signInStaff,
  staffCreate,
  postOneLine,
  staffReturnOfOrder,
  stockOf
} from '../helpers/staff.ts';
import { staffTest as it, type StaffSuite } from '../helpers/staff-test.ts';

/**
 * A return on `orderNumber` brought to `state` through the staff API (final states by an allowed move).
 * Its line asks for a replacement, so every move of the state table is open to it.
 */
async function returnIn({ admin, ids }: StaffSuite, state: ReturnState, orderNumber: string, orderLineId: number, action = 'replacement') {
  const start: ReturnState = state === 'credited' ? 'received' : FINAL_STATES.includes(state) ? 'requested' : state;
  const created = await staffCreate(admin, {
    orderNumber,
    lines: [lineInput(ids, orderLineId, 1, 'wrong_size', action)],
    state: start,
    override: true
  });
  if (start === state) return created;
  const res = await save(admin, created.number, { version: created.version, state });
  expect(res.status).toBe(200);
  return res.body.return as typeof created;
}

describe('moves between states', () => {
  describe.each(RETURN_STATES)('from %s', (from) => {
    it('allows exactly the moves of the state table and refuses every other one, leaving the return as it was', async ({
      staff,
      suite,
      t
    }) => {
      const { order, lines } = await customerOrder(t, { lines: [{ quantity: 10 }] });
      for (const to of RETURN_STATES.filter((s) => s !== from)) {
        const ret = await returnIn(suite, from, order.number, lines[0]!.id);
        const res = await save(staff, ret.number, { version: ret.version, state: to });
        const after = await detail(staff, ret.number);
        if (ALLOWED_MOVES[from].includes(to)) {
          expect(res.status, `${from} -> ${to}`).toBe(200);
          expect(res.body.return.state).toBe(to);
          expect(after).toMatchObject({ state: to, version: ret.version + 1 });
        } else {
          expect(res.status, `${from} -> ${to}`).toBe(422);
          expect(res.body.error.code).toBe('illegal_transition');
          expect(res.body.error.fields).toEqual({ state: `${from}->${to}` });
          expect(after).toMatchObject({ state: from, version: ret.version });
        }
      }
    });
  });

  it('offers only the allowed moves (the staff screen words them: shared/states.ts stateText)', async ({ staff, suite, t }) => {
    const { order, lines } = await customerOrder(t);
    const ret = await returnIn(suite, 'approved', order.number, lines[0]!.id);
    const d = await detail(staff, ret.number);
    expect(d.allowedMoves).toEqual([
      { state: 'received', reopen: false },
      { state: 'cancelled', reopen: false }
    ]);
  });

  it('offers “Replacement being sent” only when a line has a replacement, and refuses it otherwise', async ({ ids, staff, suite, t }) => {
    const { order, lines } = await customerOrder(t, { lines: [{ quantity: 3 }] });
    const refundOnly = await returnIn(suite, 'received', order.number, lines[0]!.id, 'refund');
    expect((await detail(staff, refundOnly.number)).allowedMoves.map((m: { state: string }) => m.state)).toEqual(['credited']);
    const moved = await save(staff, refundOnly.number, { version: refundOnly.version, state: 'items_needed' });
    expect(moved.status).toBe(422);
    expect(moved.body.error).toMatchObject({ code: 'no_replacement', fields: { state: 'no_replacement' } });
    expect(await detail(staff, refundOnly.number)).toMatchObject({ state: 'received', version: refundOnly.version });

    const created = await staff.post('/api/staff/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 1, 'wrong_size', 'store_credit')],
      state: 'items_needed'
    });
    expect(created.status).toBe(422);
    expect(created.body.error.code).toBe('no_replacement');

    const withReplacement = await returnIn(suite, 'received', order.number, lines[0]!.id, 'replacement');
    expect((await detail(staff, withReplacement.number)).allowedMoves.map((m: { state: string }) => m.state)).toEqual([
      'items_needed',
      'credited'
    ]);
  });

  it.for(FINAL_STATES)(
    'only an admin reopens a %s return, to in_progress only, and it is audited',
    async (final, { admin, adminMember, staff, suite, t }) => {
      const { order, lines } = await customerOrder(t, { lines: [{ quantity: 3 }] });
      const ret = await returnIn(suite, final, order.number, lines[0]!.id);
      expect((await detail(staff, ret.number)).allowedMoves).toEqual([]);
      expect((await detail(admin, ret.number)).allowedMoves).toEqual([expect.objectContaining({ state: 'in_progress', reopen: true })]);

      const byStaff = await save(staff, ret.number, { version: ret.version, state: 'in_progress' });
      expect(byStaff.status).toBe(422);
      expect(byStaff.body.error.code).toBe('illegal_transition');
      const elsewhere = await save(admin, ret.number, { version: ret.version, state: 'approved' });
      expect(elsewhere.status).toBe(422);

      const reopened = await save(admin, ret.number, { version: ret.version, state: 'in_progress' });
      expect(reopened.status).toBe(200);
      expect(reopened.body.return.state).toBe('in_progress');
      const last = reopened.body.return.audit.at(-1);
      expect(last).toMatchObject({
        action: 'reopened',
        actor: { type: 'staff', name: adminMember.name },
        changes: { state: [final, 'in_progress'] }
      });
    }
  );

  it('refuses an unknown state and unknown fields with 400', async ({ staff, suite, t }) => {
    const { order, lines } = await customerOrder(t);
    const ret = await returnIn(suite, 'requested', order.number, lines[0]!.id);
    expect((await save(staff, ret.number, { version: ret.version, state: 'shipped' })).status).toBe(400);
    const extra = await save(staff, ret.number, { version: ret.version, customerId: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields).toEqual({ customerId: 'unknown_field' });
    expect((await save(staff, 'R-NOPE-1', { version: 1, state: 'approved' })).status).toBe(404);
  });
});

describe('saving with optimistic locking', () => {
  it('refuses a stale save with 409 and keeps what the first person saved', async ({ staff, suite, t }) => {
    const { order, lines } = await customerOrder(t);
    const ret = await returnIn(suite, 'requested', order.number, lines[0]!.id);
    const other = (await signInStaff(t, 'staff')).agent;
    const seenByBoth = (await detail(staff, ret.number)).version;
    expect((await detail(other, ret.number)).version).toBe(seenByBoth);

    const first = await save(other, ret.number, {
      version: seenByBoth,
      state: 'approved',
      staffNote: 'Checked photos',
      customerMessage: 'Send it back'
    });
    expect(first.status).toBe(200);
    const second = await save(staff, ret.number, { version: seenByBoth, state: 'rejected', staffNote: 'Nope', customerMessage: 'Sorry' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('stale_return');

    const stored = await detail(staff, ret.number);
    expect(stored).toMatchObject({
      state: 'approved',
      staffNote: 'Checked photos',
      messages: [expect.objectContaining({ body: 'Send it back' })],
      version: seenByBoth + 1
    });
    expect(stored.audit.filter((e: { action: string }) => e.action === 'updated')).toHaveLength(1);
  });
});

describe('restock when items are received', () => {
  async function approvedTwoLines(suite: StaffSuite) {
    const { t } = suite;
    const specs = [
      { quantity: 2, reason: 'wrong_size' },
      { quantity: 3, reason: 'defective' }
    ];
    const { lineOf, ...made } = await staffReturnOfOrder(suite, specs, 'approved');
    const stock = [await stockOf(t.db, made.variants[0]!.id), await stockOf(t.db, made.variants[1]!.id)];
    return { ...made, sized: lineOf(0), broken: lineOf(1), stock };
  }

  it('puts back exactly the restocked units, once per line, even when the save is retried', async ({ staff, suite, t }) => {
    const { ret, sized, broken, variants, stock } = await approvedTwoLines(suite);
    const body = { version: ret.version, state: 'received', restock: { [sized.id]: true, [broken.id]: false } };
    const res = await save(staff, ret.number, body);
    expect(res.status).toBe(200);
    const lines = res.body.return.lines;
    expect(lines.map((l: { restock: boolean; restockedUnits: number }) => [l.restock, l.restockedUnits])).toEqual([
      [true, 2],
      [false, 0]
    ]);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock[0]! + 2);
    expect(await stockOf(t.db, variants[1]!.id)).toBe(stock[1]);

    // The same request again (a double click, a network retry): refused as stale, nothing moves.
    const retry = await save(staff, ret.number, body);
    expect(retry.status).toBe(409);
    // With the new version, restock can no longer be decided (it was decided on reaching received).
    const redo = await save(staff, ret.number, { ...body, version: ret.version + 1 });
    expect(redo.status).toBe(422);
    expect(redo.body.error.code).toBe('restock_not_now');
    // Moving on does not restock again.
    expect((await save(staff, ret.number, { version: ret.version + 1, state: 'credited' })).status).toBe(200);

    expect(await movementsOf(t.db, sized.id)).toHaveLength(1);
    expect(await movementsOf(t.db, broken.id)).toHaveLength(0);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock[0]! + 2);
    expect(await stockOf(t.db, variants[1]!.id)).toBe(stock[1]);
  });

  it('two concurrent saves: one wins, the other gets 409, stock rises once', async ({ staff, suite, t }) => {
    const { ret, sized, broken, variants, stock } = await approvedTwoLines(suite);
    const body = { version: ret.version, state: 'received', restock: { [sized.id]: true, [broken.id]: true } };
    const other = (await signInStaff(t, 'staff')).agent;
    const results = await Promise.all([save(staff, ret.number, body), save(other, ret.number, body), save(staff, ret.number, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await movementsOf(t.db, sized.id)).toHaveLength(1);
    expect(await movementsOf(t.db, broken.id)).toHaveLength(1);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock[0]! + 2);
    expect(await stockOf(t.db, variants[1]!.id)).toBe(stock[1]! + 3);
  });

  it('defaults to the reason: a defective product is not restocked, a wrong size is', async ({ staff, suite, t }) => {
    const { ret, sized, broken, variants, stock } = await approvedTwoLines(suite);
    const d = await detail(staff, ret.number);
    expect(d.lines.map((l: { restockDefault: boolean; restock: boolean | null }) => [l.restockDefault, l.restock])).toEqual([
      [true, null],
      [false, null]
    ]);
    expect((await save(staff, ret.number, { version: ret.version, state: 'received' })).status).toBe(200);
    expect(await movementsOf(t.db, sized.id)).toHaveLength(1);
    expect(await movementsOf(t.db, broken.id)).toHaveLength(0);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock[0]! + 2);
    expect(await stockOf(t.db, variants[1]!.id)).toBe(stock[1]);
  });

  it('refuses restock decisions on a move that does not reach received', async ({ staff, suite }) => {
    const { ret, sized } = await approvedTwoLines(suite);
    const res = await save(staff, ret.number, { version: ret.version, state: 'cancelled', restock: { [sized.id]: true } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('restock_not_now');
    expect((await detail(staff, ret.number)).state).toBe('approved');
  });

  it('a counter return created at received restocks once, and an idempotent replay does not restock again', async ({ ids, staff, t }) => {
    const { order, lines, variants } = await customerOrder(t, { lines: [{ quantity: 2 }] });
    const before = await stockOf(t.db, variants[0]!.id);
    const body = {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 2, 'defective')],
      state: 'received',
      restock: { [lines[0]!.id]: true }
    };
    const headers = { 'idempotency-key': `counter-${order.number}` };
    const first = await staff.post('/api/staff/returns', body, headers);
    const replay = await staff.post('/api/staff/returns', body, headers);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.return.number).toBe(first.body.return.number);
    expect(first.body.return.lines[0]).toMatchObject({ restock: true, restockedUnits: 2 });
    expect(await stockOf(t.db, variants[0]!.id)).toBe(before + 2);
    expect(await t.db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(1);
  });

  describe('with the inventory linked to a point of sale', () => {
    it('refuses restock, and receiving puts nothing back', async ({ ids, staff, suite, t }) => {
      await t.db.update(shopSettings).set({ inventoryLinkedToPos: true }).where(eq(shopSettings.id, 1));
      try {
        const { ret, sized, broken, variants, stock } = await approvedTwoLines(suite);
        expect((await detail(staff, ret.number)).inventoryLinkedToPos).toBe(true);
        const refused = await save(staff, ret.number, { version: ret.version, state: 'received', restock: { [sized.id]: true } });
        expect(refused.status).toBe(422);
        expect(refused.body.error.code).toBe('restock_unavailable');
        expect((await detail(staff, ret.number)).state).toBe('approved');

        const ok = await save(staff, ret.number, { version: ret.version, state: 'received', restock: { [sized.id]: false } });
        expect(ok.status).toBe(200);
        expect(ok.body.return.lines.map((l: { restock: boolean }) => l.restock)).toEqual([false, false]);
        expect(await movementsOf(t.db, sized.id)).toHaveLength(0);
        expect(await movementsOf(t.db, broken.id)).toHaveLength(0);
        expect(await stockOf(t.db, variants[0]!.id)).toBe(stock[0]);

        const { order, lines } = await customerOrder(t);
        const counter = await postOneLine(staff, ids, order.number, lines[0]!.id, {
          state: 'received',
          restock: { [lines[0]!.id]: true }
        });
        expect(counter.status).toBe(422);
        expect(counter.body.error.code).toBe('restock_unavailable');
      } finally {
        await t.db.update(shopSettings).set({ inventoryLinkedToPos: false }).where(eq(shopSettings.id, 1));
      }
    });
  });
});

describe('audit trail', () => {
  it('records who changed what from what to what, and the shopper never sees the staff note', async ({ suite, t }) => {
    const { customer, order, lines } = await customerOrder(t);
    const ret = await returnIn(suite, 'requested', order.number, lines[0]!.id);
    const { staff: member, agent } = await signInStaff(t, 'staff');
    t.advance(60_000);
    const res = await save(agent, ret.number, {
      version: ret.version,
      state: 'in_progress',
      staffNote: 'Internal: call the warehouse',
      customerMessage: 'We are on it',
      notify: true
    });
    expect(res.status).toBe(200);
    const entry = res.body.return.audit.at(-1);
    expect(entry).toMatchObject({
      action: 'updated',
      at: t.clock.now.toISOString(),
      actor: { type: 'staff', name: member.name, email: member.email },
      changes: {
        state: ['requested', 'in_progress'],
        staffNote: ['', 'Internal: call the warehouse'],
        customerMessage: [null, 'We are on it'],
        notified: [false, true]
      }
    });
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, entry.id));
    expect(row).toMatchObject({ actorType: 'staff', actorId: member.id, entity: 'return', entityId: ret.number });

    const shopper = await signInShopper(t, customer);
    const seen = await shopper.get(`/api/returns/${ret.number}`);
    expect(seen.status).toBe(200);
    expect(seen.body.return).toMatchObject({ state: 'in_progress', messages: [{ body: 'We are on it', authorRole: 'staff' }] });
    expect(JSON.stringify(seen.body)).not.toContain('call the warehouse');
    expect(JSON.stringify(seen.body)).not.toContain(member.name);
  });
});

describe('the queue', () => {
  it('lists newest first in keyset pages, filters by state with counts, and searches', async ({ ids, staff, t }) => {
    const { customer, order, lines } = await customerOrder(t, { lines: [{ quantity: 40 }] });
    const numbers: string[] = [];
    for (let i = 0; i < 30; i++) {
      t.advance(1000);
      const ret = await staffCreate(staff, {
        orderNumber: order.number,
        lines: [lineInput(ids, lines[0]!.id)],
        state: i % 3 === 0 ? 'approved' : 'requested'
      });
      numbers.unshift(ret.number);
    }
    // Everything else in this file is older than these 30.
    const page1 = await staff.get('/api/staff/returns');
    expect(page1.status).toBe(200);
    expect(page1.body.returns).toHaveLength(25);
    expect(page1.body.returns.map((r: { number: string }) => r.number)).toEqual(numbers.slice(0, 25));
    expect(page1.body.returns[0]).toMatchObject({
      orderNumber: order.number,
      customer: { email: customer.email },
      lineCount: 1,
      itemCount: 1
    });
    const page2 = await staff.get(`/api/staff/returns?cursor=${page1.body.nextCursor}`);
    expect(page2.body.returns.slice(0, 5).map((r: { number: string }) => r.number)).toEqual(numbers.slice(25, 30));

    const byOrder = await staff.get(`/api/staff/returns?q=${order.number}`);
    expect(byOrder.body.returns.map((r: { number: string }) => r.number)).toEqual(numbers.slice(0, 25));
    expect(byOrder.body.counts).toMatchObject({ requested: 20, approved: 10, received: 0 });
    const rest = await staff.get(`/api/staff/returns?q=${order.number}&cursor=${byOrder.body.nextCursor}`);
    expect(rest.body.returns.map((r: { number: string }) => r.number)).toEqual(numbers.slice(25));
    expect(rest.body.nextCursor).toBeNull();

    const approved = await staff.get(`/api/staff/returns?state=approved&q=${encodeURIComponent(customer.email.toUpperCase())}`);
    expect(approved.body.returns).toHaveLength(10);
    expect(approved.body.returns.every((r: { state: string }) => r.state === 'approved')).toBe(true);

    const one = await staff.get(`/api/staff/returns?q=${numbers[7]!.toLowerCase()}`);
    expect(one.body.returns.map((r: { number: string }) => r.number)).toEqual([numbers[7]]);
    expect((await staff.get('/api/staff/returns?q=nobody-at-all@example.com')).body.returns).toEqual([]);
    expect((await staff.get('/api/staff/returns?state=lost')).status).toBe(400);
  });
});
