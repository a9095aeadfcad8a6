import { api, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import { PagedList } from '$lib/paged-list.svelte.ts';
import type { PageLoad } from './$types';

const page = async (cursor: string | undefined, fetchFn?: typeof fetch) => {
  const { returns, nextCursor } = await read(api.returns.$get({ query: { cursor } }, fetchFn ? { fetch: fetchFn } : undefined));
  return { rows: returns, nextCursor };
};

export const load: PageLoad = async ({ url, fetch }) => ({
  list: new PagedList(
    await loadOrFail(url, () => page(undefined, fetch)),
    (cursor) => page(cursor),
    (r) => r.number
  )
});
