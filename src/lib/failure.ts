/** One home for the words of a failed API call, the shopper's and the staff's, in the language on screen. */
import { goto } from '$app/navigation';
import { m } from '$lib/paraglide/messages.js';
import { isErrorCode, type ErrorCode } from '#shared/error-codes.ts';
import { ApiFailure } from './api.ts';

export const SHOPPER_SIGN_IN = '/sign-in';
export const STAFF_SIGN_IN = '/staff/sign-in';

/** A failure as a call threw it (ApiFailure) or as a `load` passed it to +error.svelte (App.Error). */
type FailureLike = { code?: string; message?: string; fields?: Record<string, string>; retryAfter?: number };

export function asFailure(err: unknown): FailureLike | null {
  return err instanceof ApiFailure || (typeof err === 'object' && err !== null && 'code' in err) ? (err as FailureLike) : null;
}

/** The words for a failure's code on one side, or undefined for a code not in the list (a newer server's). */
export function wordsFor(table: Record<ErrorCode, () => string>, failure: FailureLike | null): (() => string) | undefined {
  return failure?.code && isErrorCode(failure.code) ? table[failure.code] : undefined;
}

/** Whole minutes to wait before trying again (`Retry-After`, at least 1; 15 when the server sent none). */
export function waitMinutes(seconds: number | undefined): number {
  if (seconds === undefined || !Number.isFinite(seconds)) return 15;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** The sign-in page for where the visitor is: staff pages have their own. */
export function signInFor(here: URL | Location): string {
  return here.pathname === '/staff' || here.pathname.startsWith('/staff/') ? STAFF_SIGN_IN : SHOPPER_SIGN_IN;
}

/** `sign-in?next=<here>`: where to sign in again (the staff's or the shopper's page) and come back to the current page. */
export function signInAgainPath(here: URL | Location = location): string {
  return `${signInFor(here)}?next=${encodeURIComponent(here.pathname + here.search)}`;
}

/** A session that ended while the page was open: sign in again and come back here. Returns true when it redirected. */
export function redirectIfSignedOut(err: unknown): boolean {
  if (!(err instanceof ApiFailure) || err.status !== 401) return false;
  void goto(signInAgainPath(), { replaceState: true });
  return true;
}

/**
 * The shopper's words for every code (shared/error-codes.ts): the compiler refuses a code without any.
 * Codes a shopper's own pages cannot meet (staff's, the shop's push) get the general sentence.
 */
const SHOPPER_CODE_TEXT: Record<ErrorCode, () => string> = {
  network_error: m.error_network,
  server_error: m.error_generic,
  unknown: m.error_generic,
  invalid_request: m.error_generic,
  not_found: m.error_not_found,
  unauthenticated: m.error_signed_out,
  forbidden: m.error_generic,
  cross_origin: m.error_generic,
  unsupported_media_type: m.error_generic,
  payload_too_large: m.error_generic,
  too_many_attempts: () => m.error_too_many_attempts({ minutes: 15 }),
  idempotency_key_reused: m.error_generic,
  idempotency_in_progress: m.error_in_progress,
  concurrent_update: m.error_generic,
  database_unavailable: m.error_unavailable,
  internal_error: m.error_generic,
  invalid_credentials: m.error_invalid_credentials,
  invalid_link: m.error_invalid_link,
  wrong_password: m.error_wrong_password,
  common_password: m.error_common_password,
  email_taken: m.error_generic,
  last_active: m.error_generic,
  cannot_disable_self: m.error_generic,
  returns_disabled: m.returns_disabled_title,
  return_not_allowed: m.return_error_summary,
  one_size_product: m.return_error_one_size,
  nothing_returnable: m.error_nothing_returnable,
  unknown_order: m.error_not_found,
  illegal_transition: m.return_cancel_too_late,
  no_replacement: m.error_generic,
  slip_not_ready: m.slip_not_ready,
  stale_return: m.return_cancel_stale,
  units_no_longer_available: m.error_generic,
  restock_unavailable: m.error_generic,
  restock_not_now: m.error_generic,
  restock_not_resellable: m.error_generic,
  replacement_not_allowed: m.return_error_replacement_invalid,
  replacement_out_of_stock: m.return_error_replacement_out_of_stock,
  refund_instead_not_allowed: m.error_generic,
  refund_unavailable: m.error_generic,
  invalid_order: m.error_generic,
  rule_unknown_code: m.error_generic,
  stale_rules: m.error_generic,
  receipt_not_now: m.error_generic,
  receipt_decided: m.error_generic,
  receipt_over_requested: m.error_generic,
  receipt_condition: m.error_generic,
  credit_not_now: m.error_generic,
  credit_decided: m.error_generic,
  credit_over_requested: m.error_generic,
  credit_over_received: m.error_generic,
  credit_over_bought: m.error_generic,
  credit_over_paid: m.error_generic,
  shipping_over_paid: m.error_generic,
  shipping_unknown: m.error_generic,
  credit_kept_not_zero: m.error_generic,
  replacement_reserved: m.error_generic,
  withdrawal_disabled: m.withdraw_unavailable,
  withdrawal_decided: m.error_generic,
  withdrawal_differs: m.error_generic,
  withdrawal_not_cancellable: m.error_generic,
  email_not_failed: m.error_generic,
  webhook_not_failed: m.error_generic,
  unknown_variable: m.error_generic,
  customer_has_open_return: m.error_generic,
  integration_disabled: m.error_generic,
  invalid_signature: m.error_generic,
  push_replayed: m.error_generic,
  stale_push: m.error_generic,
  order_not_updatable: m.error_generic,
  sku_not_usable: m.error_generic,
  // A photo's refusal is worded on its own field by the return form (return-form/words.ts `photoFailureText`),
  // so the first load does not carry those sentences.
  photo_too_large: m.error_generic,
  photo_type_unsupported: m.error_generic,
  photo_heic_unsupported: m.error_generic,
  photo_too_many_pixels: m.error_generic,
  photo_unreadable: m.error_generic,
  photo_required: m.error_generic,
  photo_not_found: m.error_generic
};

/** Whether a call failed without reaching the server (offline, DNS…): then nothing is known of the request's fate. */
export const unreachable = (err: unknown): boolean => asFailure(err)?.code === 'network_error';

/** The shopper's sentence for a failed call, in the language on screen (a wait in minutes when rate limited). */
export function failureText(err: unknown): string {
  const failure = asFailure(err);
  if (failure?.code === 'too_many_attempts') return m.error_too_many_attempts({ minutes: waitMinutes(failure.retryAfter) });
  return wordsFor(SHOPPER_CODE_TEXT, failure)?.() ?? m.error_generic();
}
