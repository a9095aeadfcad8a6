import { error, redirect } from '@sveltejs/kit';
import type { Me, OrderSession } from '$lib/api-types.ts';
import { reachableByOrderLink } from '$lib/order-link.ts';
import type { LayoutLoad } from './$types';

/**
 * Shopper pages need a shopper session, or an order-scoped session opened by a signed portal link
 * (which reaches that one order and its returns); signed-out visitors go to sign-in and come back here.
 */
export const load: LayoutLoad = async ({ fetch, url }) => {
  const res = await fetch('/api/auth/me');
  if (res.status === 401) {
    const link = await fetch('/api/auth/order-session');
    const { order } = link.ok ? ((await link.json()) as OrderSession) : { order: null };
    if (order) {
      // An order session is not an account: the lists and the account page are for signed-in
      // shoppers, so anything but its order and that order's returns leads to its order.
      if (!reachableByOrderLink(url.pathname, order.number)) redirect(307, `/orders/${encodeURIComponent(order.number)}`);
      return { customer: null, orderLink: order };
    }
    redirect(307, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!res.ok) error(res.status, 'Could not load your account');
  const { customer } = (await res.json()) as Me;
  return { customer, orderLink: null };
};
