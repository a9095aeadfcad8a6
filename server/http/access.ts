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
  /** An order-scoped link session (no route yet). */
  | 'order_link'
  /** Any staff session, admins included. */
  | 'staff'
  /** A staff session with the admin role. */
  | 'admin'
  /** The shop's systems, by an HMAC signature of the body (no cookie, no Origin). */
  | 'integration';

/** The callers who get past a route open to `access` (an admin is staff too). */
export const CALLERS_OF: Record<Caller, readonly Caller[]> = {
  anonymous: ['anonymous', 'shopper', 'order_link', 'staff', 'admin', 'integration'],
  shopper: ['shopper'],
  order_link: ['order_link'],
  staff: ['staff', 'admin'],
  admin: ['admin'],
  integration: ['integration']
};

/** `METHOD /hono/path` → who may call it. */
export const ROUTE_ACCESS: Record<string, Caller> = {
  'POST /api/integrations/orders': 'integration',

  'POST /api/auth/sign-in': 'anonymous',
  'POST /api/auth/sign-out': 'anonymous',
  'POST /api/auth/sign-in-link': 'anonymous',
  'POST /api/auth/sign-in-link/verify': 'anonymous',
  'GET /api/auth/me': 'shopper',
  'PATCH /api/auth/me': 'shopper',
  'GET /api/shop': 'anonymous',

  'GET /api/orders': 'shopper',
  'GET /api/orders/:number': 'shopper',
  'GET /api/returns/options': 'shopper',
  'GET /api/returns': 'shopper',
  'POST /api/returns': 'shopper',
  'GET /api/returns/:number': 'shopper',
  'POST /api/returns/:number/cancel': 'shopper',

  'POST /api/staff/auth/sign-in': 'anonymous',
  'POST /api/staff/auth/sign-out': 'anonymous',
  'GET /api/staff/auth/me': 'staff',
  'PATCH /api/staff/auth/me': 'staff',
  'GET /api/staff/returns/counts': 'staff',
  'GET /api/staff/returns': 'staff',
  'POST /api/staff/returns': 'staff',
  'GET /api/staff/returns/:number': 'staff',
  'PATCH /api/staff/returns/:number': 'staff',
  'GET /api/staff/orders': 'staff',
  'GET /api/staff/orders/:number': 'staff',
  'GET /api/staff/emails': 'staff',
  'GET /api/staff/emails/:id': 'staff',
  'POST /api/staff/me/password': 'staff',

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
  'GET /api/staff/withdrawals': 'staff',
  'GET /api/staff/withdrawals/:id': 'staff',
  'POST /api/staff/withdrawals/:id/attach': 'staff',
  'POST /api/staff/withdrawals/:id/close': 'staff'
};

/** Whether a caller of kind `caller` may call a route declared `access`. */
export const mayCall = (access: Caller, caller: Caller): boolean => CALLERS_OF[access].includes(caller);
