import { api, pathPart, read } from '$lib/api.ts';
import { lineTitle } from '$lib/format.ts';
import type { PageLoad } from './$types';

export type OwnerLine = { id: number; title: string; quantity: number; chosen: number };

/**
 * The form is open to anyone (the law asks for no account). A signed-in shopper gets their name and email
 * filled in and, for an order of theirs named in `?order=`, its lines to choose from; anyone else gets
 * an empty form, never an error.
 */
export const load: PageLoad = async ({ url, fetch }) => {
  const orderNumber = url.searchParams.get('order') ?? '';
  let customer: { firstName: string; email: string };
  try {
    ({ customer } = await read(api.auth.me.$get(undefined, { fetch })));
  } catch {
    return { orderNumber, prefill: null };
  }
  let owner: { order: string; lines: OwnerLine[] } | null = null;
  if (orderNumber) {
    try {
      const { order } = await read(api.orders[':number'].$get({ param: { number: pathPart(orderNumber) } }, { fetch }));
      owner = {
        order: order.number,
        lines: order.lines.map((l) => ({ id: l.id, title: lineTitle(l), quantity: l.quantity, chosen: l.quantity }))
      };
    } catch {
      /* not their order (or none by that number): the statement names it in words */
    }
  }
  return { orderNumber, prefill: { name: customer.firstName, email: customer.email, owner } };
};
