import { api, pathPart, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => ({
  answer: await loadOrFail(url, () => read(api.orders[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch })))
});
