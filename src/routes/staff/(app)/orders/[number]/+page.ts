import { call } from '$lib/api.ts';
import type { StaffOrderAnswer } from '$lib/api-types.ts';
import { STAFF_SIGN_IN } from '$lib/failure.ts';
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
  const answer = await loadOrFail(url, STAFF_SIGN_IN, () =>
    call<StaffOrderAnswer>('GET', `/api/staff/orders/${encodeURIComponent(params.number)}`, undefined, {}, fetch)
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
    startState: 'requested',
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
