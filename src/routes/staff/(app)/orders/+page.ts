import { api, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

/** The orders matching `?q=`, or without a search the newest orders; a new search navigates here again. */
export const load: PageLoad = async ({ url, fetch }) => {
  const query = url.searchParams.get('q') ?? '';
  const { orders } = await loadOrFail(url, () => read(api.staff.orders.$get({ query: { q: query || undefined } }, { fetch })));
  return { query, results: orders };
};
