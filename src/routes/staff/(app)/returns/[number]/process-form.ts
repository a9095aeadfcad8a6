import { REFUND_INSTEAD_STATES, type ReturnState } from '#shared/states.ts';
import type { StaffReturnDetail } from '$lib/api-types.ts';

/** The "Process" form of a staff return page: what staff may change, starting from the return as it is. */
export type ProcessForm = {
  /** '' while staff keep the state as it is. */
  nextState: ReturnState | '';
  staffNote: string;
  /** A new message for the thread: starts empty, and again after each save. */
  customerMessage: string;
  notify: boolean;
  restock: Record<number, boolean>;
  /** Exchange lines (by return line id) to turn into refunds, e.g. when the replacement is out of stock. */
  refundInstead: Record<number, boolean>;
};

/** A save refused because someone else saved first: what they changed, and what this staff had entered. */
export type Conflict = { changes: string[]; drafts: string[] };

export function formFrom(r: StaffReturnDetail): ProcessForm {
  return {
    nextState: '',
    staffNote: r.staffNote,
    customerMessage: '',
    notify: false,
    restock: Object.fromEntries(r.lines.map((l) => [l.id, !r.inventoryLinkedToPos && l.stockTracked && l.restockDefault])),
    refundInstead: {}
  };
}

/** Exchange lines of a return not approved yet: staff may still turn them into refunds (server: refundInstead). */
export function switchableLines(r: StaffReturnDetail) {
  if (!REFUND_INSTEAD_STATES.includes(r.state)) return [];
  return r.lines.filter((l) => l.replacement && !l.replacement.reserved);
}
