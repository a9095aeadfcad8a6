import { describe, expect, it } from 'vitest';
import { blockedReason, checkLines, returnableQuantity, windowClosesAt } from './rules.ts';

const DAY_MS = 86_400_000;

const delivered = new Date('2026-03-01T23:30:00Z');
const order = { status: 'delivered', placedAt: new Date('2026-02-25T10:00:00Z'), deliveredAt: delivered };
const line = { quantity: 3, unitsOnReturns: 0, finalSale: false };

describe('returnable quantity', () => {
  it('is ordered minus units on live returns, never below zero', () => {
    expect(returnableQuantity(line)).toBe(3);
    expect(returnableQuantity({ ...line, unitsOnReturns: 2 })).toBe(1);
    expect(returnableQuantity({ ...line, unitsOnReturns: 3 })).toBe(0);
  });
});

describe('return window', () => {
  it('closes at the end of the window-days-th day after delivery: open a millisecond before, closed at the instant', () => {
    // Delivered on 1 March (UTC) with 30 days: returnable to the end of 31 March.
    const closes = windowClosesAt(order, 30)!;
    expect(closes.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(blockedReason(order, line, 30, new Date(closes.getTime() - 1))).toBeNull();
    expect(blockedReason(order, line, 30, closes)).toBe('window_passed');
  });

  it('counts the days in the shop’s time zone (a late-evening delivery in UTC is the next day in Paris)', () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Paris: the Paris shop's one day runs to the end of 3 March.
    expect(windowClosesAt(order, 1, 'UTC')!.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(windowClosesAt(order, 1, 'Europe/Paris')!.toISOString()).toBe('2026-03-03T23:00:00.000Z');
    const paris = new Date('2026-03-03T22:59:59Z');
    expect(blockedReason(order, line, 1, paris, 'Europe/Paris')).toBeNull();
    expect(blockedReason(order, line, 1, paris, 'UTC')).toBe('window_passed');
    expect(
      checkLines([{ orderLineId: 1, quantity: 1, reasonId: 1, actionId: 1 }], {
        order,
        lines: [{ id: 1, ...line }],
        reasons: [{ id: 1, code: 'changed_mind', needsText: false }],
        actions: [{ id: 1, code: 'refund' }],
        windowDays: 1,
        timeZone: 'Europe/Paris',
        now: paris,
        override: false
      }).fields
    ).toEqual({});
  });

  it('counts from the order date when the delivery date is unknown', () => {
    // Ordered on 25 February: to the end of 27 March.
    const closes = windowClosesAt({ ...order, deliveredAt: null }, 30)!;
    expect(closes.toISOString()).toBe('2026-03-28T00:00:00.000Z');
  });

  it('has no window before delivery', () => {
    expect(windowClosesAt({ ...order, status: 'shipped', deliveredAt: null }, 30)).toBeNull();
    expect(blockedReason({ ...order, status: 'shipped', deliveredAt: null }, line, 30, delivered)).toBe('not_delivered');
  });
});

describe('blocked reasons', () => {
  const inWindow = new Date(delivered.getTime() + DAY_MS);
  it('final sale comes first', () => {
    expect(blockedReason(order, { ...line, finalSale: true }, 30, inWindow)).toBe('final_sale');
  });
  it('all units already on returns', () => {
    expect(blockedReason(order, { ...line, unitsOnReturns: 3 }, 30, inWindow)).toBe('all_on_returns');
  });
  it('lines freed by a cancelled or rejected return are returnable again', () => {
    // The service lowers unitsOnReturns when a return is cancelled/rejected; the rule then sees free units.
    expect(blockedReason(order, { ...line, unitsOnReturns: 0 }, 30, inWindow)).toBeNull();
  });
});

describe('checking the requested lines', () => {
  const inWindow = new Date(delivered.getTime() + DAY_MS);
  const facts = {
    order,
    lines: [
      { id: 1, ...line },
      { id: 2, ...line, finalSale: true },
      { id: 3, ...line, oneSize: true }
    ],
    reasons: [
      { id: 10, code: 'changed_mind', needsText: false },
      { id: 11, code: 'other', needsText: true },
      { id: 13, code: 'wrong_size', needsText: false }
    ],
    actions: [
      { id: 20, code: 'refund' },
      { id: 22, code: 'exchange_size' }
    ],
    windowDays: 30,
    now: inWindow,
    override: false
  };
  const req = { orderLineId: 1, quantity: 1, reasonId: 10, actionId: 20 };

  it('accepts a line in the window with an active reason and action', () => {
    expect(checkLines([req], facts)).toEqual({ fields: {}, overridden: [] });
  });

  it('names each field that is wrong, by its index', () => {
    const { fields } = checkLines(
      [
        { ...req, orderLineId: 99 },
        { ...req, quantity: 4, reasonId: 11, actionId: 21 },
        { ...req, orderLineId: 2, reasonId: 12 }
      ],
      facts
    );
    expect(fields).toEqual({
      'lines.0.orderLineId': 'unknown_line',
      'lines.1.quantity': 'exceeds_returnable',
      'lines.1.reasonText': 'reason_text_required',
      'lines.1.actionId': 'invalid_action',
      'lines.2.orderLineId': 'final_sale',
      'lines.2.reasonId': 'invalid_reason'
    });
  });

  it('refuses "Wrong size" and an exchange for another size on a one-size product only, naming the field', () => {
    const oneSize = { ...req, orderLineId: 3 };
    expect(checkLines([{ ...oneSize, reasonId: 13 }, { ...oneSize, actionId: 22 }, oneSize], facts).fields).toEqual({
      'lines.0.reasonId': 'one_size',
      'lines.1.actionId': 'one_size'
    });
    expect(checkLines([{ ...req, reasonId: 13, actionId: 22 }], facts).fields).toEqual({});
  });

  it('lets staff override the window and final sale, recorded, but never "not delivered"', () => {
    const late = { ...facts, now: new Date(delivered.getTime() + 40 * DAY_MS), override: true };
    expect(checkLines([req, { ...req, orderLineId: 2 }], late)).toEqual({
      fields: {},
      overridden: [
        { orderLineId: 1, reason: 'window_passed' },
        { orderLineId: 2, reason: 'final_sale' }
      ]
    });
    const shipped = { ...facts, order: { ...order, status: 'shipped', deliveredAt: null }, override: true };
    expect(checkLines([req], shipped).fields).toEqual({ 'lines.0.orderLineId': 'not_delivered' });
  });
});
