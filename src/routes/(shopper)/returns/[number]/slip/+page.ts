import { api, pathPart, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

/** The return slip's facts and its sentences in each language (shared/slip.ts `slipText`, on the server); 409 `slip_not_ready` before approval. */
export const load: PageLoad = async ({ params, url, fetch }) => {
  const { slip, text } = await loadOrFail(url, () =>
    read(api.returns[':number'].slip.$get({ param: { number: pathPart(params.number) }, query: {} }, { fetch }))
  );
  return { slip, text };
};
