import { api, pathPart, read } from '$lib/api.ts';
import type { ActionsAnswer, ReasonsAnswer } from '$lib/api-types.ts';

const reasons = api.staff.settings.reasons;
const actions = api.staff.settings.actions;

export type Item = ReasonsAnswer['reasons'][number] | ActionsAnswer['actions'][number];
/** A reason's fields; an action has fewer (no restock default, fee or "needs text"), and the page sends those for reasons only. */
type ReasonPatch = NonNullable<Parameters<(typeof reasons)[':id']['$patch']>[0]>['json'];
type ReasonCreate = NonNullable<Parameters<typeof reasons.$post>[0]>['json'];
type ActionPatch = NonNullable<Parameters<(typeof actions)[':id']['$patch']>[0]>['json'];
type ActionCreate = NonNullable<Parameters<typeof actions.$post>[0]>['json'];

/** The settings' return reasons or actions, through the typed client: one shape for the ItemList of each. */
export function itemsApi(kind: 'reason' | 'action') {
  const param = (id: number) => ({ id: pathPart(id) });
  if (kind === 'reason') {
    return {
      list: async (): Promise<Item[]> => (await read(reasons.$get())).reasons,
      create: (json: ReasonCreate) => read(reasons.$post({ json })),
      patch: (id: number, json: ReasonPatch) => read(reasons[':id'].$patch({ param: param(id), json })),
      reorder: (ids: number[]) => read(reasons.order.$put({ json: { ids } })),
      remove: (id: number) => read(reasons[':id'].$delete({ param: param(id) }))
    };
  }
  return {
    list: async (): Promise<Item[]> => (await read(actions.$get())).actions,
    create: (json: ReasonCreate) => read(actions.$post({ json: json as ActionCreate })),
    patch: (id: number, json: ReasonPatch) => read(actions[':id'].$patch({ param: param(id), json: json as ActionPatch })),
    reorder: (ids: number[]) => read(actions.order.$put({ json: { ids } })),
    remove: (id: number) => read(actions[':id'].$delete({ param: param(id) }))
  };
}
