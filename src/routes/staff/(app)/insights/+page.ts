import { api, read } from '$lib/api.ts';
import { STAFF_SIGN_IN } from '$lib/failure.ts';
import { loadOrFail } from '$lib/load.ts';
import type { PageLoad } from './$types';
import { paramsOf } from './insights.ts';

/** Every answer of the page at once, for the period and currency in the address. */
export const load: PageLoad = async ({ url }) => {
  const params = paramsOf(url);
  const query = params as Record<string, string>;
  const i = api.staff.insights;
  const [context, rates, activity, handling, withdrawals] = await loadOrFail(url, STAFF_SIGN_IN, () =>
    Promise.all([
      read(i.$get({ query })),
      read(i.rates.$get({ query })),
      read(i.activity.$get({ query })),
      read(i.handling.$get({ query })),
      read(i.withdrawals.$get({ query }))
    ])
  );
  return { params, context, rates, activity, handling, withdrawals };
};
