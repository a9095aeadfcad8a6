/** Apart from returns.ts, so that My orders (the first load) does not carry the order page's words. */
import { m } from '$lib/paraglide/messages.js';
import type { BlockedReason } from './api-types.ts';

/** Why a line cannot be returned, in words. */
export function blockedText(reason: BlockedReason | null, closedOn?: string): string {
  switch (reason) {
    case 'not_delivered':
      return m.line_blocked_not_delivered();
    case 'window_passed':
      return closedOn ? m.line_blocked_window_ended({ date: closedOn }) : m.line_blocked_window_passed();
    case 'final_sale':
      return m.line_blocked_final_sale();
    default:
      return m.line_blocked_all_on_returns();
  }
}
