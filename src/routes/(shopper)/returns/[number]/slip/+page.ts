import { api, pathPart, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

/** The return slip's facts (the words are the page's language's: shared/slip.ts `slipText`); 409 `slip_not_ready` before approval. */
export const load: PageLoad = async ({ params, url, fetch }) => {
  const { slip } = await loadOrFail(url, () =>
    read(api.returns[':number'].slip.$get({ param: { number: pathPart(params.number) }, query: {} }, { fetch }))
  );
  return { slip };
};
