import { api, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import { adminOnly } from '../admin-only.ts';
import { ACCOUNTS } from '../staff.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent, depends }) => {
  adminOnly(await parent());
  depends(ACCOUNTS);
  const { accounts } = await loadOrFail(url, () => read(api.staff.accounts.$get(undefined, { fetch })));
  return { accounts };
};
