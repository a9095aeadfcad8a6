import { api, read } from '$lib/api.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { adminOnly } from '../admin-only.ts';
import { typedShipping } from './shipping.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  adminOnly(await parent());
  const { settings } = await loadOrFail(url, () => read(api.staff.settings.$get(undefined, { fetch })));
  // The form as typed (the deduction as text) and the settings as saved, kept across a re-render of the page (see live).
  return { edit: live({ saved: settings, form: { ...settings }, returnShipping: typedShipping(settings.returnShippingCents) }) };
};
