/** Helpers for the staff pages only (never imported by shopper routes or shared components). */
import { goto } from '$app/navigation';
import { ApiFailure } from '$lib/api.ts';
import { STATE_TEXT, type ReturnState } from '#shared/states.ts';

export type { StaffReturnDetail, QueueAnswer } from '../../../../server/staff/views.ts';
export type { StaffOrderAnswer, OrderSearchAnswer } from '../../../../server/staff/orders.ts';
export type { EmailSummary } from '../../../../server/staff/emails.ts';
export type { StaffAccount } from '../../../../server/staff/accounts.ts';

export const stateLabel = (state: string) => STATE_TEXT[state as ReturnState]?.en.label ?? state;
export const stateDescription = (state: string) => STATE_TEXT[state as ReturnState]?.en.description ?? '';

export const lineTitle = (l: { name: string; variant: string | null }) => (l.variant ? `${l.name} (${l.variant})` : l.name);

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
}
export function when(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
export function day(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(iso));
}

/** A staff session that ended while the page was open: sign in again and come back. Returns true when it redirected. */
export function redirectIfSignedOut(err: unknown): boolean {
  if (!(err instanceof ApiFailure) || err.status !== 401) return false;
  void goto(`/staff/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replaceState: true });
  return true;
}

const CODE_TEXT: Record<string, string> = {
  network_error: 'We could not reach the server. Check the connection and try again.',
  forbidden: 'Your account is not allowed to do this (admins only).',
  illegal_transition: 'This return cannot move to that state from where it is now.',
  stale_return: 'Someone else saved this return after you opened it.',
  restock_unavailable: 'Stock cannot be updated here: the inventory is linked to a point of sale.',
  restock_not_now: 'Restock is decided only when the return moves to “Items received”.',
  units_no_longer_available: 'These units are now on another return; this one cannot be reopened.',
  return_not_allowed: 'Some lines cannot be returned as asked (see the lines below).',
  returns_disabled: 'Returns are turned off.',
  email_taken: 'A staff account with this email already exists.',
  last_active: 'At least one must stay active.',
  cannot_disable_self: 'You cannot disable your own account.',
  wrong_password: 'The current password is not right.',
  invalid_order: 'The list changed meanwhile; reload the page.',
  not_found: 'Not found (it may have been removed).'
};

/** A sentence for a failed call. */
export function failureText(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (CODE_TEXT[err.code]) return CODE_TEXT[err.code]!;
    if (err.code === 'invalid_request') {
      const fields = Object.keys(err.fields);
      return fields.length ? `Please check: ${fields.join(', ')}.` : 'The request is not valid.';
    }
    return err.message || 'Something went wrong. Please try again.';
  }
  return 'Something went wrong. Please try again.';
}

const LINE_CODE_TEXT: Record<string, string> = {
  unknown_line: 'not on this order',
  exceeds_returnable: 'more than can still be returned',
  final_sale: 'final sale — tick “Override” to accept it',
  window_passed: 'return window passed — tick “Override” to accept it',
  not_delivered: 'not delivered yet — tick “Override” to accept it',
  invalid_reason: 'choose a reason',
  invalid_action: 'choose an action',
  reason_text_required: 'write the reason',
  duplicate_line: 'this line is listed twice'
};
export const lineCodeText = (code: string) => LINE_CODE_TEXT[code] ?? code;

export const FIELD_NAMES: Record<string, string> = {
  state: 'State',
  staffNote: 'Staff note',
  customerMessage: 'Message to customer',
  restock: 'Restock',
  notified: 'Customer notified',
  lines: 'Lines',
  override: 'Override',
  returnsAllowed: 'Returns allowed',
  windowDays: 'Return window (days)',
  inventoryLinkedToPos: 'Inventory linked to a point of sale',
  shopName: 'Shop name',
  contactEmail: 'Contact email',
  contactPhone: 'Contact phone',
  primaryColor: 'Main colour',
  accentColor: 'Accent colour'
};

/** One audit change as words: "State: New → In progress". */
export function describeChange(
  field: string,
  value: unknown,
  lineNames: Map<number, string> = new Map(),
  orderLineNames: Map<number, string> = new Map()
): string {
  const orderLine = (id: number) => orderLineNames.get(id) ?? `order line ${id}`;
  const name = FIELD_NAMES[field] ?? field;
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '(empty)';
    if (field === 'state' && typeof v === 'string') return stateLabel(v);
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return typeof v === 'string' ? `“${v}”` : JSON.stringify(v);
  };
  if (field === 'restock' && Array.isArray(value) && value[1] && typeof value[1] === 'object') {
    const parts = Object.entries(value[1] as Record<string, boolean>).map(
      ([id, on]) => `${lineNames.get(Number(id)) ?? `line ${id}`}: ${on ? 'back in stock' : 'not restocked'}`
    );
    return `${name}: ${parts.join('; ')}`;
  }
  if (field === 'override' && Array.isArray(value)) {
    return `Override: ${value.map((o: { orderLineId: number; reason: string }) => `${orderLine(o.orderLineId)} (${o.reason.replace('_', ' ')})`).join(', ')}`;
  }
  if (field === 'lines' && Array.isArray(value)) {
    return `Lines: ${value.map((l: { quantity: number; orderLineId: number }) => `${l.quantity} × ${orderLine(l.orderLineId)}`).join(', ')}`;
  }
  if (field === 'notified') return 'Customer notified by email';
  if (Array.isArray(value) && value.length === 2) return `${name}: ${show(value[0])} → ${show(value[1])}`;
  return `${name}: ${JSON.stringify(value)}`;
}
