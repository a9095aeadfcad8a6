/**
 * Every `code` the API answers with in its error envelope `{ error: { code, message, fields? } }`, with
 * what it means. One list for both sides: `ApiError` (server/http/errors.ts) accepts only these, so a
 * typo is a compile error, and the SPA has words for each, shopper side and staff side
 * (src/lib/failure.ts, `Record`s over `ErrorCode`: a code without words is a compile error too).
 *
 * To add a code: one line here, then its words on both sides of src/lib/failure.ts (EN and FR in
 * messages/). Codes inside `fields` (`required`, `too_big`, `unknown_variable`…) are not listed here.
 */
export const API_ERROR_CODES = {
  // Any caller: the request itself.
  invalid_request: 'A body, query or path that breaks its schema; `fields` names each field and why.',
  not_found: 'No such thing, or not one the caller may see.',
  unauthenticated: 'Signing in is needed.',
  forbidden: 'Signed in, but not allowed (staff who are not admins).',
  cross_origin: 'A state-changing request from another site.',
  unsupported_media_type: 'A body that is not JSON.',
  payload_too_large: 'A body over the size limit.',
  too_many_attempts: 'Rate limited; `Retry-After` says when to try again.',
  idempotency_key_reused: 'An `Idempotency-Key` sent again with another request.',
  idempotency_in_progress: 'The first request with this `Idempotency-Key` has not finished.',
  concurrent_update: 'Another transaction changed the same rows; try again.',
  database_unavailable: 'The database cannot be reached for now.',
  internal_error: 'An error nobody planned for (logged, never shown).',

  // Signing in, accounts, links.
  invalid_credentials: 'Email or password is incorrect.',
  invalid_link: 'An emailed or signed link that is expired, spent or not genuine.',
  wrong_password: 'The current password is not right.',
  common_password: 'A new password among the most common ones.',
  email_taken: 'A staff account with this email exists.',
  last_active: 'At least one reason, action or admin must stay active.',
  cannot_disable_self: 'Staff cannot disable their own account.',

  // Returns.
  returns_disabled: 'The shop has switched returns off.',
  return_not_allowed: 'Some requested lines cannot be returned as asked; `fields` per line.',
  one_size_product: 'A size reason ("Wrong size") or a size exchange on a line of a one-size product; `fields` names each (`one_size`).',
  nothing_returnable: 'Nothing on the order can be returned any more.',
  unknown_order: 'No order has this number.',
  illegal_transition: 'A state move that is not allowed from the current state.',
  slip_not_ready:
    'A return slip asked for while the return is not approved (before approval, or once its parcel arrived); `fields.state` is its state.',
  no_replacement: 'Replacement being sent (items_needed) on a return with no line that sends a replacement.',
  stale_return: 'The return changed since its `version` was read.',
  units_no_longer_available: 'The units are on another return now (reopening).',
  restock_unavailable: 'Stock is linked to a point of sale: no restock here.',
  restock_not_now: 'Restock is decided only on the move to received.',
  restock_not_resellable: 'Only resellable units that arrived can be restocked.',
  replacement_not_allowed: 'A replacement that may not replace its line.',
  replacement_out_of_stock: 'A replacement that cannot be reserved.',
  refund_instead_not_allowed: 'An exchange line that cannot become a refund.',
  refund_unavailable: 'The shop has no refund action.',
  invalid_order: 'A new order of reasons or actions that is not the current list.',

  // Photos (field `photo` on an upload, `lines.<i>.photos` on a return request).
  photo_too_large: 'A photo over 10 MiB.',
  photo_type_unsupported: 'A file that is not a JPEG, PNG, WebP or HEIC image (told from its bytes).',
  photo_heic_unsupported: 'A HEIC photo this server cannot decode; send it as JPEG.',
  photo_too_many_pixels: 'An image over 40 megapixels.',
  photo_unreadable: 'A file that looks like an image but cannot be decoded.',
  photo_required: 'A line whose reason needs a photo, sent without one.',
  photo_not_found: 'A photo id that is not an upload of this shopper still to send (sent already, or purged).',
  // The shop's return rules (docs/rules.md).
  rule_unknown_code: 'A rule names a reason or action code the shop does not have; `fields` names each.',
  stale_rules: 'The rules were saved by someone else since their `version` was read.',

  // Receipt and credit.
  receipt_not_now: 'A receipt on a move that does not reach received.',
  receipt_decided: 'What arrived on a line is already recorded.',
  receipt_over_requested: 'More units received than requested on a line.',
  receipt_condition: 'A line is missing exactly when none of its units arrived.',
  credit_not_now: 'A credit on a move that does not reach credited.',
  credit_decided: 'The return’s credit is already decided.',
  credit_over_requested: 'More units credited than requested on a line.',
  credit_over_received: 'More units credited than received, without keeping the item.',
  credit_over_bought: 'More units credited than bought, over the order line’s returns.',
  credit_over_paid: 'More money credited than paid, over the order line’s returns.',
  shipping_over_paid: 'More shipping refunded than the order’s shipping, over its returns.',
  shipping_unknown: 'The order’s shipping is unknown, so none can be refunded.',
  credit_kept_not_zero: 'A line the customer keeps is credited nothing (no units, no amount).',
  replacement_reserved: 'A line whose replacement is reserved is credited as the replacement unless it is released in the same save.',

  // Withdrawals, emails.
  withdrawal_disabled: 'The withdrawal function is switched off.',
  withdrawal_decided: 'The withdrawal statement is already matched or closed.',
  withdrawal_differs: 'The statement’s email or name differs from the order’s; attach again with `confirmDifferences`.',
  withdrawal_not_cancellable: 'The withdrawal statement is already decided or cancelled.',
  email_not_failed: 'Only a failed email can be sent again.',
  webhook_not_failed: 'Only a failed webhook event can be sent again.',
  unknown_variable: 'An email template naming a `[[variable]]` that does not exist.',

  // A customer's data (npm run customer: export, erase).
  customer_has_open_return: 'A customer is not erased while one of their returns is open.',

  // The shop's signed order push (answers the shop, never a person).
  integration_disabled: 'No `SHOP_SECRET` is set (or, for a platform connector, its secret).',
  invalid_signature: 'The push (or a platform’s delivery) is not signed, badly signed or too old.',
  push_replayed: 'A signed push already received.',
  stale_push: 'A push signed before the last one applied to the order.',
  order_not_updatable: 'The push would change what the order’s returns rely on; `fields` says what.',
  sku_not_usable: 'A line names a catalog product, not one of its variants.'
} as const satisfies Record<string, string>;

/** A code the API may answer with. */
export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** Codes the SPA gives a failed call itself: no answer at all, or an answer without an error body. */
export const CLIENT_ERROR_CODES = {
  network_error: 'The server could not be reached.',
  server_error: 'A 5xx answer without an error body.',
  unknown: 'A 4xx answer without an error body.'
} as const satisfies Record<string, string>;

/** Every code a failed call of the SPA can carry. */
export type ErrorCode = ApiErrorCode | keyof typeof CLIENT_ERROR_CODES;

/** Whether a code (from an answer, say) is one of the list. */
export const isErrorCode = (code: string): code is ErrorCode =>
  Object.hasOwn(API_ERROR_CODES, code) || Object.hasOwn(CLIENT_ERROR_CODES, code);
