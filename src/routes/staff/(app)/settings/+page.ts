import { api, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { adminOnly } from '../admin-only.ts';
import { typedShipping } from './shipping.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  adminOnly(await parent());
  const s = api.staff.settings;
  // The page's four reads at once: the settings, the reasons and actions, the email texts.
  const [{ settings }, { reasons }, { actions }, emails] = await loadOrFail(url, () =>
    Promise.all([
      read(s.$get(undefined, { fetch })),
      read(s.reasons.$get(undefined, { fetch })),
      read(s.actions.$get(undefined, { fetch })),
      read(s.emails.$get(undefined, { fetch }))
    ])
  );
  return {
    // The form as typed (the deduction as text) and the settings as saved, kept across a re-render of the page (see live).
    edit: live({ saved: settings, form: { ...settings }, returnShipping: typedShipping(settings.returnShippingCents) }),
    reasons,
    actions,
    emails
  };
};
