import { api, pathPart, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { formFrom, type Conflict } from './process-form.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const { return: ret } = await loadOrFail(url, () =>
    read(api.staff.returns[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch }))
  );
  const form = formFrom(ret);
  // Opened by the Receive field (?receive, a scanned slip): the receipt step when the return waits for its parcel.
  const receive = url.searchParams.has('receive')
    ? ret.allowedMoves.some((move) => move.state === 'received')
      ? 'ready'
      : 'not_waiting'
    : null;
  if (receive === 'ready') form.nextState = 'received';
  // The return, the "Process" form and its feedback, updated in place by a save (see live).
  return { receive, view: live({ ret, form, saved: '', saveError: '', conflict: null as Conflict | null }) };
};
