import { api, pathPart, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const { return: ret } = await loadOrFail(url, () =>
    read(api.returns[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch }))
  );
  // Cancelling updates it in place (see live).
  return { view: live({ ret }) };
};
