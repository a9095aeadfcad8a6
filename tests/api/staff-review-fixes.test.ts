import { describe, expect } from 'vitest';
import { unitsOnReturns } from '../helpers/returns.ts';
import { customerOrder, detail, lineInput, movementsOf, postOneLine, save, signInShopper, staffCreate, stockOf } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

describe('units after a staff decision', () => {
  it('a rejected request gives its units back: the shopper can return the line again', async ({ ids, staff, t }) => {
    const { customer, order, lines } = await customerOrder(t, { lines: [{ quantity: 2 }] });
    const shopper = await signInShopper(t, customer);
    const created = await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id, 2)] });
    expect(created.status).toBe(201);
    expect((await shopper.get(`/api/orders/${order.number}`)).body.order.lines[0].returnableQuantity).toBe(0);
    const rejected = await save(staff, created.body.return.number, { version: created.body.return.version, state: 'rejected' });
    expect(rejected.status).toBe(200);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
    const line = (await shopper.get(`/api/orders/${order.number}`)).body.order.lines[0];
    expect(line).toMatchObject({ returnableQuantity: 2, blockedReason: null });
    expect((await shopper.post('/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id, 2)] })).status).toBe(201);
  });
});

describe('staff creating a return', () => {
  it('starting in items_needed decides restock at once (default from the reason), one movement per line', async ({ ids, staff, t }) => {
    const { order, lines, variants } = await customerOrder(t, { lines: [{ quantity: 1 }, { quantity: 1 }] });
    const before = [await stockOf(t.db, variants[0]!.id), await stockOf(t.db, variants[1]!.id)];
    const ret = await staffCreate(staff, {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 1, 'wrong_size', 'replacement'), lineInput(ids, lines[1]!.id, 1, 'defective', 'replacement')],
      state: 'items_needed'
    });
    const d = await detail(staff, ret.number);
    expect(d.lines.map((l: { restock: boolean | null }) => l.restock)).toEqual([true, false]);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(before[0]! + 1);
    expect(await stockOf(t.db, variants[1]!.id)).toBe(before[1]);
  });

  it('refuses restock decisions for a return that does not start received, and for lines not on it', async ({ ids, staff, t }) => {
    const { order, lines, variants } = await customerOrder(t, { lines: [{ quantity: 1 }, { quantity: 1 }] });
    const stock = await stockOf(t.db, variants[0]!.id);
    const early = await postOneLine(staff, ids, order.number, lines[0]!.id, {
      state: 'approved',
      restock: { [lines[0]!.id]: true }
    });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('restock_not_now');
    const stranger = await postOneLine(staff, ids, order.number, lines[0]!.id, {
      state: 'received',
      restock: { [lines[1]!.id]: true }
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields).toEqual({ [`restock.${lines[1]!.id}`]: 'unknown_line' });
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock);
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
  });

  it('may override the window and final sale, but not an order that was never delivered', async ({ ids, staff, t }) => {
    const late = await customerOrder(t, { placedDaysAgo: 90, deliveredDaysAgo: 80, lines: [{ quantity: 1, finalSale: true }] });
    const ok = await postOneLine(staff, ids, late.order.number, late.lines[0]!.id, { override: true });
    expect(ok.status).toBe(201);
    const undelivered = await customerOrder(t, { deliveredDaysAgo: null });
    const refused = await postOneLine(staff, ids, undelivered.order.number, undelivered.lines[0]!.id, {
      override: true,
      state: 'received'
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ 'lines.0.orderLineId': 'not_delivered' });
  });
});

describe('a reopened return received again', () => {
  it('keeps a line that already went back to stock marked restocked, and never moves stock twice', async ({ admin, ids, staff, t }) => {
    const { order, lines, variants } = await customerOrder(t, { lines: [{ quantity: 2 }] });
    const stock = await stockOf(t.db, variants[0]!.id);
    const ret = await staffCreate(staff, {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id, 2)],
      state: 'received',
      restock: { [lines[0]!.id]: true }
    });
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock + 2);
    let d = await detail(admin, ret.number);
    expect((await save(admin, ret.number, { version: d.version, state: 'credited' })).status).toBe(200);
    d = await detail(admin, ret.number);
    expect((await save(admin, ret.number, { version: d.version, state: 'in_progress' })).status).toBe(200);
    d = await detail(admin, ret.number);
    expect((await save(admin, ret.number, { version: d.version, state: 'approved' })).status).toBe(200);
    d = await detail(admin, ret.number);
    const lineId = d.lines[0].id;
    const again = await save(admin, ret.number, { version: d.version, state: 'received', restock: { [lineId]: false } });
    expect(again.status).toBe(200);
    d = await detail(admin, ret.number);
    expect(d.lines[0].restock).toBe(true);
    expect(await stockOf(t.db, variants[0]!.id)).toBe(stock + 2);
    expect(await movementsOf(t.db, lineId)).toHaveLength(1);
  });
});

describe('text the database cannot store', () => {
  it('a NUL in a return comment or a staff note is a 400 with the field, and nothing is written', async ({ ids, staff, t }) => {
    const { customer, order, lines } = await customerOrder(t);
    const shopper = await signInShopper(t, customer);
    const res = await shopper.post('/api/returns', {
      orderNumber: order.number,
      lines: [lineInput(ids, lines[0]!.id)],
      comment: 'hello\u0000'
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ comment: 'invalid_characters' });
    expect(await unitsOnReturns(t.db, lines[0]!.id)).toBe(0);
    const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const note = await save(staff, ret.number, { version: ret.version, staffNote: 'a\u0000b' });
    expect(note.status).toBe(400);
    expect(note.body.error.fields).toEqual({ staffNote: 'invalid_characters' });
    expect((await staff.get('/api/staff/returns?q=%00')).status).toBe(400);
  });
});
