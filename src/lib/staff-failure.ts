/**
 * The staff screen's words for a failed API call, in its language. Apart from failure.ts (the shopper's)
 * so the shopper's first load does not carry the staff's sentences: only the lazy staff chunk imports it.
 */
import { m } from '$lib/paraglide/messages.js';
import type { ErrorCode } from '#shared/error-codes.ts';
import { asFailure, wordsFor } from './failure.ts';

/** The staff's words for every code (shared/error-codes.ts): the compiler refuses a code without any. */
const STAFF_CODE_TEXT: Record<ErrorCode, () => string> = {
  network_error: m.staff_error_network,
  server_error: m.staff_error_internal_error,
  unknown: m.staff_error_generic,
  invalid_request: m.staff_error_invalid_request,
  not_found: m.staff_error_not_found,
  unauthenticated: m.staff_error_unauthenticated,
  forbidden: m.staff_error_forbidden,
  cross_origin: m.staff_error_cross_origin,
  unsupported_media_type: m.staff_error_unsupported_media_type,
  payload_too_large: m.staff_error_payload_too_large,
  too_many_attempts: m.staff_error_too_many_attempts,
  idempotency_key_reused: m.staff_error_idempotency_key_reused,
  idempotency_in_progress: m.staff_error_idempotency_in_progress,
  concurrent_update: m.staff_error_concurrent_update,
  database_unavailable: m.staff_error_database_unavailable,
  internal_error: m.staff_error_internal_error,
  invalid_credentials: m.error_invalid_credentials,
  invalid_link: m.staff_error_invalid_link,
  wrong_password: m.staff_error_wrong_password,
  common_password: m.staff_error_common_password,
  email_taken: m.staff_error_email_taken,
  last_active: m.staff_error_last_active,
  cannot_disable_self: m.staff_error_cannot_disable_self,
  returns_disabled: m.staff_error_returns_disabled,
  return_not_allowed: m.staff_error_return_not_allowed,
  one_size_product: m.staff_error_one_size_product,
  nothing_returnable: m.staff_error_nothing_returnable,
  unknown_order: m.staff_error_unknown_order,
  illegal_transition: m.staff_error_illegal_transition,
  no_replacement: m.staff_error_no_replacement,
  slip_not_ready: m.staff_error_slip_not_ready,
  stale_return: m.staff_error_stale_return,
  units_no_longer_available: m.staff_error_units_no_longer_available,
  restock_unavailable: m.staff_error_restock_unavailable,
  restock_not_now: m.staff_error_restock_not_now,
  restock_not_resellable: m.staff_error_restock_not_resellable,
  replacement_not_allowed: m.staff_error_return_not_allowed,
  replacement_out_of_stock: m.staff_error_replacement_out_of_stock,
  refund_instead_not_allowed: m.staff_error_refund_instead_not_allowed,
  refund_unavailable: m.staff_error_refund_unavailable,
  invalid_order: m.staff_error_invalid_order,
  rule_unknown_code: m.staff_error_rule_unknown_code,
  stale_rules: m.staff_error_stale_rules,
  receipt_not_now: m.staff_error_receipt_not_now,
  receipt_decided: m.staff_error_receipt_decided,
  receipt_over_requested: m.staff_error_receipt_over_requested,
  receipt_condition: m.staff_error_receipt_condition,
  credit_not_now: m.staff_error_credit_not_now,
  credit_decided: m.staff_error_credit_decided,
  credit_over_requested: m.staff_error_credit_over_requested,
  credit_over_received: m.staff_error_credit_over_received,
  credit_over_bought: m.staff_error_credit_over_bought,
  credit_over_paid: m.staff_error_credit_over_paid,
  shipping_over_paid: m.staff_error_shipping_over_paid,
  shipping_unknown: m.staff_error_shipping_unknown,
  credit_kept_not_zero: m.staff_error_credit_kept_not_zero,
  replacement_reserved: m.staff_error_replacement_reserved,
  withdrawal_disabled: m.staff_error_withdrawal_disabled,
  withdrawal_decided: m.staff_error_withdrawal_decided,
  withdrawal_differs: m.staff_error_withdrawal_differs,
  withdrawal_not_cancellable: m.staff_error_withdrawal_not_cancellable,
  email_not_failed: m.staff_error_email_not_failed,
  webhook_not_failed: m.staff_error_webhook_not_failed,
  unknown_variable: m.staff_error_unknown_variable,
  // A command's answer (npm run customer) and the shop's signed push: no staff page calls them.
  customer_has_open_return: m.staff_error_generic,
  integration_disabled: m.staff_error_generic,
  invalid_signature: m.staff_error_generic,
  push_replayed: m.staff_error_generic,
  stale_push: m.staff_error_generic,
  order_not_updatable: m.staff_error_generic,
  sku_not_usable: m.staff_error_generic,
  photo_too_large: m.staff_error_generic,
  photo_type_unsupported: m.staff_error_generic,
  photo_heic_unsupported: m.staff_error_generic,
  photo_too_many_pixels: m.staff_error_generic,
  photo_unreadable: m.staff_error_generic,
  photo_required: m.staff_error_generic,
  photo_not_found: m.staff_error_generic
};

/** The staff's sentence for a failed call, in the staff screen's language. */
export function staffFailureText(err: unknown): string {
  const failure = asFailure(err);
  if (!failure) return m.staff_error_generic();
  if (failure.code === 'invalid_request') {
    const fields = Object.keys(failure.fields ?? {});
    if (fields.length) return m.staff_error_check_fields({ fields: fields.join(', ') });
  }
  return wordsFor(STAFF_CODE_TEXT, failure)?.() ?? (failure.message || m.staff_error_generic());
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
  one_size: m.staff_line_one_size,
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

/** The staff's words for an API error code met outside a failed call (a platform delivery refused), if it has any. */
export const staffCodeText = (code: string): string | undefined => (STAFF_CODE_TEXT as Record<string, () => string>)[code]?.();
