import { call } from '$lib/api.ts';
import type { ReturnAnswer } from '$lib/api-types.ts';
import { SHOPPER_SIGN_IN } from '$lib/failure.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const { return: ret } = await loadOrFail(url, SHOPPER_SIGN_IN, () =>
    call<ReturnAnswer>('GET', `/api/returns/${encodeURIComponent(params.number)}`, undefined, {}, fetch)
  );
  // Cancelling updates it in place (see live).
  return { view: live({ ret }) };
};
