import { error, redirect } from '@sveltejs/kit';
import type { StaffMeAnswer } from '$lib/api-types.ts';
import { applyLocale } from '$lib/i18n.svelte.ts';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { LayoutLoad } from './$types';

/** Staff pages need a staff session (a shopper session does not count). */
export const load: LayoutLoad = async ({ fetch, url }) => {
  const res = await fetch('/api/staff/auth/me');
  if (res.status === 401 || res.status === 403) redirect(307, `/staff/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (!res.ok) error(res.status, 'Could not load your account');
  const { staff } = (await res.json()) as StaffMeAnswer;
  // The staff screen opens in the language this account chose last (see switchLocale).
  applyLocale(staff.locale as Locale);
  return { staff };
};
