import { api, pathPart, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

/** The order (what can still be claimed per line) and the claim's reasons, with which of them need a photo. */
export const load: PageLoad = async ({ params, url, fetch }) => {
  const [answer, options] = await loadOrFail(url, () =>
    Promise.all([
      read(api.orders[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch })),
      read(api.claims.options.$get(undefined, { fetch }))
    ])
  );
  return { answer, options };
};
