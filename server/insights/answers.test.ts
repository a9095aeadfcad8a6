import { describe, expect, it } from 'vitest';
import { weeksOf, withdrawalsAnswer } from './answers.ts';

describe('withdrawals in the Insights', () => {
  // Submitted 1 June (Paris): the refund is due by the end of 15 June, i.e. before 16 June 00:00 Paris (15 June 22:00 UTC).
  const submitted = '2026-06-01T09:00:00Z';
  const now = new Date('2026-06-20T12:00:00Z');
  it('counts the refund deadlines met, missed (credited late or still open) and still to come', () => {
    const answer = withdrawalsAnswer(
      [
        [submitted, 'matched', false, 'credited', '2026-06-15T21:59:00Z'],
        [submitted, 'attached', false, 'credited', '2026-06-15T22:00:00Z'],
        [submitted, 'matched', false, 'approved', null],
        ['2026-06-19T09:00:00Z', 'matched', false, 'requested', null],
        [submitted, 'matched', false, 'rejected', null],
        [submitted, 'closed', false, null, null],
        [submitted, null, true, null, null]
      ],
      'Europe/Paris',
      now
    );
    expect(answer).toEqual({ received: 7, matched: 5, closed: 1, cancelled: 1, deadlines: { met: 1, missed: 2, pending: 1 } });
  });
});

describe('the weeks of a period', () => {
  it('start on the Monday of its first day and end with the week of its last', () => {
    expect(weeksOf({ from: '2026-05-21', to: '2026-06-01', start: new Date(0), end: new Date(0) })).toEqual([
      '2026-05-18',
      '2026-05-25',
      '2026-06-01'
    ]);
  });
});
