import { call } from '$lib/api.ts';
import type { OrderAnswer, ReturnOptions } from '$lib/api-types.ts';
import { SHOPPER_SIGN_IN } from '$lib/failure.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { freshDraft } from '$lib/return-form/draft.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const [answer, options] = await loadOrFail(url, SHOPPER_SIGN_IN, () =>
    Promise.all([
      call<OrderAnswer>('GET', `/api/orders/${encodeURIComponent(params.number)}`, undefined, {}, fetch),
      call<ReturnOptions>('GET', '/api/returns/options', undefined, {}, fetch)
    ])
  );
  // The draft lives with this load: a language switch keeps what the shopper typed (see live).
  return { answer, options, draft: live(freshDraft(answer.order.lines, options, answer.exchangesEnabled)) };
};
