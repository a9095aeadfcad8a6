import { api, read } from '$lib/api.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';
import { paramsOf } from './insights.ts';

/** Every answer of the page at once, for the period and currency in the address. */
export const load = (async ({ url, fetch }) => {
  const params = paramsOf(url);
  const query = params as Record<string, string>;
  const i = api.staff.insights;
  const [context, rates, activity, handling, withdrawals] = await loadOrFail(url, () =>
    Promise.all([
      read(i.$get({ query }, { fetch })),
      read(i.rates.$get({ query }, { fetch })),
      read(i.activity.$get({ query }, { fetch })),
      read(i.handling.$get({ query }, { fetch })),
      read(i.withdrawals.$get({ query }, { fetch }))
    ])
  );
  return { params, context, rates, activity, handling, withdrawals };
}) satisfies PageLoad;
