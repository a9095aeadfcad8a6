import { error, redirect } from '@sveltejs/kit';
import { api, ApiFailure, read } from '$lib/api.ts';
import { signInAgainPath } from '$lib/failure.ts';
import { applyLocale } from '$lib/i18n.svelte.ts';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { LayoutLoad } from './$types';

/** Staff pages need a staff session (a shopper session does not count). */
export const load: LayoutLoad = async ({ fetch, url }) => {
  const { staff } = await read(api.staff.auth.me.$get(undefined, { fetch })).catch((err: unknown) => {
    const status = err instanceof ApiFailure ? err.status : 0;
    if (status === 401 || status === 403) redirect(307, signInAgainPath(url));
    error(status >= 400 ? status : 503, 'Could not load your account');
  });
  // The staff screen opens in the language this account chose last (see switchLocale).
  applyLocale(staff.locale as Locale);
  return { staff };
};
