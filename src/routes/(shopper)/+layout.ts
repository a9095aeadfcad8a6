import { error, redirect } from '@sveltejs/kit';
import { api, ApiFailure, read } from '$lib/api.ts';
import { signInAgainPath } from '$lib/failure.ts';
import { reachableByOrderLink } from '$lib/order-link.ts';
import type { LayoutLoad } from './$types';

/**
 * Shopper pages need a shopper session, or an order-scoped session opened by a signed portal link
 * (which reaches that one order and its returns); signed-out visitors go to sign-in and come back here.
 */
export const load: LayoutLoad = async ({ fetch, url }) => {
  const me = await read(api.auth.me.$get(undefined, { fetch })).catch((err: unknown) => {
    const status = err instanceof ApiFailure ? err.status : 0;
    if (status !== 401) error(status >= 400 ? status : 503, 'Could not load your account');
    return null;
  });
  if (me) return { customer: me.customer, orderLink: null };
  const { order } = await read(api.auth['order-session'].$get(undefined, { fetch })).catch(() => ({ order: null }));
  if (!order) redirect(307, signInAgainPath(url));
  // An order session is not an account: the lists and the account page are for signed-in
  // shoppers, so anything but its order and that order's returns leads to its order.
  if (!reachableByOrderLink(url.pathname, order.number)) redirect(307, `/orders/${encodeURIComponent(order.number)}`);
  return { customer: null, orderLink: order };
};
