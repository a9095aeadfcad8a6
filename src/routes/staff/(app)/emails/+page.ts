import { api, read } from '$lib/api.ts';
import { loadOutbox } from '../outbox.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => ({
  outbox: await loadOutbox(event, async (cursor, fetch) => {
    const { emails, nextCursor } = await read(api.staff.emails.$get({ query: { cursor } }, { fetch }));
    return { rows: emails, nextCursor };
  })
});
