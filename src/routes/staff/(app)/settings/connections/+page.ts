import { api, read } from '$lib/api.ts';
import { adminOnly } from '../../admin-only.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async (event) => {
  adminOnly(await event.parent());
  return await read(api.staff.connections.$get({}, { fetch: event.fetch }));
};
