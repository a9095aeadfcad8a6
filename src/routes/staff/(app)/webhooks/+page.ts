import { api, read } from '$lib/api.ts';
import { adminOnly } from '../admin-only.ts';
import { loadOutbox } from '../outbox.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  adminOnly(await event.parent());
  return {
    outbox: await loadOutbox(event, async (cursor, fetch) => {
      const { webhooks, nextCursor } = await read(api.staff.webhooks.$get({ query: { cursor } }, { fetch }));
      return { rows: webhooks, nextCursor };
    })
  };
};
