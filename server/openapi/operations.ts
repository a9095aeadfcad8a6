import type { ApiErrorCode } from '#shared/error-codes.ts';

/**
 * What the OpenAPI document says of each route beyond its validated schemas: a summary, a
 * description, its success status and body, and the error codes it answers with besides the common
 * ones (`invalid_request`, `unauthenticated`, `forbidden`, `not_found`, `too_many_attempts`, the 5xx).
 * Keyed like server/http/access.ts; tests/api/openapi.test.ts fails for a route of the app without a line here.
 */
export type Operation = {
  summary: string;
  description: string;
  /** The success status (200 unless said). */
  ok?: 200 | 201 | 202;
  /** The success body, in words (no response schema exists yet: the views are TypeScript types). */
  returns: string;
  /** Codes this route answers with beyond the common ones. */
  errors?: readonly ApiErrorCode[];
  /** Headers the route reads. */
  headers?: readonly ('Idempotency-Key' | 'Reprise-Signature')[];
  /** A connector's body: the platform's own payload, in words (no schema of ours validates it). */
  platformBody?: string;
  /** A success body that is a file, not JSON (its media type). */
  media?: 'application/pdf';
  /** A body that is an image's own bytes, in words. */
  imageBody?: string;
};

const LINK_SENT = 'Always `{ ok: true }`, whether or not the address is known (no account enumeration).';

