/** One home for the words of a failed API call, the shopper's and the staff's, in the language on screen. */
import { goto } from '$app/navigation';
import { m } from '$lib/paraglide/messages.js';
import { ApiFailure } from './api.ts';
import type { BlockedReason } from './api-types.ts';
import { blockedText } from './returns.ts';
import { COMMENT_MAX, REASON_TEXT_MAX, type FormError, type LineField } from './return-form/draft.ts';

export const SHOPPER_SIGN_IN = '/sign-in';
export const STAFF_SIGN_IN = '/staff/sign-in';

/** A failure as a call threw it (ApiFailure) or as a `load` passed it to +error.svelte (App.Error). */
type FailureLike = { code?: string; message?: string; fields?: Record<string, string> };

function asFailure(err: unknown): FailureLike | null {
  return err instanceof ApiFailure || (typeof err === 'object' && err !== null && 'code' in err) ? (err as FailureLike) : null;
}

/** `sign-in?next=<here>`: where to sign in again and come back to the current page. */
export function signInAgainPath(signIn: string, here: URL | Location = location): string {
  return `${signIn}?next=${encodeURIComponent(here.pathname + here.search)}`;
}

/** A session that ended while the page was open: sign in again and come back here. Returns true when it redirected. */
export function redirectIfSignedOut(err: unknown, signIn: string = SHOPPER_SIGN_IN): boolean {
  if (!(err instanceof ApiFailure) || err.status !== 401) return false;
  void goto(signInAgainPath(signIn), { replaceState: true });
  return true;
}

/** The shopper's message for a failure that has no field to stick to. */
export function failureText(err: unknown): string {
  if (asFailure(err)?.code === 'network_error') return m.error_network();
  return m.error_generic();
}

const STAFF_CODE_TEXT: Record<string, () => string> = {
  network_error: m.staff_error_network,
  forbidden: m.staff_error_forbidden,
  illegal_transition: m.staff_error_illegal_transition,
  no_replacement: m.staff_error_no_replacement,
  stale_return: m.staff_error_stale_return,
  restock_unavailable: m.staff_error_restock_unavailable,
  restock_not_now: m.staff_error_restock_not_now,
  units_no_longer_available: m.staff_error_units_no_longer_available,
  replacement_out_of_stock: m.staff_error_replacement_out_of_stock,
  replacement_not_allowed: m.staff_error_return_not_allowed,
  refund_instead_not_allowed: m.staff_error_refund_instead_not_allowed,
  return_not_allowed: m.staff_error_return_not_allowed,
  returns_disabled: m.staff_error_returns_disabled,
  email_taken: m.staff_error_email_taken,
  last_active: m.staff_error_last_active,
  cannot_disable_self: m.staff_error_cannot_disable_self,
  wrong_password: m.staff_error_wrong_password,
  too_many_attempts: m.staff_error_too_many_attempts,
  invalid_order: m.staff_error_invalid_order,
  not_found: m.staff_error_not_found,
  shipping_over_paid: m.staff_error_shipping_over_paid,
  shipping_unknown: m.staff_error_shipping_unknown,
  credit_decided: m.staff_error_credit_decided,
  credit_not_now: m.staff_error_credit_not_now,
  credit_over_bought: m.staff_error_credit_over_bought,
  credit_over_paid: m.staff_error_credit_over_paid,
  credit_over_requested: m.staff_error_credit_over_requested,
  receipt_condition: m.staff_error_receipt_condition,
  receipt_decided: m.staff_error_receipt_decided,
  receipt_not_now: m.staff_error_receipt_not_now,
  receipt_over_requested: m.staff_error_receipt_over_requested,
  restock_not_resellable: m.staff_error_restock_not_resellable,
  refund_unavailable: m.staff_error_refund_unavailable,
  email_not_failed: m.staff_error_email_not_failed,
  withdrawal_decided: m.staff_error_withdrawal_decided,
  withdrawal_disabled: m.staff_error_withdrawal_disabled,
  nothing_returnable: m.staff_error_nothing_returnable,
  unknown_order: m.staff_error_unknown_order,
  idempotency_key_reused: m.staff_error_idempotency_key_reused,
  idempotency_in_progress: m.staff_error_idempotency_in_progress,
  concurrent_update: m.staff_error_concurrent_update,
  database_unavailable: m.staff_error_database_unavailable,
  payload_too_large: m.staff_error_payload_too_large,
  internal_error: m.staff_error_internal_error,
  cross_origin: m.staff_error_cross_origin,
  unsupported_media_type: m.staff_error_unsupported_media_type
};

