import type { ReturnState } from '#shared/states.ts';
import { api, pathPart, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { newIdempotencyKey } from '$lib/returns.ts';
import type { PageLoad } from './$types';

type LineDraft = {
  quantity: number;
  reasonId: string;
  reasonText: string;
  actionId: string;
  restock: boolean;
  /** An exchange's replacement variant ('' for none). */
  replacementVariantId: string;
};

export const load: PageLoad = async ({ params, url, fetch }) => {
  const answer = await loadOrFail(url, () =>
    read(api.staff.orders[':number'].$get({ param: { number: pathPart(params.number) } }, { fetch }))
  );
  const drafts: Record<number, LineDraft> = Object.fromEntries(
    answer.order.lines.map((l) => [
      l.id,
      { quantity: 0, reasonId: '', reasonText: '', actionId: '', restock: false, replacementVariantId: '' }
    ])
  );
  // The "create return" form, kept across a re-render of the page (see live).
  const form = live({
    drafts,
    startState: 'requested' as ReturnState,
    override: false,
    comment: '',
    staffNote: '',
    customerMessage: '',
    notify: false,
    formError: '',
    lineErrors: {} as Record<number, string[]>,
    idempotencyKey: newIdempotencyKey()
  });
  return { answer, form };
};
