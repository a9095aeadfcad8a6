import { m } from '$lib/paraglide/messages.js';
import type { BlockedReason } from './api-types.ts';

/** An order's status in words. */
export function orderStatusLabel(status: string): string {
  const labels: Record<string, () => string> = {
    placed: m.order_status_placed,
    shipped: m.order_status_shipped,
    delivered: m.order_status_delivered,
    cancelled: m.order_status_cancelled
  };
  return labels[status]?.() ?? status;
}

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

/** A fresh Idempotency-Key; `crypto.randomUUID` needs a secure context, so plain http on a LAN falls back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
