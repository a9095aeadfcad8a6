import { api, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import { PagedList } from '$lib/paged-list.svelte.ts';
import type { PageLoad } from './$types';

type QueueQuery = NonNullable<Parameters<typeof api.staff.returns.$get>[0]>['query'];

/**
 * The queue as the address asks for it (`?state=`, `?q=`, `?kind=withdrawal` or `claim`): its first page and the
 * count per state; a filter or a search navigates here again, "Show more" appends the next page.
 */
export const load: PageLoad = async ({ url, fetch }) => {
  // As typed in the address: the server checks them (an unknown state is a 400, shown by the error page).
  const query = {
    state: url.searchParams.get('state') || undefined,
    q: url.searchParams.get('q') || undefined,
    kind: url.searchParams.get('kind') || undefined
  } as QueueQuery;
  const first = await loadOrFail(url, () => read(api.staff.returns.$get({ query }, { fetch })));
  const next = async (cursor: string) => {
    const page = await read(api.staff.returns.$get({ query: { ...query, cursor } }));
    return { rows: page.returns, nextCursor: page.nextCursor };
  };
  return {
    counts: first.counts,
    list: new PagedList({ rows: first.returns, nextCursor: first.nextCursor }, next, (r) => r.number)
  };
};
