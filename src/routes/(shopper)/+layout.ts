import { error, redirect } from '@sveltejs/kit';
import type { Me } from '$lib/api-types.ts';
import type { LayoutLoad } from './$types';

/** Shopper pages need a shopper session; signed-out visitors go to sign-in and come back here. */
export const load: LayoutLoad = async ({ fetch, url }) => {
  const res = await fetch('/api/auth/me');
  if (res.status === 401) redirect(307, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (!res.ok) error(res.status, 'Could not load your account');
  const { customer } = (await res.json()) as Me;
  return { customer };
};