/** The staff's sentence for a failed call, in the staff screen's language. */
export function staffFailureText(err: unknown): string {
  const failure = asFailure(err);
  if (!failure) return m.staff_error_generic();
  const known = failure.code ? STAFF_CODE_TEXT[failure.code] : undefined;
  if (known) return known();
  if (failure.code === 'invalid_request') {
    const fields = Object.keys(failure.fields ?? {});
    return fields.length ? m.staff_error_check_fields({ fields: fields.join(', ') }) : m.staff_error_invalid_request();
  }
  return failure.message || m.staff_error_generic();
}

const STAFF_LINE_CODE_TEXT: Record<string, () => string> = {
  unknown_line: m.staff_line_unknown_line,
  exceeds_returnable: m.staff_line_exceeds_returnable,
  final_sale: m.staff_line_final_sale,
  window_passed: m.staff_line_window_passed,
  not_delivered: m.staff_line_not_delivered,
  invalid_reason: m.staff_line_invalid_reason,
  invalid_action: m.staff_line_invalid_action,
  reason_text_required: m.staff_line_reason_text_required,
  duplicate_line: m.staff_line_duplicate_line,
  out_of_stock: m.staff_line_replacement_out_of_stock,
  replacement_required: m.staff_line_replacement_required,
  unknown_variant: m.staff_line_replacement_invalid,
  other_product: m.staff_line_replacement_invalid,
  same_variant: m.staff_line_replacement_invalid,
  not_an_exchange: m.staff_line_replacement_invalid,
  exchanges_disabled: m.staff_line_replacement_invalid
};

/** The staff's words for why the server refused one line of a return. */
export const staffLineCodeText = (code: string) => STAFF_LINE_CODE_TEXT[code]?.() ?? code;

/** The shopper's words for a return form error code on a line field, the lines or the comment (ours or the server's). */
export function returnFieldText(code: string, field: LineField | 'lines' | 'comment', line?: { returnableQuantity: number }): string {
  switch (code) {
    case 'required':
    case 'invalid_type':
      if (field === 'lines') return m.return_error_no_line();
      if (field === 'reasonId') return m.return_error_invalid_reason();
      if (field === 'actionId') return m.return_error_invalid_action();
      if (field === 'reasonText') return m.return_error_reason_text_required();
      return m.error_required();
    case 'no_line':
      return m.return_error_no_line();
    case 'invalid_quantity':
      return m.return_error_quantity({ max: line?.returnableQuantity ?? 1 });
    case 'exceeds_returnable':
      return m.return_error_exceeds_returnable();
    case 'final_sale':
    case 'window_passed':
    case 'not_delivered':
    case 'all_on_returns':
      return blockedText(code as BlockedReason);
    case 'unknown_line':
      return m.return_error_unknown_line();
    case 'invalid_reason':
      return m.return_error_invalid_reason();
    case 'invalid_action':
      return m.return_error_invalid_action();
    case 'reason_text_required':
      return m.return_error_reason_text_required();
    case 'replacement_required':
      return m.return_error_replacement_required();
    case 'out_of_stock':
      return m.return_error_replacement_out_of_stock();
    case 'unknown_variant':
    case 'other_product':
    case 'same_variant':
    case 'not_an_exchange':
    case 'exchanges_disabled':
      return m.return_error_replacement_invalid();
    case 'too_long':
    case 'too_big':
      if (field === 'quantity') return m.return_error_exceeds_returnable();
      if (field === 'lines') return m.return_error_too_many_lines();
      return m.error_too_long({ max: field === 'comment' ? COMMENT_MAX : REASON_TEXT_MAX });
    case 'too_small':
      if (field === 'lines') return m.return_error_no_line();
      if (field === 'quantity') return m.return_error_quantity({ max: line?.returnableQuantity ?? 1 });
      return m.error_required();
    default:
      return m.return_error_invalid();
  }
}

/** The summary above the return form for what went wrong as a whole. */
export function returnFormErrorText(formError: FormError): string {
  if (formError === 'invalid') return m.return_error_summary();
  if (formError === 'network') return m.error_network();
  if (formError === 'generic') return m.error_generic();
  return '';
}
