import { call } from '$lib/api.ts';
import type { StaffReturnAnswer } from '$lib/api-types.ts';
import { STAFF_SIGN_IN } from '$lib/failure.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { formFrom, type Conflict } from './process-form.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const { return: ret } = await loadOrFail(url, STAFF_SIGN_IN, () =>
    call<StaffReturnAnswer>('GET', `/api/staff/returns/${encodeURIComponent(params.number)}`, undefined, {}, fetch)
  );
  // The return, the "Process" form and its feedback, updated in place by a save (see live).
  return { view: live({ ret, form: formFrom(ret), saved: '', saveError: '', conflict: null as Conflict | null }) };
};
