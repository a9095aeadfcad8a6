import { m } from '$lib/paraglide/messages.js';

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

/** A fresh Idempotency-Key; `crypto.randomUUID` needs a secure context, so plain http on a LAN falls back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
