import { api, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
  const first = await loadOrFail(url, () => read(api.orders.$get({ query: {} }, { fetch })));
  // "Show more" appends here, so a re-render of the page keeps every page shown (see live).
  return { list: live({ orders: first.orders, nextCursor: first.nextCursor, failure: null as unknown }) };
};
