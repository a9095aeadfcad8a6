import { goto } from '$app/navigation';
import { m } from '$lib/paraglide/messages.js';
import { ApiFailure } from './api.ts';
import { STATE_TEXT, type Locale, type ReturnState } from '#shared/states.ts';

/** Shapes of the shopper return endpoints (docs/api.md), until the typed client knows them. */
export type BlockedReason = 'not_delivered' | 'window_passed' | 'final_sale' | 'all_on_returns';

export type OrderLine = {
  id: number;
  name: string;
  variant: string | null;
  sku: string;
  imageUrl: string | null;
  unitPriceCents: number;
  quantity: number;
  returnableQuantity: number;
  windowClosesAt: string | null;
  blockedReason: BlockedReason | null;
};

export type OrderReturn = { number: string; state: ReturnState; createdAt: string };

export type OrderDetail = {
  number: string;
  status: string;
  placedAt: string;
  deliveredAt: string | null;
  currency: string;
  totalCents: number;
  lines: OrderLine[];
  returns: OrderReturn[];
};

export type OrderAnswer = { order: OrderDetail; returnsAllowed: boolean };

export type Labelled = { labelEn: string; labelFr: string };
export type ReasonOption = Labelled & { id: number; code: string; needsText: boolean };
export type ActionOption = Labelled & { id: number; code: string };
export type ReturnOptions = { reasons: ReasonOption[]; actions: ActionOption[] };

export type ReturnLineDetail = {
  orderLineId: number;
  name: string;
  variant: string | null;
  quantity: number;
  reason: Labelled & { code: string };
  reasonText: string | null;
  action: Labelled & { code: string };
};

export type ReturnDetail = {
  number: string;
  orderNumber: string;
  state: ReturnState;
  createdAt: string;
  updatedAt: string;
  customerComment: string | null;
  customerMessage: string | null;
  canCancel: boolean;
  lines: ReturnLineDetail[];
  timeline: { state: ReturnState; at: string }[];
};

export type ReturnSummary = { number: string; orderNumber: string; state: ReturnState; createdAt: string; itemCount: number };

export const REASON_TEXT_MAX = 500;
export const COMMENT_MAX = 2000;

/** The EN or FR label of a reason or action. */
export function label(item: Labelled, locale: string): string {
  return locale === 'fr' ? item.labelFr : item.labelEn;
}

/** A return state's label and description in the chosen language (the raw state if unknown). */
export function stateText(state: string, locale: string): { label: string; description: string } {
  const texts = STATE_TEXT[state as ReturnState];
  return texts ? texts[(locale === 'fr' ? 'fr' : 'en') as Locale] : { label: state, description: '' };
}

/** "Name (variant)" as the orders list shows it. */
export function lineTitle(line: { name: string; variant: string | null }): string {
  return line.variant ? `${line.name} (${line.variant})` : line.name;
}

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

/** A session that ended while the page was open: sign in again and come back here. Returns true when it redirected. */
export function redirectIfSignedOut(err: unknown): boolean {
  if (!(err instanceof ApiFailure) || err.status !== 401) return false;
  const here = location.pathname + location.search;
  void goto(`/sign-in?next=${encodeURIComponent(here)}`, { replaceState: true });
  return true;
}

/** The usual message for a failure that has no field to stick to. */
export function failureText(err: unknown): string {
  if (err instanceof ApiFailure && err.code === 'network_error') return m.error_network();
  return m.error_generic();
}

/** A fresh Idempotency-Key; `crypto.randomUUID` needs a secure context, so plain http on a LAN falls back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
