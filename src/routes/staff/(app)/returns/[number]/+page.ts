import { api, pathPart, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { formFrom, type Conflict } from './process-form.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const { return: ret } = await loadOrFail(url, () =>
    read(api.staff.returns[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch }))
  );
  // The return, the "Process" form and its feedback, updated in place by a save (see live).
  return { view: live({ ret, form: formFrom(ret), saved: '', saveError: '', conflict: null as Conflict | null }) };
};
