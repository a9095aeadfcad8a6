/**
 * Who may call each API route, in one place. The route middlewares enforce it (requireCustomer,
 * requireStaff, adminOnly, requireShopSignature); tests/api/route-access.test.ts walks every route
 * the app exposes against this table, so a new route without a line here fails the tests.
 */

/** The kinds of caller a route may be open to. */
export type Caller =
  /** Anyone, signed in or not. */
  | 'anonymous'
  /** A signed-in shopper, and only for their own orders and returns. */
  | 'shopper'
  /**
   * An order-scoped session, opened by a signed portal link: as a route's access, "a signed-in
   * shopper, or an order-scoped session for the order (and its returns) the route touches".
   */
  | 'order_link'
  /** Any staff session, admins included. */
  | 'staff'
  /** A staff session with the admin role. */
  | 'admin'
  /** The shop's systems, by an HMAC signature of the body (no cookie, no Origin). */
  | 'integration'
  /** A shop platform (Shopify, WooCommerce…), by that platform's own signature of the body or its secret URL token. */
  | 'platform';

/** The callers who get past a route open to `access` (an admin is staff too). */
export const CALLERS_OF: Record<Caller, readonly Caller[]> = {
  anonymous: ['anonymous', 'shopper', 'order_link', 'staff', 'admin', 'integration', 'platform'],
  shopper: ['shopper'],
  order_link: ['shopper', 'order_link'],
  staff: ['staff', 'admin'],
  admin: ['admin'],
  integration: ['integration'],
  platform: ['platform']
};

/** `METHOD /hono/path` → who may call it. */
export const ROUTE_ACCESS: Record<string, Caller> = {
  'POST /api/integrations/orders': 'integration',
  'POST /api/integrations/shopify': 'platform',
  'POST /api/integrations/woocommerce': 'platform',
  'POST /api/integrations/shopware': 'platform',
  'POST /api/integrations/lightspeed': 'platform',

  'POST /api/auth/sign-in': 'anonymous',
  'POST /api/auth/sign-out': 'anonymous',
  'POST /api/auth/sign-in-link': 'anonymous',
  'POST /api/auth/sign-in-link/verify': 'anonymous',
  'POST /api/auth/order-link': 'anonymous',
  'POST /api/auth/lookup': 'anonymous',
  'POST /api/auth/lookup/verify': 'anonymous',
  'GET /api/auth/order-session': 'anonymous',
  'POST /api/auth/sign-up': 'anonymous',
  'POST /api/auth/forgot-password': 'anonymous',
  'POST /api/auth/set-password': 'anonymous',
  'POST /api/auth/me/password': 'shopper',
  'GET /api/auth/me': 'shopper',
  'PATCH /api/auth/me': 'shopper',
  'GET /api/shop': 'anonymous',

  'GET /api/orders': 'shopper',
  'GET /api/orders/:number': 'order_link',
  'GET /api/returns/options': 'order_link',
  'GET /api/returns': 'shopper',
  'POST /api/returns': 'order_link',
  'GET /api/returns/:number': 'order_link',
  'POST /api/returns/:number/cancel': 'order_link',
  'GET /api/claims/options': 'order_link',
  'POST /api/claims': 'order_link',
  'GET /api/returns/:number/slip': 'order_link',
  'GET /api/returns/:number/slip.pdf': 'order_link',
  'POST /api/returns/photos': 'order_link',
  'GET /api/returns/:number/photos/:photoId': 'order_link',
  'GET /api/staff/returns/:number/photos/:photoId': 'staff',

  'POST /api/staff/auth/sign-in': 'anonymous',
  'POST /api/staff/auth/sign-out': 'anonymous',
  'GET /api/staff/auth/me': 'staff',
  'PATCH /api/staff/auth/me': 'staff',
  'GET /api/staff/returns/counts': 'staff',
  'GET /api/staff/returns': 'staff',
  'POST /api/staff/returns': 'staff',
  'GET /api/staff/returns/:number': 'staff',
  'PATCH /api/staff/returns/:number': 'staff',
  'POST /api/staff/returns/:number/claim-decision': 'staff',
  'GET /api/staff/returns/:number/slip.pdf': 'staff',
  'GET /api/staff/orders': 'staff',
  'GET /api/staff/orders/:number': 'staff',
  'GET /api/staff/emails': 'staff',
  'GET /api/staff/emails/:id': 'staff',
  'POST /api/staff/emails/:id/retry': 'admin',
  'GET /api/staff/connections': 'admin',
  'GET /api/staff/webhooks': 'admin',
  'GET /api/staff/webhooks/health': 'staff',
  'POST /api/staff/webhooks/:id/retry': 'admin',
  'POST /api/staff/me/password': 'staff',

  'GET /api/staff/rules': 'admin',
  'PUT /api/staff/rules': 'admin',
  'GET /api/staff/rules/export': 'admin',
  'POST /api/staff/rules/import': 'admin',
  'POST /api/staff/rules/dry-run': 'admin',
  'GET /api/staff/settings': 'admin',
  'PATCH /api/staff/settings': 'admin',
  'GET /api/staff/settings/reasons': 'admin',
  'POST /api/staff/settings/reasons': 'admin',
  'PUT /api/staff/settings/reasons/order': 'admin',
  'PATCH /api/staff/settings/reasons/:id': 'admin',
  'DELETE /api/staff/settings/reasons/:id': 'admin',
  'GET /api/staff/settings/actions': 'admin',
  'POST /api/staff/settings/actions': 'admin',
  'PUT /api/staff/settings/actions/order': 'admin',
  'PATCH /api/staff/settings/actions/:id': 'admin',
  'DELETE /api/staff/settings/actions/:id': 'admin',
  'GET /api/staff/settings/emails': 'admin',
  'POST /api/staff/settings/emails/preview': 'admin',
  'PUT /api/staff/settings/emails/:state/:locale': 'admin',
  'GET /api/staff/accounts': 'admin',
  'POST /api/staff/accounts': 'admin',
  'PATCH /api/staff/accounts/:id': 'admin',

  'POST /api/withdrawals/review': 'anonymous',
  'POST /api/withdrawals': 'anonymous',
  'POST /api/withdrawals/statement': 'anonymous',
  'POST /api/withdrawals/statement/cancel': 'anonymous',
  'GET /api/staff/withdrawals': 'staff',
  'GET /api/staff/withdrawals/warnings': 'staff',
  'GET /api/staff/withdrawals/:id': 'staff',
  'GET /api/staff/withdrawals/:id/preview': 'staff',
  'POST /api/staff/withdrawals/:id/attach': 'staff',
  'POST /api/staff/withdrawals/:id/close': 'staff',
  'GET /api/staff/insights': 'staff',
  'GET /api/staff/insights/rates': 'staff',
  'GET /api/staff/insights/activity': 'staff',
  'GET /api/staff/insights/handling': 'staff',
  'GET /api/staff/insights/withdrawals': 'staff',
  'GET /api/staff/insights/export/:kind': 'staff',

  'GET /api/openapi.json': 'anonymous',
  'GET /api/docs': 'anonymous'
};

/** Whether a caller of kind `caller` may call a route declared `access`. */
export const mayCall = (access: Caller, caller: Caller): boolean => CALLERS_OF[access].includes(caller);