export const OPERATIONS: Record<string, Operation> = {
  'POST /api/integrations/orders': {
    summary: 'Push one order from the shop (signed)',
    description:
      'Creates or updates one order (an idempotent upsert by `number`): the body is the order’s whole current state. ' +
      'Server to server: no cookie and no `Origin`; the header `Reprise-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with SHOP_SECRET>` ' +
      'authenticates it (timestamp within 5 minutes). The same signed request again answers its first status and body with ' +
      '`Idempotent-Replayed: true`. Without `SHOP_SECRET` every call answers 404 `integration_disabled`.',
    ok: 201,
    returns: '201 `{ order: { number }, result: "created" }`; 200 `{ order: { number }, result: "updated" | "unchanged" }`.',
    errors: [
      'integration_disabled',
      'invalid_signature',
      'order_not_updatable',
      'sku_not_usable',
      'stale_push',
      'push_replayed',
      'idempotency_in_progress'
    ],
    headers: ['Reprise-Signature']
  },

  'POST /api/integrations/shopify': {
    summary: 'Shopify order webhooks',
    description:
      'Takes Shopify’s order webhooks (`orders/create`, `updated`, `paid`, `fulfilled`, `partially_fulfilled`, `cancelled`, `edited`; ' +
      '`X-Shopify-Topic`) and upserts the order with the push’s rules. `X-Shopify-Hmac-Sha256` must be the base64 HMAC-SHA256 of the raw body ' +
      'with `SHOPIFY_WEBHOOK_SECRET`, checked before anything is parsed; `X-Shopify-Webhook-Id` deduplicates retries. Every signed delivery ' +
      'answers 200 so Shopify stops retrying, a refusal included (recorded, with why). Without the secret: 404 `integration_disabled`.',
    returns:
      '`{ result: "created" | "updated" | "unchanged" | "stale", order: { number } }`, `{ result: "duplicate" }`, `{ result: "ignored", reason }` ' +
      'or `{ result: "refused", refusal: { code, message, fields? } }`.',
    errors: ['integration_disabled', 'invalid_signature'],
    platformBody: 'The REST Admin API order resource, as Shopify sends it for the topic.'
  },

  'POST /api/integrations/woocommerce': {
    summary: 'WooCommerce order webhooks',
    description:
      'Takes WooCommerce’s order webhooks (`order.created`, `order.updated`, `order.deleted`; `X-WC-Webhook-Topic`, API version v3) and ' +
      'upserts the order with the push’s rules. `X-WC-Webhook-Signature` must be the base64 HMAC-SHA256 of the raw body with ' +
      '`WOOCOMMERCE_WEBHOOK_SECRET`, checked before anything is parsed. The unsigned `webhook_id=<n>` ping WooCommerce sends when a webhook ' +
      'is saved answers 200 `{ result: "ping" }`. Every signed delivery answers 200 (WooCommerce disables a webhook after repeated failures), ' +
      'a refusal included (recorded, with why). A deleted order is recorded, not applied. Without the secret: 404 `integration_disabled`.',
    returns: 'As the Shopify connector, plus `{ result: "ping" }`.',
    errors: ['integration_disabled', 'invalid_signature'],
    platformBody: 'The WooCommerce REST API v3 order resource (or, for the creation ping, the form field `webhook_id`).'
  },

  'POST /api/integrations/shopware': {
    summary: 'Shopware 6 app webhooks',
    description:
      'Takes the Shopware app system’s webhooks (`checkout.order.placed` and the order and delivery state events) and upserts the order ' +
      'they carry with the push’s rules. `shopware-shop-signature` must be the hex HMAC-SHA256 of the raw body with `SHOPWARE_APP_SECRET`, ' +
      'checked before anything is parsed; `source.eventId` deduplicates retries. Every signed delivery answers 200, a refusal included ' +
      '(recorded, with why). Without the secret: 404 `integration_disabled`.',
    returns: 'As the Shopify connector.',
    errors: ['integration_disabled', 'invalid_signature'],
    platformBody: 'The app webhook envelope `{ data: { payload: { order }, event }, source: { url, shopId, eventId }, timestamp }`.'
  },

  'POST /api/integrations/lightspeed': {
    summary: 'Lightspeed eCom order webhooks',
    description:
      'Takes Lightspeed eCom’s order webhooks (`orders/created`, `updated`, `shipped`) and upserts the order with the push’s rules. No public ' +
      'source we could find documents a signature for these webhooks, so a delivery is accepted only on the URL carrying ' +
      '`?token=<LIGHTSPEED_WEBHOOK_SECRET>` (compared in constant time); anything else is 401. Every accepted delivery answers 200, a ' +
      'refusal included (recorded, with why). Without the secret: 404 `integration_disabled`.',
    returns: 'As the Shopify connector.',
    errors: ['integration_disabled', 'invalid_signature'],
    platformBody: 'Lightspeed eCom’s `{ "order": { … } }` resource as its webhook sends it (JSON format).'
  },

  'POST /api/auth/sign-in': {
    summary: 'Shopper sign-in with a password',
    description:
      'Checks the email and password and sets the shopper session cookie `reprise_session`. Throttled per address and per account.',
    returns: '`{ ok: true }`, with the session cookie.',
    errors: ['invalid_credentials']
  },
  'POST /api/auth/sign-out': {
    summary: 'Shopper sign-out',
    description: 'Ends the shopper session and any order-scoped session of this browser, and clears their cookies. Harmless without one.',
    returns: '`{ ok: true }`.'
  },
  'POST /api/auth/sign-in-link': {
    summary: 'Email me a sign-in link',
    description: 'Emails a one-time sign-in link to the address when it has an account. No cookie needed.',
    ok: 202,
    returns: LINK_SENT
  },
  'POST /api/auth/sign-in-link/verify': {
    summary: 'Use an emailed sign-in link',
    description: 'Spends the link’s token and sets the shopper session cookie.',
    returns: '`{ ok: true }`, with the session cookie.',
    errors: ['invalid_link']
  },
  'POST /api/auth/order-link': {
    summary: 'Open a signed portal link',
    description:
      'Checks a portal link signed with SHOP_SECRET (from the shop’s order page or email) and opens an order-scoped session (cookie `reprise_order`) for that order.',
    returns:
      '`{ number, to, access: "account" | "order" }`: `account` when the signed-in shopper owns the order (nothing changes), else an order session started.',
    errors: ['invalid_link']
  },
  'POST /api/auth/lookup': {
    summary: 'Find an order without a password',
    description: 'Emails a one-time link to the order’s address when the order number and email match. No cookie needed.',
    ok: 202,
    returns: LINK_SENT
  },
  'POST /api/auth/lookup/verify': {
    summary: 'Use an order lookup link',
    description: 'Spends the lookup link’s token and opens an order-scoped session for that order.',
    returns: '`{ number, access }`, as for `POST /api/auth/order-link`.',
    errors: ['invalid_link']
  },
  'GET /api/auth/order-session': {
    summary: 'The order an order session reaches',
    description: 'Which order the current order-scoped session (if any) may see.',
    returns: '`{ order: { number, firstName } | null }`.'
  },
  'POST /api/auth/sign-up': {
    summary: 'Create a shopper account',
    description: 'Emails a link to set a password; an existing account gets a reset link instead. No cookie needed.',
    ok: 202,
    returns: LINK_SENT
  },
  'POST /api/auth/forgot-password': {
    summary: 'Reset a forgotten password',
    description: 'Emails a link to set a new password when the address has an account.',
    ok: 202,
    returns: LINK_SENT
  },
  'POST /api/auth/set-password': {
    summary: 'Set a password from an account link',
    description: 'Spends the sign-up or reset link’s token, sets the password, ends the account’s other sessions and signs in.',
    returns: '`{ ok: true }`, with the session cookie.',
    errors: ['invalid_link', 'common_password']
  },
  'POST /api/auth/me/password': {
    summary: 'Change my password (shopper)',
    description: 'Checks the current password, sets the new one and ends the shopper’s other sessions.',
    returns: '`{ ok: true }`.',
    errors: ['wrong_password', 'common_password']
  },
  'GET /api/auth/me': {
    summary: 'The signed-in shopper',
    description: 'The shopper behind the session cookie.',
    returns: '`{ customer }`: the signed-in shopper.'
  },
  'PATCH /api/auth/me': {
    summary: 'Change my language (shopper)',
    description: 'Sets the language of the shopper’s emails and pages.',
    returns: '`{ customer }`.'
  },
  'GET /api/shop': {
    summary: 'The shop’s public settings',
    description: 'The shop name and what the portal shows before signing in (returns on or off, the withdrawal function).',
    returns: '`{ shop }`: the public settings.'
  },

  'GET /api/orders': {
    summary: 'My orders',
    description: 'The shopper’s orders, newest first, in keyset pages of 10 (`cursor` from the previous page’s `nextCursor`).',
    returns: '`{ orders: [...], nextCursor }`.'
  },
  'GET /api/orders/{number}': {
    summary: 'One order with what can be returned',
    description:
      'The order, each line with the units still returnable and why not when none, the return window and the shop’s return settings.',
    returns:
      '`{ order, returnsAllowed, exchangesEnabled, withdrawalUntil }`: each line with `returnableQuantity`, `windowClosesAt`, `blockedReason` and `exchangeOptions`.'
  },
  'GET /api/returns/options': {
    summary: 'Reasons and actions a shopper may pick',
    description: 'The shop’s active return reasons and actions, in position order.',
    returns: '`{ reasons: [...], actions: [...] }`.'
  },
  'GET /api/returns': {
    summary: 'My returns',
    description: 'The shopper’s returns, newest first, in keyset pages of 20; `itemCount` counts units.',
    returns: '`{ returns: [...], nextCursor }`.'
  },
  'POST /api/returns': {
    summary: 'Request a return',
    description:
      'Requests a return of some units of one order. `Idempotency-Key` (8–100 characters) makes a repeated submit answer the first result.',
    ok: 201,
    returns: '`{ return }`: the return detail.',
    errors: [
      'returns_disabled',
      'return_not_allowed',
      'units_no_longer_available',
      'replacement_not_allowed',
      'photo_required',
      'photo_not_found',
      'idempotency_key_reused',
      'idempotency_in_progress'
    ],
    headers: ['Idempotency-Key']
  },
  'GET /api/claims/options': {
    summary: 'Reasons a claim may give',
    description:
      'The three reasons of a claim (a problem with a delivery: `item_missing`, `arrived_damaged`, `wrong_item_received`), with whether each needs a photo and its hint (EN/FR).',
    returns: '`{ reasons: [...] }`.'
  },
  'POST /api/claims': {
    summary: 'Report a problem with a delivery (a claim)',
    description:
      'Within the claim window after delivery (setting `claimWindowDays`), some units of one order: missing, arrived damaged or the wrong item (a photo for the last two). Nothing is sent back; staff decide each line. Read, listed and cancelled as a return (`kind: claim`). `Idempotency-Key` makes a repeated submit answer the first result.',
    ok: 201,
    returns: '`{ return }`: the claim, as a return with `kind: claim`.',
    errors: [
      'return_not_allowed',
      'units_no_longer_available',
      'photo_required',
      'photo_not_found',
      'idempotency_key_reused',
      'idempotency_in_progress'
    ],
    headers: ['Idempotency-Key']
  },
  'GET /api/returns/{number}': {
    summary: 'One of my returns',
    description: 'The return with its lines, state, timeline, credit and the shop’s messages; never the staff note or the audit trail.',
    returns: '`{ return }`.'
  },
  'POST /api/returns/{number}/cancel': {
    summary: 'Cancel my return',
    description: 'Cancels a return while it is still `requested`. No body.',
    returns: '`{ return }`.',
    errors: ['illegal_transition']
  },
  'GET /api/returns/{number}/slip': {
    summary: 'My return’s slip (for the print page)',
    description:
      'What the printed return slip says, once the return is `approved`: the shop, its return address and instructions, the return number, ' +
      'its QR code (an SVG path of its dark modules), the lines and units to put in the parcel and the day to send it by. ' +
      '`locale` (`en`, `fr`) is the language the page will print, by default the customer’s own; it is answered back.',
    returns: '`{ slip, locale, text }`: `text` is the slip’s sentences in each language (`en`, `fr`), which the print page shows.',
    errors: ['slip_not_ready']
  },
  'GET /api/returns/{number}/slip.pdf': {
    summary: 'My return’s slip as a PDF',
    description:
      'The same slip as a PDF download (`Content-Disposition: attachment`, `Cache-Control: private, no-store`), in `locale` (default: the ' +
      'customer’s own) on `paper` (`a4` by default, or `letter`; the content fits both). Only once the return is `approved`.',
    returns: 'An `application/pdf` attachment.',
    errors: ['slip_not_ready'],
    media: 'application/pdf'
  },

  'POST /api/returns/photos': {
    summary: 'Upload a photo for a return line',
    description:
      'The body is the image itself (JPEG, PNG, WebP or HEIC, at most 10 MiB and 40 megapixels), whatever its `Content-Type`: the kind is told from the bytes. ' +
      'It is re-encoded as a JPEG without metadata (no GPS position, no device) and kept for a day, until a return request names it in `lines[].photos`. ' +
      'Each file needs its own `Idempotency-Key`: the same key and bytes again answer the first upload (200, `Idempotent-Replayed`).',
    ok: 201,
    returns: '`{ photo: { id, width, height } }`.',
    errors: [
      'photo_too_large',
      'photo_type_unsupported',
      'photo_heic_unsupported',
      'photo_too_many_pixels',
      'photo_unreadable',
      'idempotency_key_reused'
    ],
    headers: ['Idempotency-Key'],
    imageBody: 'The image file as it is (JPEG, PNG, WebP or HEIC; at most 10 MiB).'
  },

  'GET /api/returns/{number}/photos/{photoId}': {
    summary: 'One photo of my return',
    description: 'The JPEG kept for one photo of the return, or its thumbnail with `?size=thumbnail`; cached privately, never sniffed.',
    returns: 'The image (`image/jpeg`).'
  },

  'GET /api/staff/returns/{number}/photos/{photoId}': {
    summary: 'One photo of a return (staff)',
    description: 'The JPEG kept for one photo of the return, or its thumbnail with `?size=thumbnail`.',
    returns: 'The image (`image/jpeg`).'
  },

  'POST /api/staff/auth/sign-in': {
    summary: 'Staff sign-in',
    description: 'Checks the email and password and sets the staff session cookie `reprise_staff`.',
    returns: '`{ ok: true }`, with the staff cookie.',
    errors: ['invalid_credentials']
  },
  'POST /api/staff/auth/sign-out': {
    summary: 'Staff sign-out',
    description: 'Ends the staff session and clears its cookie.',
    returns: '`{ ok: true }`.'
  },
  'GET /api/staff/auth/me': {
    summary: 'The signed-in staff member',
    description: 'Who is behind the staff cookie, with their role.',
    returns: '`{ staff }`: the signed-in staff member with their role.'
  },
  'PATCH /api/staff/auth/me': {
    summary: 'Change my language (staff)',
    description: 'Sets the staff member’s language.',
    returns: '`{ staff }`.'
  },
  'GET /api/staff/returns/counts': {
    summary: 'Returns per state',
    description: 'How many returns are in each state, for the queue’s tabs.',
    returns: '`{ counts: { <state>: n } }`.'
  },
  'GET /api/staff/returns': {
    summary: 'The returns queue',
    description:
      '25 returns a page, newest first (keyset); `q` matches a return or order number, an email or a customer’s name; `kind=withdrawal` lists open withdrawal returns by refund deadline, `kind=claim` only claims (each row says its `kind`).',
    returns: '`{ returns: [...], counts, nextCursor }`.'
  },
  'POST /api/staff/returns': {
    summary: 'Create a return for a customer',
    description: 'Staff may override the return window and final sale (audited); works while shopper returns are off.',
    ok: 201,
    returns: '`{ return }`.',
    errors: [
      'unknown_order',
      'return_not_allowed',
      'units_no_longer_available',
      'replacement_not_allowed',
      'idempotency_key_reused',
      'idempotency_in_progress'
    ],
    headers: ['Idempotency-Key']
  },
  'GET /api/staff/returns/{number}': {
    summary: 'One return (staff view)',
    description: 'The return with its order, lines, messages, staff note, allowed moves, `version` and audit trail.',
    returns: '`{ return }`: the staff view.'
  },
  'GET /api/staff/returns/{number}/slip.pdf': {
    summary: 'A return’s slip as a PDF (staff)',
    description:
      'The slip the customer prints, for staff to print one at the counter: the same PDF as `GET /api/returns/{number}/slip.pdf`, ' +
      'in `locale` (default: the customer’s language) on `paper`. Only once the return is `approved`.',
    returns: 'An `application/pdf` attachment.',
    errors: ['slip_not_ready'],
    media: 'application/pdf'
  },
  'POST /api/staff/returns/{number}/claim-decision': {
    summary: 'Decide a claim, per line',
    description:
      'Every line at once: `reship` (the same item, reserved from stock, then `exchange.requested`), `refund` (through the credit rules; `amountCents` defaults to what was paid for the units) or `reject` (needs `message`). The claim ends `credited` (`return.credited`), or `rejected` when every line is; the shopper gets the state email with the message.',
    returns: '`{ return }`: the staff view after the decision.',
    errors: [
      'stale_return',
      'illegal_transition',
      'replacement_not_allowed',
      'replacement_out_of_stock',
      'credit_over_paid',
      'credit_over_bought'
    ]
  },
  'PATCH /api/staff/returns/{number}': {
    summary: 'Move or update a return',
    description:
      'Changes state, notes, messages, restock, receipt and credit in one save, guarded by `version`; every change is audited. Nothing is written on a refusal.',
    returns: '`{ return }`: the staff view after the save.',
    errors: [
      'stale_return',
      'illegal_transition',
      'restock_unavailable',
      'restock_not_now',
      'restock_not_resellable',
      'receipt_not_now',
      'receipt_decided',
      'receipt_over_requested',
      'receipt_condition',
      'credit_not_now',
      'credit_decided',
      'credit_over_requested',
      'credit_over_received',
      'credit_over_bought',
      'credit_over_paid',
      'credit_kept_not_zero',
      'shipping_over_paid',
      'shipping_unknown',
      'replacement_reserved',
      'replacement_out_of_stock',
      'refund_instead_not_allowed',
      'refund_unavailable',
      'concurrent_update'
    ]
  },
  'GET /api/staff/orders': {
    summary: 'Search orders',
    description: 'Up to 20 orders, newest first; `q` as for the returns queue (a return number finds its order).',
    returns: '`{ orders: [...] }`.'
  },
  'GET /api/staff/orders/{number}': {
    summary: 'One order (staff view)',
    description: 'The order with what is left to return, active reasons and actions, and the settings, to create a return.',
    returns: '`{ order, … }`: the staff order view.'
  },
  'GET /api/staff/emails': {
    summary: 'Emails sent to customers',
    description: 'The email outbox, newest first, in keyset pages: status, attempts, last error.',
    returns: '`{ emails: [...], nextCursor }`.'
  },
  'GET /api/staff/emails/{id}': {
    summary: 'One email',
    description: 'One queued or sent email with its body (until the retention purge empties it).',
    returns: '`{ email }` with its `text` (one-time secrets masked) and `purged`.'
  },
  'POST /api/staff/emails/{id}/retry': {
    summary: 'Send a failed email again (admin)',
    description: 'Queues a failed email again; audited.',
    returns: '`{ email }`.',
    errors: ['email_not_failed']
  },
  'GET /api/staff/webhooks': {
    summary: 'Webhook deliveries (admin)',
    description:
      'Each event’s type, id, status, attempts, last error and the endpoint’s last answer status, newest first, in keyset pages.',
    returns: '`{ webhooks: [...], nextCursor }`.'
  },
  'GET /api/staff/connections': {
    summary: 'The shop platforms connected (admin)',
    description:
      'Per platform (Shopify, WooCommerce, Shopware, Lightspeed): the URL to paste into its webhook settings, whether its secret is set (never the secret), the last delivery and the latest refusals with their reason.',
    returns: '`{ connections: [{ platform, name, url, secretVariable, secretSet, lastDelivery, refusals }] }`.'
  },
  'GET /api/staff/webhooks/health': {
    summary: 'Whether webhooks are failing',
    description: 'For the dashboard banner: whether the shop’s endpoint is failing now.',
    returns: '`{ failing, failed, retrying, lastError }`.'
  },
  'POST /api/staff/webhooks/{id}/retry': {
    summary: 'Send a failed webhook again (admin)',
    description: 'Queues a given-up event again; audited.',
    returns: '`{ webhook }`.',
    errors: ['webhook_not_failed']
  },
  'POST /api/staff/me/password': {
    summary: 'Change my password (staff)',
    description: 'Checks the current password, sets the new one and ends the staff member’s other sessions.',
    returns: '`{ ok: true }`.',
    errors: ['wrong_password', 'common_password']
  },

  'GET /api/staff/settings': {
    summary: 'The shop settings (admin)',
    description: 'Returns on or off, the return window, shipping charge, stock link and the other settings.',
    returns: '`{ settings }`.'
  },
  'PATCH /api/staff/settings': {
    summary: 'Change the shop settings (admin)',
    description: 'Changes the given settings; audited.',
    returns: '`{ settings }`.'
  },
  'GET /api/staff/settings/reasons': {
    summary: 'Return reasons (admin)',
    description: 'Every return reason, active or not, in position order.',
    returns: '`{ reasons: [...] }`.'
  },
  'POST /api/staff/settings/reasons': {
    summary: 'Add a return reason (admin)',
    description: 'Adds a reason at the end of the list; audited.',
    ok: 201,
    returns: '`{ reason }`.'
  },
  'PUT /api/staff/settings/reasons/order': {
    summary: 'Reorder the return reasons (admin)',
    description: 'The new order, as the full list of ids.',
    returns: '`{ reasons: [...] }`.',
    errors: ['invalid_order']
  },
  'PATCH /api/staff/settings/reasons/{id}': {
    summary: 'Change a return reason (admin)',
    description: 'Labels, restock default, restocking fee, active; audited.',
    returns: '`{ reason }`.',
    errors: ['last_active']
  },
  'DELETE /api/staff/settings/reasons/{id}': {
    summary: 'Delete a return reason (admin)',
    description: 'Deletes a reason no return uses; one that a return line uses is deactivated instead (kept for those returns). Audited.',
    returns: '`{ deleted, reason }`: `deleted: false` when a return line uses it, and it was deactivated instead.',
    errors: ['last_active']
  },
  'GET /api/staff/settings/actions': {
    summary: 'Return actions (admin)',
    description: 'Every action a shopper may ask for (refund, exchange…), active or not, in position order.',
    returns: '`{ actions: [...] }`.'
  },
  'POST /api/staff/settings/actions': {
    summary: 'Add a return action (admin)',
    description: 'Adds an action at the end of the list; audited.',
    ok: 201,
    returns: '`{ action }`.'
  },
  'PUT /api/staff/settings/actions/order': {
    summary: 'Reorder the return actions (admin)',
    description: 'The new order, as the full list of ids.',
    returns: '`{ actions: [...] }`.',
    errors: ['invalid_order']
  },
  'PATCH /api/staff/settings/actions/{id}': {
    summary: 'Change a return action (admin)',
    description: 'Labels, active; audited.',
    returns: '`{ action }`.',
    errors: ['last_active']
  },
  'DELETE /api/staff/settings/actions/{id}': {
    summary: 'Delete a return action (admin)',
    description: 'Deletes an action no return uses; one that a return line uses is deactivated instead. Audited.',
    returns: '`{ deleted, action }`: `deleted: false` when a return line uses it, and it was deactivated instead.',
    errors: ['last_active']
  },
  'GET /api/staff/settings/emails': {
    summary: 'Email texts (admin)',
    description: 'Every state × language email text with its default, and the `[[variables]]` they may use.',
    returns: '`{ templates: [...], variables }`.'
  },
  'POST /api/staff/settings/emails/preview': {
    summary: 'Preview an email text (admin)',
    description: 'Renders unsaved text like a real email for a sample return; writes nothing.',
    returns: '`{ subject, text, html, unknownVariables }`.',
    errors: ['unknown_variable']
  },
  'PUT /api/staff/settings/emails/{state}/{locale}': {
    summary: 'Save an email text (admin)',
    description: 'Saves the subject and body of one state’s email in one language; audited.',
    returns: '`{ template }`.',
    errors: ['unknown_variable']
  },
  'GET /api/staff/accounts': {
    summary: 'Staff accounts (admin)',
    description: 'Every staff account with its role and whether it is disabled.',
    returns: '`{ accounts: [...] }`.'
  },
  'POST /api/staff/accounts': {
    summary: 'Add a staff account (admin)',
    description: 'Creates an account with a one-time password shown once; audited.',
    ok: 201,
    returns: '`{ account, password }`.',
    errors: ['email_taken']
  },
  'PATCH /api/staff/accounts/{id}': {
    summary: 'Disable or enable a staff account (admin)',
    description: 'Disabling ends that person’s sessions; audited.',
    returns: '`{ account }`.',
    errors: ['cannot_disable_self', 'last_active']
  },

  'POST /api/withdrawals/review': {
    summary: 'Check a withdrawal statement',
    description: 'The EU withdrawal function’s step 1 → 2: checks a statement and answers it back; stores nothing. No account needed.',
    returns: '`{ statement }`: the statement as it will be sent.',
    errors: ['withdrawal_disabled']
  },
  'POST /api/withdrawals': {
    summary: 'Send a withdrawal statement',
    description: 'Stores the statement and acknowledges it by email, with its date and time. No account needed.',
    ok: 202,
    returns: '`{ withdrawal }`: its reference and time of receipt.',
    errors: ['withdrawal_disabled']
  },
  'POST /api/withdrawals/statement': {
    summary: 'Read a withdrawal statement from its acknowledgement link',
    description: 'The statement an acknowledgement email’s link points to.',
    returns: '`{ statement, … }`: the statement the link acknowledges.',
    errors: ['invalid_link']
  },
  'POST /api/withdrawals/statement/cancel': {
    summary: 'Cancel a withdrawal statement from its acknowledgement link',
    description: 'Cancels a statement staff have not decided on yet.',
    returns: '`{ reference }` of the cancelled statement.',
    errors: ['invalid_link', 'withdrawal_not_cancellable']
  },
  'GET /api/staff/withdrawals': {
    summary: 'Withdrawals to match',
    description: 'Statements with no final decision, oldest first, with why each is unmatched and the hourly limit.',
    returns: '`{ withdrawals: [...], hourlyLimit, identityMissing }`.'
  },
  'GET /api/staff/withdrawals/warnings': {
    summary: 'Withdrawal warnings for the dashboard',
    description: 'Whether the shop’s identity is missing and the hourly limit is reached.',
    returns: '`{ identityMissing, hourlyLimit }`.'
  },
  'GET /api/staff/withdrawals/{id}': {
    summary: 'One withdrawal statement',
    description: 'The statement with its decisions and who took them.',
    returns: '`{ withdrawal }`.'
  },
  'GET /api/staff/withdrawals/{id}/preview': {
    summary: 'Preview matching a statement to an order',
    description: 'The statement beside an order (default: the one it names) and where they differ; writes nothing.',
    returns: '`{ statement, order, differences }`.'
  },
  'POST /api/staff/withdrawals/{id}/attach': {
    summary: 'Match a statement to an order',
    description: 'Makes a withdrawal return on the picked units; a differing email or name must be confirmed.',
    returns: '`{ returnNumber }`.',
    errors: ['withdrawal_differs', 'withdrawal_decided', 'unknown_order', 'nothing_returnable', 'units_no_longer_available']
  },
  'POST /api/staff/withdrawals/{id}/close': {
    summary: 'Close a statement without a return',
    description: 'Closes the statement; the note is emailed to the consumer.',
    returns: '`{ ok: true }`.',
    errors: ['withdrawal_decided']
  },

  'GET /api/staff/rules': {
    summary: 'The return rules in force and their versions',
    description:
      'The shop’s return rules (docs/rules.md): the newest saved version (version 0 and no rules when none was saved), who saved it and when, ' +
      'and the versions saved before (newest first, at most 50). Admins only.',
    returns:
      '`{ rules: { version, ruleSet: { enabled, rules, blockList }, savedAt, savedBy }, history: [{ version, savedAt, savedBy, rules }] }`.'
  },
  'PUT /api/staff/rules': {
    summary: 'Save the return rules as a new version',
    description:
      'Saves `ruleSet` as the next version, if `version` (the one read) is still the newest; audited (`rules`, `saved`) with who and what changed. ' +
      'Every reason and action code a rule names must exist. Admins only.',
    returns: '`{ rules }` as `GET /api/staff/rules` answers it.',
    errors: ['stale_rules', 'rule_unknown_code']
  },
  'GET /api/staff/rules/export': {
    summary: 'Export the return rules as a JSON file',
    description:
      'The rules in force as an attachment `{ format: "reprise-rules/1", version, savedAt, ruleSet }`, which the import takes back.',
    returns: 'A JSON attachment.'
  },
  'POST /api/staff/rules/import': {
    summary: 'Import an exported rules file as a new version',
    description:
      'Saves the file’s `ruleSet` as the next version, if `version` is still the newest; audited (`rules`, `imported`). Admins only.',
    returns: '`{ rules }` as `GET /api/staff/rules` answers it.',
    errors: ['stale_rules', 'rule_unknown_code']
  },
  'POST /api/staff/rules/dry-run': {
    summary: 'Dry run: what these rules would have done over the last days',
    description:
      'Replays `ruleSet` (saved or not) over the shoppers’ returns requested in the last `days` days (default 90), each at the time it was ' +
      'requested with the customer’s history then. Per outcome (`approve`, `keep`, `review`, `refused` by a rule’s window or final sale, ' +
      '`none`) the returns, lines and money per currency (the lines’ value; for kept lines what would be refunded), and the returns where the ' +
      'rules differ from staff (approved or kept what staff rejected, refused what staff approved). Writes nothing.',
    returns:
      '`{ dryRun: { days, from, to, returns, lines, outcomes: { [outcome]: { returns, lines, cents: { [currency]: number } } }, differencesCount, differences: [{ number, createdAt, outcome, staff, state, rule }] } }`.'
  },

  'GET /api/staff/insights': {
    summary: 'Insights: the period, currency and currencies',
    description:
      'The period is `days` (30, 90 or 365, ending today) or `from` and `to` (dates, both included, at most 731 days apart), in the shop’s time zone; 90 days by default. Without `currency`, the newest order’s.',
    returns: '`{ timeZone, currency, currencies: string[], period: { from, to } }`.'
  },
  'GET /api/staff/insights/rates': {
    summary: 'Insights: return rate per product and variant, and reasons',
    description:
      'Of the order lines delivered in the period in the currency: per variant (SKU) and per product, units sold and units on returns that ' +
      'are not rejected or cancelled, and their rate (percent, one decimal); only those with at least `minUnits` sold (default 5). ' +
      'The reasons of those returns, by units, overall and each product’s top three. The period is `days` (30, 90 or 365, ending today) or `from` and `to` (dates, both included, at most 731 days apart), in the shop’s time zone; 90 days by default.',
    returns:
      '`{ currency, period, minUnits, totals: { sold, returned, rate }, products: [{ product, sold, returned, rate, topReasons }], variants: [...], reasons: [{ code, labelEn, labelFr, units, share }] }`.'
  },
  'GET /api/staff/insights/activity': {
    summary: 'Insights: returns and credits per week, and outcomes',
    description:
      'Per week (Monday to Sunday, shop’s time zone): returns requested (a count over every currency), credits decided in the currency and ' +
      'their money (never summed across currencies; credits of unknown amount counted apart). Outcomes: return lines of the returns that ' +
      'ended credited (by the line’s credit method) or rejected in the period (every currency). The period is `days` (30, 90 or 365, ending today) or `from` and `to` (dates, both included, at most 731 days apart), in the shop’s time zone; 90 days by default.',
    returns:
      '`{ currency, period, weeks: [{ week, requested, credited, creditedCents, unknownAmounts }], outcomes: { refund, store_credit, replacement, kept, rejected, unknown } }`.'
  },
  'GET /api/staff/insights/handling': {
    summary: 'Insights: handling times and returns waiting',
    description:
      'Of the returns requested in the period: seconds from request to approval, approval to receipt, receipt to credit (median, 90th ' +
      'percentile, how many), from the audit trail. Now: per open state, the returns in it for more than `waitDays` (default 7). The period is `days` (30, 90 or 365, ending today) or `from` and `to` (dates, both included, at most 731 days apart), in the shop’s time zone; 90 days by default.',
    returns: '`{ period, approval: { medianSeconds, p90Seconds, count }, receipt, credit, waitDays, waiting: { [state]: number } }`.'
  },
  'GET /api/staff/insights/withdrawals': {
    summary: 'Insights: withdrawals and their refund deadlines',
    description:
      'Withdrawal statements received in the period: matched, closed, cancelled, and of those with a return owing a refund, the deadline met, ' +
      'missed (credited late or still open past it) or still to come. The period is `days` (30, 90 or 365, ending today) or `from` and `to` (dates, both included, at most 731 days apart), in the shop’s time zone; 90 days by default.',
    returns: '`{ period, received, matched, closed, cancelled, deadlines: { met, missed, pending } }`.'
  },
  'GET /api/staff/insights/export/{kind}': {
    summary: 'Insights: CSV export of returns, return lines or credits',
    description:
      '`kind` is `returns`, `lines` or `credits` (a `.csv` ending is allowed). Returns requested (credits decided) in the period, with the ' +
      'queue’s `state` and `q` filters; streamed, UTF-8 with a byte order mark and a header row, RFC 4180 quoting, a cell starting with ' +
      "`=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `'`. Times are the shop’s wall clock; amounts decimal in the currency. The period is `days` (30, 90 or 365, ending today) or `from` and `to` (dates, both included, at most 731 days apart), in the shop’s time zone; 90 days by default.",
    returns: 'A `text/csv` attachment.'
  },

  'GET /api/openapi.json': {
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of every route, built from the schemas the routes validate with.',
    returns: 'An OpenAPI 3.1 document.'
  },
  'GET /api/docs': {
    summary: 'This document, as a page',
    description: 'A server-rendered HTML reference of every operation, its body schema and its errors (no scripts).',
    returns: 'An HTML page.'
  }
};
