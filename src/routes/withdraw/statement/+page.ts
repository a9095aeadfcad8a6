import { api, ApiFailure, read } from '$lib/api.ts';
import type { PageLoad } from './$types';

/**
 * The acknowledgement's link, /withdraw/statement?token=…: the statement as the server shows it, or why
 * not (`problem`). Reading it changes nothing, so it is a load like any other page's.
 */
export const load: PageLoad = async ({ url, fetch }) => {
  const token = url.searchParams.get('token') ?? '';
  if (!token) return { token, view: null, problem: 'invalid' as const };
  try {
    return { token, view: await read(api.withdrawals.statement.$post({ json: { token } }, { fetch })), problem: null };
  } catch (err) {
    return {
      token,
      view: null,
      problem: err instanceof ApiFailure && err.code === 'network_error' ? ('network' as const) : ('invalid' as const)
    };
  }
};
