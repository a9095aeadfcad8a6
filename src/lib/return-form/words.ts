/**
 * The return form's words for what is wrong with a line, the lines or the comment (ours or the server's),
 * apart from failure.ts so that a shopper's first load (sign-in, My orders) does not carry them.
 */
import { m } from '$lib/paraglide/messages.js';
import type { ErrorCode } from '#shared/error-codes.ts';
import { failureText } from '../failure.ts';
import type { BlockedReason } from '../api-types.ts';
import { blockedText } from '../blocked.ts';
import { COMMENT_MAX, REASON_TEXT_MAX, type FormError, type LineField } from './draft.ts';

/** The codes whose words do not depend on the field they are about. */
const FIXED_CODE_TEXT: Partial<Record<string, () => string>> = {
  no_line: m.return_error_no_line,
  exceeds_returnable: m.return_error_exceeds_returnable,
  unknown_line: m.return_error_unknown_line,
  invalid_reason: m.return_error_invalid_reason,
  invalid_action: m.return_error_invalid_action,
  reason_text_required: m.return_error_reason_text_required,
  one_size: m.return_error_one_size,
  photo_required: m.photo_error_required,
  photo_not_found: m.photo_error_not_found,
  photo_pending: m.photo_error_pending,
  replacement_required: m.return_error_replacement_required,
  out_of_stock: m.return_error_replacement_out_of_stock,
  unknown_variant: m.return_error_replacement_invalid,
  other_product: m.return_error_replacement_invalid,
  same_variant: m.return_error_replacement_invalid,
  not_an_exchange: m.return_error_replacement_invalid,
  exchanges_disabled: m.return_error_replacement_invalid
};

/** The shopper's words for a return form error code on a line field, the lines or the comment (ours or the server's). */
export function returnFieldText(code: string, field: LineField | 'lines' | 'comment', line?: { returnableQuantity: number }): string {
  const fixed = Object.hasOwn(FIXED_CODE_TEXT, code) ? FIXED_CODE_TEXT[code] : undefined;
  if (fixed) return fixed();
  switch (code) {
    case 'required':
    case 'invalid_type':
      if (field === 'lines') return m.return_error_no_line();
      if (field === 'reasonId') return m.return_error_invalid_reason();
      if (field === 'actionId') return m.return_error_invalid_action();
      if (field === 'reasonText') return m.return_error_reason_text_required();
      return m.error_required();
    case 'invalid_quantity':
      return m.return_error_quantity({ max: line?.returnableQuantity ?? 1 });
    case 'final_sale':
    case 'window_passed':
    case 'not_delivered':
    case 'all_on_returns':
      return blockedText(code as BlockedReason);
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

/** Why one photo was refused (its upload's error code), in words; any other failure as failureText says it. */
const PHOTO_CODE_TEXT: Partial<Record<ErrorCode, () => string>> = {
  photo_too_large: m.photo_error_too_large,
  photo_type_unsupported: m.photo_error_type,
  photo_heic_unsupported: m.photo_error_heic,
  photo_too_many_pixels: m.photo_error_pixels,
  photo_unreadable: m.photo_error_unreadable,
  photo_required: m.photo_error_required,
  photo_not_found: m.photo_error_not_found
};
export function photoFailureText(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  return (code && PHOTO_CODE_TEXT[code as ErrorCode]?.()) || failureText(err);
}
