import { describe, expect, it } from 'vitest';
import { ALLOWED_MOVES, FINAL_STATES, moveOf, movesFor, RETURN_STATES } from './states.ts';

describe('who may move a return where', () => {
  it('staff follow the table of moves', () => {
    for (const from of RETURN_STATES) {
      expect(movesFor(from, { type: 'staff', role: 'staff' }).map((m) => m.state)).toEqual(ALLOWED_MOVES[from]);
    }
  });

  it('an admin may also reopen a final return, to in_progress only', () => {
    for (const from of FINAL_STATES) {
      expect(movesFor(from, { type: 'staff', role: 'admin' })).toEqual([{ state: 'in_progress', reopen: true }]);
    }
    expect(moveOf('requested', 'in_progress', { type: 'staff', role: 'admin' })).toEqual({ state: 'in_progress', reopen: false });
  });

  it('a shopper may only cancel a return nobody has handled yet', () => {
    expect(movesFor('requested', { type: 'customer' })).toEqual([{ state: 'cancelled', reopen: false }]);
    for (const from of RETURN_STATES.filter((s) => s !== 'requested')) expect(movesFor(from, { type: 'customer' })).toEqual([]);
    expect(moveOf('requested', 'in_progress', { type: 'customer' })).toBeUndefined();
  });
});
