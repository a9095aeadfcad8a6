import { api, pathPart, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { freshDraft } from '$lib/return-form/draft.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const [answer, options] = await loadOrFail(url, () =>
    Promise.all([
      read(api.orders[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch })),
      read(api.returns.options.$get(undefined, { fetch }))
    ])
  );
  // The draft lives with this load: a language switch keeps what the shopper typed (see live).
  return { answer, options, draft: live(freshDraft(answer.order.lines, options, answer.exchangesEnabled)) };
};
