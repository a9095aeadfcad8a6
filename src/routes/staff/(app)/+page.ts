import { api, read } from '$lib/api.ts';
import type { PageLoad } from './$types';

/**
 * The staff home: the queue's counts, what the withdrawal function needs from the shop and the
 * webhooks' health. Each may fail on its own without hiding the others (or the password form).
 */
export const load: PageLoad = async ({ fetch }) => {
  const [counts, warnings, webhooks] = await Promise.all([
    read(api.staff.returns.counts.$get(undefined, { fetch })).then(
      (a) => a.counts,
      () => null
    ),
    read(api.staff.withdrawals.warnings.$get(undefined, { fetch })).catch(() => null),
    // A failing webhook endpoint shows here after its first failed attempt (the shop's systems miss events meanwhile).
    read(api.staff.webhooks.health.$get(undefined, { fetch })).catch(() => null)
  ]);
  return { counts, warnings, webhooks };
};
