import { call } from '$lib/api.ts';
import type { OrderAnswer } from '$lib/api-types.ts';
import { SHOPPER_SIGN_IN } from '$lib/failure.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => ({
  answer: await loadOrFail(url, SHOPPER_SIGN_IN, () =>
    call<OrderAnswer>('GET', `/api/orders/${encodeURIComponent(params.number)}`, undefined, {}, fetch)
  )
});
