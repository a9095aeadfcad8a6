import { api, read } from '$lib/api.ts';
import { i18n } from '$lib/i18n.svelte.ts';
import { live } from '$lib/live.svelte.ts';
import { loadOrFail } from '$lib/load.ts';
import { adminOnly } from '../admin-only.ts';
import { toDraft } from './rules-form.ts';
import type { PageLoad } from './$types';

/** The rules in force (as drafts to edit), their versions, and the shop's reasons and actions to pick from. */
export const load: PageLoad = async ({ url, fetch, parent }) => {
  adminOnly(await parent());
  const [answer, reasons, actions] = await loadOrFail(url, () =>
    Promise.all([
      read(api.staff.rules.$get(undefined, { fetch })),
      read(api.staff.settings.reasons.$get(undefined, { fetch })),
      read(api.staff.settings.actions.$get(undefined, { fetch }))
    ])
  );
  const set = answer.rules.ruleSet;
  return {
    reasons: reasons.reasons.filter((r) => r.active),
    actions: actions.actions.filter((a) => a.active),
    edit: live({
      saved: answer.rules,
      history: answer.history,
      enabled: set.enabled,
      drafts: set.rules.map((r) => toDraft(r, i18n.locale)),
      blockList: set.blockList.join('\n')
    })
  };
};
