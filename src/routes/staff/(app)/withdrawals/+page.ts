import { api, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import { WITHDRAWALS } from '../staff.ts';
import type { PageLoad } from './$types';

/** The withdrawals waiting for staff; read again (invalidated) after one is attached or closed. */
export const load: PageLoad = async ({ url, fetch, depends }) => {
  depends(WITHDRAWALS);
  return { list: await loadOrFail(url, () => read(api.staff.withdrawals.$get(undefined, { fetch }))) };
};
